import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { Providers } from "@/components/providers";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { describeRoles } from "@/lib/auth/caller";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const caller = await requirePageCaller();
  const sandbox = getRuntime().cluster.kind === "sandbox";
  return (
    <Providers>
      <AppHeader
        user={{ displayName: caller.displayName, roleSummary: describeRoles(caller), isAdmin: caller.isAdmin }}
        sandbox={sandbox}
      />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </Providers>
  );
}
