"use client";
// Deleting a registered model or one version: asks first, offers to delete the stored files too, and when the API
// refuses because a deployment uses it (409), says which and offers to delete anyway.
import { useState, type ReactElement } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/sonner";
import { ApiError } from "@/lib/client/api-client";
import { useDeleteFromRepository } from "./queries";

export function DeleteFromRepositoryDialog({
  namespace,
  name,
  version,
  trigger,
  onDeleted,
}: {
  namespace: string;
  name: string;
  /** One version; the whole model when absent. */
  version?: string;
  trigger: ReactElement;
  onDeleted?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [deleteArtifacts, setDeleteArtifacts] = useState(false);
  const remove = useDeleteFromRepository(namespace, name, version);
  const inUse = remove.error instanceof ApiError && remove.error.status === 409;
  const what = version === undefined ? `${name} and every version of it` : `version ${version} of ${name}`;

  const run = async (force: boolean) => {
    try {
      const result = await remove.mutateAsync({ deleteArtifacts, force });
      toast.success(result.message);
      setOpen(false);
      onDeleted?.();
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
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{version === undefined ? `Delete model ${name}?` : `Delete version ${version} of ${name}?`}</DialogTitle>
          <DialogDescription>
            This removes {what} from the repository of {namespace}. Its stored files stay unless you tick the box below; a deployment that
            loads them cannot start again once they are gone.
          </DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2">
          <Checkbox
            id="delete-artifacts"
            checked={deleteArtifacts}
            onChange={(event) => setDeleteArtifacts(event.target.checked)}
            disabled={remove.isPending}
          />
          <Label htmlFor="delete-artifacts">Also delete stored files</Label>
        </div>
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
          {inUse ? (
            <Button variant="destructive" onClick={() => void run(true)} disabled={remove.isPending}>
              Delete anyway
            </Button>
          ) : (
            <Button variant="destructive" onClick={() => void run(false)} disabled={remove.isPending}>
              {version === undefined ? "Delete model" : "Delete version"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
