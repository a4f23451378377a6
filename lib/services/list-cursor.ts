// The opaque `continue` cursor of lists that span several namespaces: which namespace, and the API server's own token there.
import { AppError } from "@/lib/errors";

export function encodeListCursor(namespace: string, continueToken: string | undefined): string {
  return Buffer.from(JSON.stringify({ n: namespace, c: continueToken ?? null })).toString("base64url");
}

export function decodeListCursor(cursor: string | undefined, namespaces: string[]): { index: number; continueToken?: string } {
  if (!cursor) return { index: 0 };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "n" in parsed && typeof parsed.n === "string") {
      const index = namespaces.indexOf(parsed.n);
      const continueToken = "c" in parsed && typeof parsed.c === "string" ? parsed.c : undefined;
      if (index >= 0) return { index, continueToken };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("invalid", "The continue token is not valid for this list", {
    fields: [{ field: "continue", message: "Not a continue token from this list" }],
  });
}
