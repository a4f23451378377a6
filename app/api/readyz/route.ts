import { NextResponse } from "next/server";
import { readinessRoute } from "@/lib/contracts/operations";
import { handlePublicRoute } from "@/lib/http/handler";
import { checkReadiness } from "@/lib/services/readiness";

export const dynamic = "force-dynamic";

export const GET = handlePublicRoute(readinessRoute, async () => {
  const readiness = await checkReadiness();
  return NextResponse.json(readiness, { status: readiness.ready ? 200 : 503 });
});
