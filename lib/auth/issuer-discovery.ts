// The issuer's discovery document (where its keys, introspection and logout live), fetched once per issuer.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/runtime";

const discoverySchema = z.object({
  jwks_uri: z.url().optional(),
  introspection_endpoint: z.url().optional(),
  end_session_endpoint: z.url().optional(),
});

export type IssuerMetadata = z.infer<typeof discoverySchema>;

const DISCOVERY_TIMEOUT_MS = 5_000;

/** Cached per issuer; a failed fetch is not cached, so the next request tries again. */
export function issuerMetadata(issuer: string): Promise<IssuerMetadata> {
  const cache = processSingleton("issuer-discovery", () => new Map<string, Promise<IssuerMetadata>>());
  let pending = cache.get(issuer);
  if (!pending) {
    pending = fetchMetadata(issuer);
    cache.set(issuer, pending);
    pending.catch(() => cache.delete(issuer));
  }
  return pending;
}

async function fetchMetadata(issuer: string): Promise<IssuerMetadata> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
  }).catch(() => undefined);
  if (!response?.ok) throw new AppError("unavailable", `The identity provider at ${issuer} did not answer`);
  const parsed = discoverySchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new AppError("unavailable", `The identity provider at ${issuer} sent a malformed discovery document`);
  return parsed.data;
}
