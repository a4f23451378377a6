// How full the weights volume is: a bar with used, free and total, red with the API's warning above the threshold.
import { ProgressBar } from "@/components/repository/progress-bar";
import { formatBytes } from "@/components/repository/repository-format";
import type { WeightsUsage } from "@/lib/schemas/weights";

export function UsageBar({ usage }: { usage: WeightsUsage }) {
  const percent = Math.min(100, Math.round(usage.usedFraction * 100));
  const summary = `${formatBytes(usage.usedBytes)} used of ${formatBytes(usage.totalBytes)} (${percent}%), ${formatBytes(usage.freeBytes)} free`;
  return (
    <section aria-label="Volume usage" className="grid gap-2 rounded-md border p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">Volume {usage.pvcName}</span>
        <span data-testid="usage-summary" className="text-muted-foreground">
          {summary}
        </span>
      </div>
      <ProgressBar
        label={`Volume ${usage.pvcName} in use`}
        percent={percent}
        valueText={summary}
        testId="usage-bar"
        tone={usage.warning ? "destructive" : "default"}
      />
      <div className="text-xs text-muted-foreground">Alert threshold {Number((usage.threshold * 100).toFixed(2))}%</div>
      {usage.warning ? (
        <p role="alert" data-testid="usage-warning" className="text-sm break-words text-destructive">
          {usage.warning}
        </p>
      ) : null}
    </section>
  );
}
