// A Keycloak stand-in for the browser suite: the embedded issuer served on its own port under a Keycloak realm
// path, so Modelport runs with KEYCLOAK_* set exactly as it would against Keycloak.
import { startEmbeddedIssuer } from "@/lib/auth/embedded-issuer";

const port = Number(process.env.STAND_IN_PORT ?? 3190);
const modelportUrl = process.env.MODELPORT_URL ?? "http://localhost:3101";

async function main() {
  const issuer = await startEmbeddedIssuer({
    port,
    host: "127.0.0.1",
    pathPrefix: "/realms/modelport",
    password: process.env.STAND_IN_PASSWORD ?? "kc-password",
    audience: "modelport-kc",
    clients: [
      {
        clientId: "modelport-kc",
        clientSecret: "kc-secret",
        redirectUris: [`${modelportUrl}/api/auth/callback/keycloak`],
        postLogoutRedirectUris: [`${modelportUrl}/`],
      },
    ],
  });
  console.log(`Keycloak stand-in at ${issuer.issuer}`);
}

void main();
