"use client";
// Chat with a deployment through the gateway, from the browser, streaming: the same /v1/chat/completions a client
// calls, signed in by the portal's session. The models are what GET /v1/models lists for you.
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

interface Message {
  role: "user" | "assistant";
  content: string;
}

async function gatewayModels(): Promise<string[]> {
  const response = await fetch("/v1/models", { credentials: "same-origin" });
  const body = (await response.json()) as { data?: Array<{ id: string }>; error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `The gateway answered ${response.status}`);
  return (body.data ?? []).map((model) => model.id);
}

/** The text deltas of an OpenAI stream, as they arrive. */
async function* deltas(response: Response): AsyncGenerator<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    pending += decoder.decode(value, { stream: true });
    const events = pending.split("\n\n");
    pending = events.pop() ?? "";
    for (const event of events) {
      const data = event.replace(/^data: /, "");
      if (data === "[DONE]" || !data.startsWith("{")) continue;
      const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> };
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) yield text;
    }
  }
}

export function PlaygroundClient({ initialModel }: { initialModel?: string }) {
  const models = useQuery({ queryKey: ["gateway", "models"], queryFn: gatewayModels });
  const [model, setModel] = useState(initialModel ?? "");
  const [prompt, setPrompt] = useState("");
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const stop = useRef<AbortController | null>(null);
  const chosen = model || models.data?.[0] || "";

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!chosen || !prompt.trim()) return;
    const history: Message[] = [...messages, { role: "user", content: prompt.trim() }];
    setMessages([...history, { role: "assistant", content: "" }]);
    setPrompt("");
    setError(undefined);
    setBusy(true);
    stop.current = new AbortController();
    try {
      const response = await fetch("/v1/chat/completions", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: chosen, stream: true, messages: history }),
        signal: stop.current.signal,
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? `The gateway answered ${response.status}`);
      }
      let reply = "";
      for await (const text of deltas(response)) {
        reply += text;
        setMessages([...history, { role: "assistant", content: reply }]);
      }
    } catch (failure) {
      if (!(failure instanceof DOMException && failure.name === "AbortError"))
        setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
      stop.current = null;
    }
  };

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Playground</h1>
        <p className="text-sm text-muted-foreground">
          Chat with a deployment of your tenants through the gateway, streamed as it is generated.
        </p>
      </div>
      <FormField label="Model" htmlFor="playground-model">
        <Select value={chosen} onValueChange={setModel} disabled={!models.data?.length}>
          <SelectTrigger id="playground-model" className="w-full sm:w-80">
            <SelectValue placeholder={models.isPending ? "Loading…" : "No model to chat with"} />
          </SelectTrigger>
          <SelectContent>
            {(models.data ?? []).map((id) => (
              <SelectItem key={id} value={id}>
                {id}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      {models.isError ? (
        <p role="alert" className="text-destructive">
          {models.error.message}
        </p>
      ) : null}
      <Card>
        <CardContent className="grid gap-3" aria-live="polite" data-testid="playground-messages">
          {messages.length === 0 ? <p className="text-sm text-muted-foreground">Ask something to start.</p> : null}
          {messages.map((message, index) => (
            <div key={index} className={message.role === "user" ? "justify-self-end rounded-md bg-muted p-2" : "whitespace-pre-wrap"}>
              <span className="sr-only">{message.role}: </span>
              {message.content}
            </div>
          ))}
        </CardContent>
      </Card>
      {error ? (
        <p role="alert" className="text-destructive">
          {error}
        </p>
      ) : null}
      <form onSubmit={send} className="grid gap-2" aria-label="Chat">
        <FormField label="Message" htmlFor="playground-prompt">
          <Textarea id="playground-prompt" value={prompt} onChange={(event) => setPrompt(event.target.value)} rows={3} />
        </FormField>
        <div className="flex gap-2">
          <Button type="submit" disabled={busy || !chosen}>
            Send
          </Button>
          {busy ? (
            <Button type="button" variant="outline" onClick={() => stop.current?.abort()}>
              Stop
            </Button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
