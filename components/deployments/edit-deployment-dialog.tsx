"use client";
// Edit a deployment's scaling, profile, args and env; the server re-validates the whole Model before applying.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/sonner";
import { ApiError } from "@/lib/client/api-client";
import { draftOf, patchFromDraft, type EditDraft } from "@/lib/client/deployment-edit";
import type { Deployment } from "@/lib/schemas/deployment";
import { useUpdateDeployment } from "./queries";

export function EditDeploymentDialog({ deployment }: { deployment: Deployment }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<EditDraft>(() => draftOf(deployment));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useUpdateDeployment(deployment.namespace, deployment.name);

  const field = (key: keyof EditDraft, label: string, hint?: string) => (
    <FormField label={label} htmlFor={`edit-${key}`} error={errors[key]} hint={hint}>
      {key === "args" || key === "env" ? (
        <Textarea id={`edit-${key}`} rows={3} className="font-mono text-xs" value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
      ) : (
        <Input id={`edit-${key}`} value={draft[key]} aria-invalid={errors[key] ? true : undefined} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
      )}
    </FormField>
  );

  const save = async () => {
    const { patch, errors: found } = patchFromDraft(deployment, draft);
    setErrors(found);
    if (!patch) {
      toast.error("Please fix the highlighted fields");
      return;
    }
    try {
      await update.mutateAsync(patch);
      toast.success(`Deployment ${deployment.name} updated`);
      setOpen(false);
    } catch (error) {
      // Key server errors by their top field (env.FOO → env) so each shows next to its input.
      if (error instanceof ApiError) setErrors(Object.fromEntries(error.fields.map((problem) => [problem.field.replace(/^spec\./, "").split(".")[0], problem.message])));
      toast.error(error instanceof Error ? error.message : "Update failed");
    }
  };

  return (
    <Dialog open={open} onOpenChange={(next) => { setOpen(next); if (next) { setDraft(draftOf(deployment)); setErrors({}); } }}>
      <DialogTrigger asChild>
        <Button variant="outline">Edit</Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {deployment.name}</DialogTitle>
          <DialogDescription>Scaling, resource profile, arguments and environment. Empty replicas lets KubeAI autoscale.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-4 sm:grid-cols-3">
          {field("replicas", "Replicas")}
          {field("minReplicas", "Min replicas")}
          {field("maxReplicas", "Max replicas")}
          {field("resourceProfile", "Resource profile")}
          {field("instanceCount", "Instance count")}
        </div>
        <div className="grid gap-4">
          {field("args", "Arguments", "One per line")}
          {field("env", "Environment", "KEY=VALUE, one per line")}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button onClick={() => void save()} disabled={update.isPending}>{update.isPending ? "Saving…" : "Save changes"}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
