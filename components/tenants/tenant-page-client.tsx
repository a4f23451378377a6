"use client";
// One tenant's page: its quota use (and, for admins, the quota editor), deployments, members, service accounts and,
// for admins, its recent audit entries. Members and viewers see everything but the editor and the audit entries.
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import type { Tenant } from "@/lib/schemas/tenant";
import { useTenantQuota } from "./queries";
import { QuotaEditorCard } from "./quota-editor";
import { QuotaUsageCard } from "./quota-usage";
import { ServiceAccountsCard } from "./service-accounts-card";
import { TenantAuditCard } from "./tenant-audit-card";
import { TenantDeploymentsCard } from "./tenant-deployments-card";
import { TenantMembersCard } from "./tenant-members-card";

function QuotaSection({ tenant, isAdmin }: { tenant: string; isAdmin: boolean }) {
  const quota = useTenantQuota(tenant);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {quota.isError ? (
        <p role="alert" className="text-destructive lg:col-span-2">
          {quota.error.message}
        </p>
      ) : null}
      <QuotaUsageCard quota={quota.data} isPending={quota.isPending} />
      {isAdmin ? (
        // Taken from the quota once read: the editor's draft starts from the limits as they are.
        quota.data ? (
          <QuotaEditorCard tenant={tenant} quota={quota.data} />
        ) : (
          <Skeleton className="h-64" />
        )
      ) : null}
    </div>
  );
}

export function TenantPageClient({ tenant, isAdmin, canManage }: { tenant: Tenant; isAdmin: boolean; canManage: boolean }) {
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="min-w-0">
        <p className="truncate text-sm text-muted-foreground">
          <Link href="/tenants" className="hover:underline">
            Tenants
          </Link>{" "}
          / {tenant.name}
        </p>
        <h1 className="text-2xl font-semibold break-all">{tenant.displayName}</h1>
        <p className="text-sm text-muted-foreground">
          Namespace {tenant.name} · your role: {tenant.role} · created by {tenant.createdBy}
        </p>
      </div>
      <QuotaSection tenant={tenant.name} isAdmin={isAdmin} />
      <TenantDeploymentsCard tenant={tenant.name} />
      <TenantMembersCard tenant={tenant.name} />
      {canManage ? (
        <ServiceAccountsCard tenant={tenant.name} />
      ) : (
        <p className="text-sm text-muted-foreground">Service accounts of {tenant.name} are for its members to see and manage.</p>
      )}
      {isAdmin ? <TenantAuditCard tenant={tenant.name} /> : null}
    </div>
  );
}
