import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/next-auth";

export const dynamic = "force-dynamic";

// Options come from the runtime (issuer, client, secret), so they are built per request rather than at import.
function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request, context, getAuthOptions());
}

export { handler as GET, handler as POST };
