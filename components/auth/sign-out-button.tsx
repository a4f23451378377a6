"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/sonner";

type ServerSignOut = { ok: true; logoutUrl: string | null } | { ok: false; message: string };

// Modelport's own request revokes the session first (next-auth swallows errors in its sign-out event) and returns
// the identity provider's logout URL, whose ID token hint is in the cookie that next-auth then clears.
async function signOutOnServer(): Promise<ServerSignOut> {
  try {
    const response = await fetch("/api/auth/logout-url", { method: "POST", cache: "no-store" });
    const body = (await response.json().catch(() => ({}))) as { url?: unknown; error?: unknown };
    if (!response.ok) {
      return {
        ok: false,
        message: typeof body.error === "string" ? body.error : `Signing out failed (HTTP ${response.status}); try again`,
      };
    }
    return { ok: true, logoutUrl: typeof body.url === "string" ? body.url : null };
  } catch {
    return { ok: false, message: "Signing out failed: Modelport could not be reached; try again" };
  }
}

/** Ends the portal session (revoked on the server) and then the identity provider's, so another person can sign in. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function signOutEverywhere() {
    setPending(true);
    const result = await signOutOnServer();
    if (!result.ok) {
      // Still signed in on the server: saying otherwise would leave a working cookie behind.
      toast.error(result.message);
      setPending(false);
      return;
    }
    try {
      await signOut({ redirect: false });
    } finally {
      window.location.assign(result.logoutUrl ?? "/signin");
    }
  }

  return (
    <Button variant="ghost" size="sm" disabled={pending} onClick={() => void signOutEverywhere()}>
      <LogOut /> Sign out
    </Button>
  );
}
