// The identity provider's logout URL for this browser session; the sign-out button asks for it before signing out.
// A static segment, so Next routes it here rather than to next-auth's [...nextauth] catch-all beside it.
import { NextResponse } from "next/server";
import { logoutUrlRoute } from "@/lib/contracts/operations";
import { identityProviderLogoutUrl } from "@/lib/auth/identity-logout";
import { handlePublicRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = handlePublicRoute(logoutUrlRoute, async ({ request }) =>
  NextResponse.json({ url: await identityProviderLogoutUrl(request.cookies) }, { headers: { "cache-control": "no-store" } }),
);
