import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Badge } from "@/components/ui/badge";

export interface HeaderUser {
  displayName: string;
  roleSummary: string;
  isAdmin: boolean;
}

export function AppHeader({ user, sandbox }: { user: HeaderUser; sandbox: boolean }) {
  return (
    <header className="border-b bg-background">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
        <Link href="/deployments" className="font-semibold">
          Modelport
        </Link>
        <nav className="flex items-center gap-4 text-sm text-muted-foreground">
          <Link href="/deployments" className="hover:text-foreground">
            Deployments
          </Link>
          <Link href="/tenants" className="hover:text-foreground">
            Tenants
          </Link>
          {user.isAdmin ? (
            <Link href="/audit" className="hover:text-foreground">
              Audit log
            </Link>
          ) : null}
          <Link href="/docs" className="hover:text-foreground">
            API
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {sandbox ? (
            <Badge variant="warning" title="Modelport is talking to its built-in sandbox cluster, not a real one">
              sandbox cluster
            </Badge>
          ) : null}
          <div className="text-right text-sm leading-tight">
            <div className="font-medium">{user.displayName}</div>
            <div className="text-xs text-muted-foreground">{user.roleSummary}</div>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
