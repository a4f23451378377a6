// A repository version's status: READY green, pending amber with a spinner, failed red with the reason beside it.
import { LoaderCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ModelVersionView } from "@/lib/schemas/repository";

type VersionStatus = ModelVersionView["status"];

const LOOK: Record<VersionStatus, { label: string; variant: "success" | "warning" | "destructive" }> = {
  READY: { label: "Ready", variant: "success" },
  PENDING_REGISTRATION: { label: "Pending", variant: "warning" },
  FAILED_REGISTRATION: { label: "Failed", variant: "destructive" },
};

export function VersionStatusBadge({ status, message }: { status: VersionStatus; message?: string | null }) {
  const look = LOOK[status];
  return (
    <Badge variant={look.variant} data-status={status} title={message ?? undefined}>
      {status === "PENDING_REGISTRATION" ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
      {look.label}
    </Badge>
  );
}

/** Why a version failed, in words the person can act on (the import job wrote it so). */
export function VersionFailure({ status, message, className = "" }: { status: VersionStatus; message: string | null; className?: string }) {
  if (status !== "FAILED_REGISTRATION" || !message) return null;
  return (
    <p data-testid="version-failure" className={`text-xs break-words text-destructive ${className}`}>
      {message}
    </p>
  );
}
