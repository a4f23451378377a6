// Signing out, Modelport's part: revokes this browser session, then gives the identity provider's logout URL; the
// sign-out button calls it before next-auth clears the cookie. A static segment, so Next routes it here rather than
// to next-auth's [...nextauth] catch-all beside it.
import { NextResponse } from "next/server";
import { signOutBrowserSession } from "@/lib/auth/browser-sign-out";
import { logoutUrlRoute } from "@/lib/contracts/operations";
import { handlePublicRoute, requireSameOrigin } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const POST = handlePublicRoute(logoutUrlRoute, async ({ request }) => {
  // Public (an ended session still gets the URL), so the wrapper does not check the origin: a cross-site form must
  // not be able to sign someone out. Other replicas may accept the session for up to 5 s (their "not revoked" cache).
  requireSameOrigin(request);
  return NextResponse.json({ url: await signOutBrowserSession(request.cookies) }, { headers: { "cache-control": "no-store" } });
});
