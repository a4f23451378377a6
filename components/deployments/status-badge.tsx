// A deployment's status as a badge, and the reason beside it when something is wrong or waiting.
import { Badge } from "@/components/ui/badge";
import type { DeploymentStatus } from "@/lib/schemas/deployment";

const LOOK: Record<DeploymentStatus, { label: string; variant: "success" | "warning" | "destructive" | "secondary" | "outline" }> = {
  Ready: { label: "Ready", variant: "success" },
  Loading: { label: "Loading", variant: "warning" },
  Pending: { label: "Pending", variant: "outline" },
  ScaledToZero: { label: "Scaled to zero", variant: "secondary" },
  Failed: { label: "Failed", variant: "destructive" },
  Stopped: { label: "Stopped", variant: "outline" },
};

export function StatusBadge({ status, title }: { status: DeploymentStatus; title?: string | null }) {
  const look = LOOK[status];
  return (
    <Badge variant={look.variant} title={title ?? undefined} data-status={status}>
      {look.label}
    </Badge>
  );
}

/** Why a deployment is Failed or Pending, on one truncated line with the whole message on hover. */
export function StatusReason({
  status,
  message,
  className = "",
}: {
  status: DeploymentStatus;
  message: string | null;
  className?: string;
}) {
  if (!message || (status !== "Failed" && status !== "Pending")) return null;
  return (
    <span data-testid="status-reason" className={`min-w-0 truncate text-xs text-muted-foreground ${className}`} title={message}>
      {message}
    </span>
  );
}
