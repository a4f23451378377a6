import { Badge } from "@/components/ui/badge";
import type { DeploymentStatus } from "@/lib/schemas/deployment";

const LOOK: Record<DeploymentStatus, { label: string; variant: "success" | "warning" | "destructive" | "secondary" | "outline" }> = {
  Ready: { label: "Ready", variant: "success" },
  Loading: { label: "Loading", variant: "warning" },
  Pending: { label: "Pending", variant: "outline" },
  ScaledToZero: { label: "Scaled to zero", variant: "secondary" },
  Failed: { label: "Failed", variant: "destructive" },
};

export function StatusBadge({ status, title }: { status: DeploymentStatus; title?: string | null }) {
  const look = LOOK[status];
  return (
    <Badge variant={look.variant} title={title ?? undefined} data-status={status}>
      {look.label}
    </Badge>
  );
}
