"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// Asked before signing out: the ID token that lets the identity provider end its session without asking is in the
// session cookie, which signing out clears.
async function identityProviderLogoutUrl(): Promise<string | null> {
  try {
    const response = await fetch("/api/auth/logout-url", { cache: "no-store" });
    if (!response.ok) return null;
    const { url } = (await response.json()) as { url?: unknown };
    return typeof url === "string" ? url : null;
  } catch {
    return null;
  }
}

/** Ends the portal session (revoked on the server) and then the identity provider's, so another person can sign in. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function signOutEverywhere() {
    setPending(true);
    const logoutUrl = await identityProviderLogoutUrl();
    try {
      await signOut({ redirect: false });
    } finally {
      window.location.assign(logoutUrl ?? "/signin");
    }
  }

  return (
    <Button variant="ghost" size="sm" disabled={pending} onClick={() => void signOutEverywhere()}>
      <LogOut /> Sign out
    </Button>
  );
}
