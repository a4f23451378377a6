// One audit event's effect: the fields it added, removed or changed (old → new), or why there is nothing to show.
import { Badge } from "@/components/ui/badge";
import { diffObjects, formatDiffValue, type ChangeKind, type FieldChange } from "@/lib/client/audit-diff";
import { cn } from "@/lib/cn";
import type { AuditEvent, AuditOutcome } from "@/lib/schemas/audit";

/** Fields to show for an event: a settled change's diff; nothing for one that failed or whose outcome is unknown. */
export function changesOf(event: AuditEvent): FieldChange[] {
  return event.outcome === "succeeded" ? diffObjects(event.before, event.after) : [];
}

const OUTCOME_BADGE: Record<AuditOutcome, { label: string; variant: "success" | "destructive" | "warning" }> = {
  succeeded: { label: "succeeded", variant: "success" },
  failed: { label: "failed", variant: "destructive" },
  pending: { label: "pending", variant: "warning" },
};

export function AuditOutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { label, variant } = OUTCOME_BADGE[outcome];
  return <Badge variant={variant}>{label}</Badge>;
}

export function AuditEventChanges({ event }: { event: AuditEvent }) {
  if (event.outcome === "failed") {
    return <p className="text-sm text-destructive">The change failed: {event.error ?? "no reason was recorded"}</p>;
  }
  if (event.outcome === "pending") {
    return (
      <p className="text-sm text-muted-foreground">
        The change was asked for, but its outcome was not recorded (still running, or the server stopped). Check the object itself.
      </p>
    );
  }
  const changes = changesOf(event);
  if (changes.length === 0) return <p className="text-sm text-muted-foreground">No field changed.</p>;
  return (
    <ul className="grid gap-1 font-mono text-xs" aria-label={`Changes to ${event.resourceKind} ${event.resourceName}`}>
      {changes.map((change) => (
        <ChangeRow key={`${change.kind}:${change.path}`} change={change} />
      ))}
    </ul>
  );
}

const KIND_MARK: Record<ChangeKind, string> = { added: "+", removed: "−", changed: "~" };

function ChangeRow({ change }: { change: FieldChange }) {
  return (
    <li className="grid grid-cols-[1rem_minmax(8rem,16rem)_1fr] items-baseline gap-2 rounded px-1 py-0.5 hover:bg-muted/50">
      <span aria-label={change.kind} className={cn("text-center font-semibold", markColour(change.kind))}>
        {KIND_MARK[change.kind]}
      </span>
      <span className="break-all text-muted-foreground">{change.path}</span>
      <span className="flex min-w-0 flex-wrap items-baseline gap-1">
        {change.kind !== "added" ? <OldValue value={change.before} /> : null}
        {change.kind === "changed" ? (
          <span aria-hidden className="text-muted-foreground">
            →
          </span>
        ) : null}
        {change.kind !== "removed" ? <NewValue value={change.after} /> : null}
      </span>
    </li>
  );
}

function OldValue({ value }: { value: unknown }) {
  return <del className="break-all rounded bg-destructive/10 px-1 text-destructive">{formatDiffValue(value)}</del>;
}

function NewValue({ value }: { value: unknown }) {
  return <ins className="break-all rounded bg-success/10 px-1 text-success no-underline">{formatDiffValue(value)}</ins>;
}

function markColour(kind: ChangeKind): string {
  switch (kind) {
    case "added":
      return "text-success";
    case "removed":
      return "text-destructive";
    case "changed":
      return "text-warning";
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
}
