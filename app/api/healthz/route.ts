import { NextResponse } from "next/server";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export function GET() {
  const { cluster, database, config } = getRuntime();
  return NextResponse.json({ status: "ok", cluster: cluster.kind, database: database.kind, identity: config.identity });
}
