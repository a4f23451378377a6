// Reads a JSON request body under a byte cap: refused from Content-Length before reading, and while reading, so a
// 200 MB upload costs at most the cap in memory and is cut off as soon as it passes it.
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number) =>
  new AppError("payload_too_large", `The request body is larger than ${limit / 1024 / 1024} MiB`, {
    fields: [{ field: "(body)", message: "Too large" }],
  });

/** The body as text, or an error the moment it is known to exceed `limit` bytes. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body parsed as JSON; empty and malformed bodies are 400s that say which (an empty one is `{}` when optional). */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await readBodyText(request, limit);
  if (text.trim() === "" && options.optional) return {};
  if (text.trim() === "") {
    throw new AppError("bad_request", "The request body is empty; send JSON", { fields: [{ field: "(body)", message: "Required" }] });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON", { fields: [{ field: "(body)", message: "Malformed JSON" }] });
  }
}
