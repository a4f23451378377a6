"use client";
// A secret shown the one time it exists in the clear (a service-account token, an API key): copy it now, it will
// not be shown again.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/sonner";

export function SecretOnce({ label, secret, onDone, testId }: { label: ReactNode; secret: string; onDone: () => void; testId?: string }) {
  return (
    <div role="status" className="grid gap-2 rounded-md border border-warning bg-warning/10 p-3 text-sm">
      <p>{label} Copy it now: it will not be shown again.</p>
      <code className="break-all rounded bg-muted p-2 font-mono text-xs" data-testid={testId}>
        {secret}
      </code>
      <div>
        <Button
          size="sm"
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(secret);
            toast.success("Copied");
          }}
        >
          Copy
        </Button>{" "}
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
