import { redirect } from "next/navigation";
import { SignInButton } from "@/components/auth/sign-in-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { callerFromSession } from "@/lib/auth/next-auth";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  // A repeated ?callbackUrl= arrives as an array: none of them is trusted then.
  const target = safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : undefined);
  if (await callerFromSession()) redirect(target);
  const { config } = getRuntime();
  const embedded = config.identity === "embedded";
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">Modelport</CardTitle>
          <CardDescription>Deploy and serve models on Kubernetes.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <SignInButton providerName={embedded ? "the development sign-in" : "Keycloak"} callbackUrl={target} />
          {embedded ? (
            <p className="text-sm text-muted-foreground">
              Development users: admin, alice (tenant-a), bob (tenant-b), victor (tenant-a viewer). The password is MODELPORT_DEV_PASSWORD,
              &ldquo;modelport&rdquo; unless set.
            </p>
          ) : null}
        </CardContent>
      </Card>
    </main>
  );
}
