// Operations and audit routes' contracts: health, readiness, metrics, this API's own document, the audit log.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import { auditEventListSchema, auditQuerySchema } from "@/lib/schemas/audit";

export const listAuditEventsRoute = defineRoute({
  id: "listAuditEvents",
  method: "GET",
  path: "/api/v1/audit",
  summary: "The audit log, newest first (admins)",
  tag: "Audit",
  permission: "admin",
  query: auditQuerySchema,
  success: { status: 200, description: "Audit events", schema: auditEventListSchema },
  errors: [401, 403, 422],
});

export const openApiRoute = defineRoute({
  id: "getOpenApiDocument",
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This document",
  tag: "Operations",
  permission: "public",
  success: { status: 200, description: "OpenAPI 3.1", schema: z.record(z.string(), z.unknown()) },
  errors: [],
});

export const healthRoute = defineRoute({
  id: "getHealth",
  method: "GET",
  path: "/api/healthz",
  summary: "Liveness, with the active backends",
  tag: "Operations",
  permission: "public",
  success: {
    status: 200,
    description: "Healthy",
    schema: z.object({ status: z.literal("ok"), cluster: z.string(), database: z.string(), identity: z.string() }),
  },
  errors: [],
  quiet: true,
});

export const readinessRoute = defineRoute({
  id: "getReadiness",
  method: "GET",
  path: "/api/readyz",
  summary:
    "Readiness: database and Kubernetes API reachable, each within 3 seconds (503 when not, naming which check fails); " +
    "503 with checks.shutdown once the server has begun to shut down",
  tag: "Operations",
  permission: "public",
  success: {
    status: 200,
    description: "Ready",
    schema: z.object({ ready: z.boolean(), checks: z.record(z.string(), z.string()) }),
  },
  errors: [503],
  quiet: true,
});

export const metricsRoute = defineRoute({
  id: "getMetrics",
  method: "GET",
  path: "/metrics",
  summary: "Prometheus metrics (text format); needs Authorization: Bearer $METRICS_TOKEN when that is set",
  tag: "Operations",
  permission: "public",
  success: { status: 200, description: "text/plain; version=0.0.4", contentType: "text/plain" },
  errors: [401],
  quiet: true,
});

export const logoutUrlRoute = defineRoute({
  id: "revokeBrowserSession",
  method: "POST",
  path: "/api/auth/logout-url",
  summary: "Revoke this browser session and return the identity provider's logout URL",
  tag: "Session",
  // The session cookie, when there is one, is what gets revoked; an ended or missing session still gets the URL.
  permission: "public",
  success: {
    status: 200,
    description: "Where to send the browser after signing out (RP-initiated logout); null when the issuer offers none",
    schema: z.object({ url: z.string().nullable() }),
  },
  errors: [403, 503],
});
