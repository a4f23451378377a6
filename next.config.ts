import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/server/security-headers";

const nextConfig: NextConfig = {
  // Loaded by Node, not bundled: PGlite fails under webpack, and the Kubernetes client and OIDC provider are server-only.
  serverExternalPackages: ["@electric-sql/pglite", "@kubernetes/client-node", "oidc-provider", "postgres", "prom-client"],
  poweredByHeader: false,
  // The build checks the application only; `npm test` type-checks tests too, so a test typo cannot stop `npm start`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  // The same headers the custom server puts on what it serves outside Next (the embedded issuer).
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
