// What a tenant holds against its quota: a meter per limit (GPUs first), used of hard and what is left, red when full.
import { ProgressBar } from "@/components/repository/progress-bar";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { parseQuantity } from "@/lib/schemas/quantity";
import type { QuotaResource, TenantQuota } from "@/lib/schemas/quota";

const isAccelerator = (resource: QuotaResource) => resource.label.includes("/");

/** Whole percent of the limit in use; a limit of 0 is full as soon as anything would need it. */
function percentUsed(resource: QuotaResource): number {
  const hard = parseQuantity(resource.hard);
  const used = parseQuantity(resource.used);
  if (hard <= 0) return 100;
  return Math.min(100, Math.round((used / hard) * 100));
}

function QuotaMeter({ resource }: { resource: QuotaResource }) {
  const percent = percentUsed(resource);
  const full = parseQuantity(resource.remaining) <= 0;
  const summary = `${resource.used} of ${resource.hard} used, ${resource.remaining} left`;
  return (
    <div className="grid gap-1.5" data-testid={`quota-meter-${resource.label}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium break-all">{resource.label}</span>
        <span className={full ? "text-destructive" : "text-muted-foreground"} data-testid="quota-meter-summary">
          {summary}
        </span>
      </div>
      <ProgressBar
        label={`${resource.label} used of the quota`}
        percent={percent}
        valueText={summary}
        testId={`quota-bar-${resource.label}`}
        tone={full ? "destructive" : "default"}
      />
    </div>
  );
}

export function QuotaUsageCard({ quota, isPending }: { quota: TenantQuota | undefined; isPending: boolean }) {
  const resources = [...(quota?.resources ?? [])].sort(
    (a, b) => Number(isAccelerator(b)) - Number(isAccelerator(a)) || a.label.localeCompare(b.label),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Quota use</CardTitle>
        <CardDescription>
          What the tenant&apos;s pods and deployments hold against its limits (a ResourceQuota the cluster enforces).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4" data-testid="quota-usage">
        {resources.length > 0 ? (
          resources.map((resource) => <QuotaMeter key={resource.key} resource={resource} />)
        ) : isPending ? null : (
          <p className="text-sm text-muted-foreground">No limits: the tenant may use whatever the cluster has free.</p>
        )}
      </CardContent>
    </Card>
  );
}
