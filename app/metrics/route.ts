import { metricsRoute } from "@/lib/contracts/operations";
import { bearerTokenOf } from "@/lib/auth/bearer";
import { secretsMatch } from "@/lib/auth/secret-tokens";
import { AppError } from "@/lib/errors";
import { handlePublicRoute } from "@/lib/http/handler";
import { getMetrics } from "@/lib/observability/metrics";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// Public unless METRICS_TOKEN is set; then Prometheus sends it as a bearer token (authorization.credentials).
export const GET = handlePublicRoute(metricsRoute, async ({ request }) => {
  const expected = getRuntime().config.METRICS_TOKEN;
  if (expected) {
    const presented = bearerTokenOf(request.headers.get("authorization"));
    if (!presented || !secretsMatch(presented, expected))
      throw new AppError("unauthenticated", "Send METRICS_TOKEN as Authorization: Bearer <token>");
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
