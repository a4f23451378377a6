"use client";
// Deleting a weights directory: asks first, and when the API refuses because a deployment loads it (409) or its import
// is still running, shows why; only the in-use refusal can be overridden, with Delete anyway.
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { formatBytes } from "@/components/repository/repository-format";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/sonner";
import { ApiError } from "@/lib/client/api-client";
import type { WeightsDirectory } from "@/lib/schemas/weights";
import { useDeleteWeights } from "./queries";

export function DeleteWeightsDialog({ directory }: { directory: WeightsDirectory }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteWeights(directory.name);
  // A running import is refused even with force; only deployments in the way can be overridden.
  const canForce = remove.error instanceof ApiError && remove.error.status === 409 && directory.version?.status !== "PENDING_REGISTRATION";
  const version = directory.version ? `version ${directory.version.version} of ${directory.model}` : null;

  const run = async (force: boolean) => {
    try {
      const result = await remove.mutateAsync({ force });
      toast.success(result.message);
      setOpen(false);
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) remove.reset();
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Delete ${directory.name}`}>
          <Trash2 />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete the weights of {version ?? directory.model}?</DialogTitle>
          <DialogDescription>
            This frees {formatBytes(directory.bytes)} on the volume by deleting {directory.pvcUrl}. A deployment that loads these files
            cannot start again once they are gone.
            {version ? ` The repository keeps ${version}, marked failed, so it is not deployed from again.` : ""}
          </DialogDescription>
        </DialogHeader>
        {remove.error ? (
          <p
            role="alert"
            data-testid="delete-error"
            className="rounded-md border border-destructive/50 p-3 text-sm break-words text-destructive"
          >
            {remove.error.message}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)} disabled={remove.isPending}>
            Cancel
          </Button>
          {canForce ? (
            <Button variant="destructive" onClick={() => void run(true)} disabled={remove.isPending}>
              Delete anyway
            </Button>
          ) : (
            <Button variant="destructive" onClick={() => void run(false)} disabled={remove.isPending}>
              Delete weights
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
