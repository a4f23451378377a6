# syntax=docker/dockerfile:1
# Modelport's image: `next build` and the custom server (scripts/build-server.mjs) built in one stage, production
# dependencies installed in another, and a runtime stage holding only what `node dist/server.mjs` reads, run as a
# non-root user. Build from the repository's root:  docker build -t modelport:0.1.0 .
ARG NODE_IMAGE=node:20-bookworm-slim

# Every dependency: the build needs Next, TypeScript, esbuild and Tailwind.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# `npm run build` without its ESLint step (linting belongs to CI, not to every image build).
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# .next/cache only speeds up the next build; the server recreates what it needs there.
RUN node node_modules/next/dist/bin/next build && node scripts/build-server.mjs && rm -rf .next/cache

# Runtime dependencies only (dist/server.mjs leaves every package external; all of them are in "dependencies").
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# The same settings scripts/start.mjs gives the server; HOSTNAME=0.0.0.0 because Docker sets HOSTNAME to the container
# id, which Modelport ignores (it would listen on 127.0.0.1 with the development users). MODELPORT_DATA_DIR is the one
# directory the server writes to (PGlite, the sandbox and the embedded issuer's keys, when those are used).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    MODELPORT_DATA_DIR=/var/lib/modelport
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
# Next loads next.config.ts again when the server starts (it imports lib/server/security-headers.ts; tsconfig.json gives
# the path aliases), and serves the build from .next.
COPY next.config.ts tsconfig.json ./
COPY lib/server/security-headers.ts ./lib/server/security-headers.ts
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist/server.mjs /app/dist/server.mjs.map ./dist/
# Files read through process.cwd() at run time: migrations (db/client.ts), the bundled catalogs and GPU facts
# (lib/k8s/catalog), and the CRDs the sandbox cluster serves when no real cluster is configured (`docker run` to try it).
COPY db/migrations ./db/migrations
COPY lib/k8s/catalog ./lib/k8s/catalog
COPY chart/files/crds ./chart/files/crds
# The image's `node` user (uid 1000), by number so Kubernetes' runAsNonRoot can check it.
RUN mkdir -p /var/lib/modelport .next/cache && chown 1000:1000 /var/lib/modelport .next/cache
USER 1000:1000
EXPOSE 3000
VOLUME ["/var/lib/modelport"]
# Liveness only (/api/readyz also checks the database and the cluster); Kubernetes uses the chart's probes instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The custom server itself, not `npm start`: no npm or shell in between to swallow SIGTERM, and no rebuild check.
ENTRYPOINT ["node", "dist/server.mjs"]
