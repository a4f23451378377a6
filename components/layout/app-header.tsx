// The portal's header, in two rows at every width: brand, sandbox badge and the user (one truncated line each) above,
// the navigation (scrolling sideways if it must, on a phone) and sign-out below. One row could not hold an admin's
// links beside the user at desktop widths.
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Badge } from "@/components/ui/badge";

export interface HeaderUser {
  displayName: string;
  roleSummary: string;
  isAdmin: boolean;
}

const LINK = "whitespace-nowrap hover:text-foreground";

export function AppHeader({ user, sandbox }: { user: HeaderUser; sandbox: boolean }) {
  return (
    <header className="border-b bg-background">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 sm:px-6">
        <Link href="/deployments" className="font-semibold">
          Modelport
        </Link>
        <nav
          aria-label="Main"
          className="order-4 flex min-w-0 grow basis-0 items-center gap-4 overflow-x-auto text-sm text-muted-foreground"
        >
          <Link href="/deployments/easy" className={LINK}>
            Easy setup
          </Link>
          <Link href="/deployments" className={LINK}>
            Deployments
          </Link>
          <Link href="/published" className={LINK}>
            Published
          </Link>
          <Link href="/playground" className={LINK}>
            Playground
          </Link>
          <Link href="/repository" className={LINK}>
            Repository
          </Link>
          <Link href="/imports" className={LINK}>
            Imports
          </Link>
          <Link href="/hub" className={LINK}>
            Hub
          </Link>
          <Link href="/storage" className={LINK}>
            Storage
          </Link>
          <Link href="/tenants" className={LINK}>
            Tenants
          </Link>
          {user.isAdmin ? (
            <>
              <Link href="/presets" className={LINK}>
                Presets
              </Link>
              <Link href="/audit" className={LINK}>
                Audit log
              </Link>
              <Link href="/cluster" className={LINK}>
                Cluster
              </Link>
            </>
          ) : null}
          <Link href="/docs" className={LINK}>
            API
          </Link>
        </nav>
        {sandbox ? (
          <Badge variant="warning" title="Modelport is talking to its built-in sandbox cluster, not a real one">
            sandbox cluster
          </Badge>
        ) : null}
        <div className="min-w-0 grow basis-0 text-right text-sm leading-tight">
          <div data-testid="user-name" className="truncate font-medium" title={user.displayName}>
            {user.displayName}
          </div>
          <div className="truncate text-xs text-muted-foreground" title={user.roleSummary}>
            {user.roleSummary}
          </div>
        </div>
        {/* Ends the first row. */}
        <div aria-hidden="true" className="order-3 h-0 basis-full" />
        <div className="order-5">
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
