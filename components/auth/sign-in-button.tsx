"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignInButton({ providerName, callbackUrl }: { providerName: string; callbackUrl: string }) {
  return (
    <Button className="w-full" onClick={() => void signIn("keycloak", { callbackUrl })}>
      Sign in with {providerName}
    </Button>
  );
}
