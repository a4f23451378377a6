// Tells portal pages which path was asked for, so signing in can bring the person back to it.
import { NextResponse, type NextRequest } from "next/server";

const REQUESTED_PATH_HEADER = "x-modelport-requested-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: [
    "/deployments/:path*",
    "/repository/:path*",
    "/imports/:path*",
    "/hub/:path*",
    "/storage",
    "/presets",
    "/tenants/:path*",
    "/audit",
    "/cluster",
    "/docs",
  ],
};
