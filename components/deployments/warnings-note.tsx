// Advice about a deployment that works but may surprise (the API's `warnings`): shown, never blocking.
import { TriangleAlert, X } from "lucide-react";
import { Button } from "@/components/ui/button";

export function WarningsNote({ warnings, id, onDismiss }: { warnings: string[]; id?: string; onDismiss?: () => void }) {
  if (warnings.length === 0) return null;
  return (
    <div
      id={id}
      role="status"
      data-testid="warnings"
      className="flex items-start gap-2 rounded-md border border-warning bg-warning/10 p-3 text-sm"
    >
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <ul className="grid min-w-0 flex-1 gap-1 break-words">
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
      {onDismiss ? (
        <Button type="button" variant="ghost" size="icon" className="size-6" onClick={onDismiss} aria-label="Dismiss warnings">
          <X />
        </Button>
      ) : null}
    </div>
  );
}
