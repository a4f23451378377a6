"use client";
// "How to call it": the deployment's OpenAI endpoint and model name, with a curl command per feature it serves.
import { Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/sonner";
import { callExamples } from "@/lib/client/call-example";
import type { Deployment } from "@/lib/schemas/deployment";

function copy(text: string, what: string) {
  // The Clipboard API exists only in secure contexts (https or localhost).
  if (!navigator.clipboard) {
    toast.error("The browser does not allow copying here; select the text instead");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => toast.success(`${what} copied`),
    () => toast.error(`Could not copy the ${what.toLowerCase()}`),
  );
}

function CopyButton({ text, what }: { text: string; what: string }) {
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      className="size-7 shrink-0"
      aria-label={`Copy ${what.toLowerCase()}`}
      onClick={() => copy(text, what)}
    >
      <Copy />
    </Button>
  );
}

export function CallExampleCard({ deployment }: { deployment: Pick<Deployment, "name" | "endpoint" | "features"> }) {
  const examples = callExamples(deployment);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">How to call it</CardTitle>
        <CardDescription>
          KubeAI serves it on its OpenAI-compatible API inside the cluster; the model name is the deployment&apos;s name.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4">
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-[auto_minmax(0,1fr)] sm:items-center sm:gap-x-4">
          <dt className="text-xs uppercase tracking-wide text-muted-foreground">OpenAI endpoint</dt>
          <dd className="flex min-w-0 items-center gap-1">
            <code data-testid="openai-endpoint" className="min-w-0 break-all font-mono text-xs">
              {deployment.endpoint}
            </code>
            <CopyButton text={deployment.endpoint} what="Endpoint" />
          </dd>
          <dt className="text-xs uppercase tracking-wide text-muted-foreground">Model</dt>
          <dd className="flex min-w-0 items-center gap-1">
            <code data-testid="openai-model" className="min-w-0 break-all font-mono text-xs">
              {deployment.name}
            </code>
            <CopyButton text={deployment.name} what="Model name" />
          </dd>
        </dl>
        {examples.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            KubeAI has no OpenAI route for {deployment.features.join(", ")}; call the engine&apos;s own API.
          </p>
        ) : (
          examples.map((example) => (
            <div key={example.feature} className="grid min-w-0 gap-1">
              <div className="flex items-center gap-2">
                <h3 className="text-sm font-medium">
                  {example.feature}: <span className="font-mono text-xs">{example.path}</span>
                </h3>
                <CopyButton text={example.curl} what="Command" />
              </div>
              <pre aria-label={`curl example for ${example.path}`} className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">
                {example.curl}
              </pre>
            </div>
          ))
        )}
      </CardContent>
    </Card>
  );
}
