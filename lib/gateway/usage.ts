// What a model server says a request used, read from its answer as it passes: the `usage` of a JSON answer, or of
// the last chunk of a stream (OpenAI's `stream_options.include_usage`). When the gateway asked for that chunk on the
// client's behalf, it is taken out of the stream before the client sees it.
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

const MAX_JSON_BYTES = 8 * 1024 * 1024;

function usageOf(value: unknown): Usage | null {
  const usage = (value as { usage?: Record<string, unknown> } | null)?.usage;
  if (!usage || typeof usage !== "object") return null;
  const prompt = Number(usage.prompt_tokens ?? 0);
  const completion = Number(usage.completion_tokens ?? 0);
  const total = Number(usage.total_tokens ?? prompt + completion);
  return Number.isFinite(total) ? { promptTokens: prompt, completionTokens: completion, totalTokens: total } : null;
}

/** Reads `usage` from a JSON answer (kept up to 8 MiB; a larger one is not metered from its body). */
export class JsonUsageReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Buffer {
    this.size += chunk.length;
    if (this.size <= MAX_JSON_BYTES) this.chunks.push(chunk);
    return chunk;
  }

  result(): Usage | null {
    if (this.size > MAX_JSON_BYTES) return null;
    try {
      const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
      return usageOf(JSON.parse(body.toString("utf8")));
    } catch {
      return null;
    }
  }
}

/**
 * Reads a server-sent event stream event by event. Events pass on as soon as they are complete; with `strip`, the
 * usage-only chunk (no choices, a usage) is held back. Counts what was sent, for an estimate when no usage arrives.
 */
export class StreamUsageReader {
  private pending = "";
  private usage: Usage | null = null;
  /** Characters of generated text sent to the client, for an estimate. */
  sentCharacters = 0;

  constructor(private readonly strip: boolean) {}

  push(chunk: Buffer): Buffer {
    this.pending += chunk.toString("utf8");
    const end = this.pending.lastIndexOf("\n\n");
    if (end < 0) return this.strip ? Buffer.alloc(0) : chunk;
    const complete = this.pending.slice(0, end + 2);
    this.pending = this.pending.slice(end + 2);
    let out = "";
    for (const event of complete.split(/\n\n/)) {
      if (event === "") continue;
      if (this.read(event) && this.strip) continue;
      out += `${event}\n\n`;
    }
    // Untouched streams pass on as they came, chunk by chunk.
    return this.strip ? Buffer.from(out, "utf8") : chunk;
  }

  /** What is left when the stream ends (an event without its blank line). */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = "";
    if (rest === "" || (this.read(rest) && this.strip) || !this.strip) return Buffer.alloc(0);
    return Buffer.from(rest, "utf8");
  }

  /** Notes the event's usage or text; true for a usage-only chunk. */
  private read(event: string): boolean {
    const data = event
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (!data.startsWith("{")) return false;
    let value: { choices?: Array<{ delta?: { content?: string }; text?: string }>; usage?: unknown };
    try {
      value = JSON.parse(data);
    } catch {
      return false;
    }
    for (const choice of value.choices ?? []) this.sentCharacters += (choice.delta?.content ?? choice.text ?? "").length;
    const usage = usageOf(value);
    if (usage) this.usage = usage;
    return usage !== null && (value.choices ?? []).length === 0;
  }

  result(): Usage | null {
    return this.usage;
  }
}

/** About four characters a token: what an abandoned stream without usage is counted as (marked estimated). */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}
