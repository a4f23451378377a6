// The opaque `continue` cursor of lists that span several namespaces and kinds: which namespace, which kind in it,
// the API server's own token for the page there, and how many of that page's items were already returned (a page may
// be cut short by size).
import { AppError } from "@/lib/errors";

export interface ListPosition {
  index: number;
  /** Which kind within the namespace (an index into the list's kinds); 0 for cursors made before there were two. */
  kind: number;
  continueToken?: string;
  skip: number;
}

export function encodeListCursor(namespace: string, kind: number, continueToken: string | undefined, skip = 0): string {
  return Buffer.from(JSON.stringify({ n: namespace, k: kind, c: continueToken ?? null, s: skip })).toString("base64url");
}

export function decodeListCursor(cursor: string | undefined, namespaces: string[], kinds: number): ListPosition {
  if (!cursor) return { index: 0, kind: 0, skip: 0 };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "n" in parsed && typeof parsed.n === "string") {
      const index = namespaces.indexOf(parsed.n);
      const continueToken = "c" in parsed && typeof parsed.c === "string" ? parsed.c : undefined;
      const skip = "s" in parsed && Number.isSafeInteger(parsed.s) && (parsed.s as number) >= 0 ? (parsed.s as number) : 0;
      const kind = "k" in parsed ? parsed.k : 0;
      if (index >= 0 && Number.isSafeInteger(kind) && (kind as number) >= 0 && (kind as number) < kinds) {
        return { index, kind: kind as number, continueToken, skip };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("invalid", "The continue token is not valid for this list", {
    fields: [{ field: "continue", message: "Not a continue token from this list" }],
  });
}
