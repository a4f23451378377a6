// A background job's state as a badge: running amber with a spinner, succeeded green, failed red.
import { LoaderCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { JobState } from "./queries";

const LOOK: Record<JobState, { label: string; variant: "success" | "warning" | "destructive" | "secondary" | "outline" }> = {
  queued: { label: "Queued", variant: "outline" },
  running: { label: "Running", variant: "warning" },
  succeeded: { label: "Succeeded", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  cancelled: { label: "Cancelled", variant: "secondary" },
};

export function JobStateBadge({ state }: { state: JobState }) {
  const look = LOOK[state];
  return (
    <Badge variant={look.variant} data-state={state}>
      {state === "running" ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
      {look.label}
    </Badge>
  );
}
