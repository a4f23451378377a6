// RP-initiated logout: where the browser goes after signing out so the identity provider's session ends too.
import { getRuntime } from "@/lib/runtime";
import { issuerMetadata } from "./issuer-discovery";

/**
 * The issuer's `end_session_endpoint` with this client, the portal's root as `post_logout_redirect_uri`, and — when
 * given (only for a session that was live) — the ID token as `id_token_hint`, which lets Keycloak and the embedded
 * issuer sign out without asking. Null when the issuer offers no RP-initiated logout.
 */
export async function identityProviderLogoutUrl(idTokenHint: string | undefined): Promise<string | null> {
  const { config } = getRuntime();
  const { end_session_endpoint: endpoint } = await issuerMetadata(config.issuer);
  if (!endpoint) return null;
  const url = new URL(endpoint);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("post_logout_redirect_uri", `${config.publicUrl}/`);
  if (idTokenHint) url.searchParams.set("id_token_hint", idTokenHint);
  return url.toString();
}
