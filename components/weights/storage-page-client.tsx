"use client";
// The Storage page: how full the weights volume is (with the warning above PVC_ALERT_THRESHOLD) and every imported
// version's directory on it. With an S3 artifact store it says that nothing is cached on a PVC.
import { Skeleton } from "@/components/ui/skeleton";
import { useWeights, useWeightsUsage } from "./queries";
import { UsageBar } from "./usage-bar";
import { WeightsTable } from "./weights-table";

function Loading() {
  return (
    <div className="grid gap-2">
      {[0, 1, 2].map((row) => (
        <Skeleton key={row} className="h-10" />
      ))}
    </div>
  );
}

function Failure({ what, message }: { what: string; message: string }) {
  return (
    <p role="alert" className="text-destructive">
      Could not load {what}: {message}
    </p>
  );
}

/** Rendered only for a PVC store. */
function Usage() {
  const usage = useWeightsUsage();
  if (usage.isPending) return <Skeleton className="h-24" />;
  if (usage.isError) return <Failure what="the volume's usage" message={usage.error.message} />;
  return <UsageBar usage={usage.data} />;
}

export function StoragePageClient({ manageable, isAdmin }: { manageable: string[]; isAdmin: boolean }) {
  const list = useWeights();
  return (
    <div className="grid grid-cols-1 gap-4">
      <h1 className="text-2xl font-semibold">Storage</h1>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure what="the weights cache" message={list.error.message} />
      ) : list.data.store === "s3" ? (
        <p data-testid="weights-note" className="text-muted-foreground">
          {list.data.note}
        </p>
      ) : (
        <>
          <Usage />
          {list.data.items.length === 0 ? (
            <p className="rounded-md border border-dashed p-10 text-center text-muted-foreground">
              No imported weights on the volume yet. Imports keep each version&apos;s files here.
            </p>
          ) : (
            <WeightsTable directories={list.data.items} manageable={manageable} isAdmin={isAdmin} />
          )}
        </>
      )}
    </div>
  );
}
