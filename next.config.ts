import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by Node, not bundled: PGlite fails under webpack, and the Kubernetes client and OIDC provider are server-only.
  serverExternalPackages: ["@electric-sql/pglite", "@kubernetes/client-node", "oidc-provider", "postgres", "prom-client"],
  poweredByHeader: false,
  // The build checks the application only; `npm test` type-checks tests too, so a test typo cannot stop `npm start`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
