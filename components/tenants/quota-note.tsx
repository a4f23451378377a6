"use client";
// What the tenant's quota has left, beside the resource-profile picker, and whether the choice would pass it (the
// wording is lib/client/quota-note's). The form around the picker says which tenant and what the choice would run
// through <QuotaNoteScope>; the picker (components/deployments/resource-profile-select) shows <ScopedQuotaNote/>,
// so the create forms' steps and the edit dialogs need not pass it down. Advice only: the server's 422 decides.
import { CircleAlert, Gauge } from "lucide-react";
import { createContext, useContext, type ReactNode } from "react";
import { quotaNoteOf, type QuotaNeed } from "@/lib/client/quota-note";
import { cn } from "@/lib/cn";
import { useResourceProfileInfo, useTenantQuota } from "./queries";

export interface QuotaNoteSubject {
  tenant: string;
  need: QuotaNeed;
}

const QuotaNoteContext = createContext<QuotaNoteSubject | null>(null);

export function QuotaNoteScope({ subject, children }: { subject: QuotaNoteSubject; children: ReactNode }) {
  return <QuotaNoteContext.Provider value={subject}>{children}</QuotaNoteContext.Provider>;
}

/** The note for the form this picker sits in; nothing outside a scope. */
export function ScopedQuotaNote({ id }: { id?: string }) {
  const subject = useContext(QuotaNoteContext);
  return subject ? <QuotaNote id={id} tenant={subject.tenant} need={subject.need} /> : null;
}

export function QuotaNote({ tenant, need, id }: QuotaNoteSubject & { id?: string }) {
  const quota = useTenantQuota(tenant);
  const limitsGpus = Boolean(quota.data?.resources.some((resource) => resource.label.includes("/")));
  const profiles = useResourceProfileInfo(limitsGpus);
  // A tenant without a quota, one the caller cannot read, or a failed read: no note (the server still checks).
  if (!quota.data) return null;
  const note = quotaNoteOf(tenant, quota.data, need, profiles.data?.items ?? []);
  if (!note) return null;
  const over = note.problems.length > 0;
  const Icon = over ? CircleAlert : Gauge;
  return (
    <div
      id={id}
      role="status"
      data-testid="quota-note"
      data-over-quota={over}
      className={cn("flex items-start gap-2 text-sm", over ? "text-destructive" : "text-muted-foreground")}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p className="min-w-0 break-words">
        {note.summary}
        {over ? <> — over the quota: {note.problems.join("; ")}</> : null}
      </p>
    </div>
  );
}
