"use client";
// Edit every field the create form sets (except name, namespace, engine and URL), with the same pickers; only the
// changed fields are sent, guarded by the version shown when the dialog opened.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/sonner";
import { ApiError } from "@/lib/client/api-client";
import { draftOf, EDIT_FIELDS, hasChanges, patchFromDraft, type EditDraft, type EditField } from "@/lib/client/deployment-edit";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { deploymentWarnings, type Deployment } from "@/lib/schemas/deployment";
import { FeatureCheckboxes, ModelModeSelect } from "./model-mode-fields";
import { useUpdateDeployment } from "./queries";
import { ResourceProfileSelect } from "./resource-profile-select";
import { WarningsNote } from "./warnings-note";

type TextField = Exclude<EditField, "features">;
const idOf = (field: EditField) => `edit-${field.replace(/\./g, "-")}`;

function Section({ title, children, columns = "sm:grid-cols-3" }: { title: string; children: ReactNode; columns?: string }) {
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-semibold">{title}</legend>
      <div className={`grid grid-cols-1 gap-4 ${columns}`}>{children}</div>
    </fieldset>
  );
}

export function EditDeploymentDialog({
  deployment,
  profiles,
  onSaved,
}: {
  deployment: Deployment;
  profiles: string[];
  onSaved?: (warnings: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  // The deployment as it was when the dialog opened: live updates must not turn into changes the person made.
  const [base, setBase] = useState<Deployment>(deployment);
  const [draft, setDraft] = useState<EditDraft>(() => draftOf(deployment));
  const [errors, setErrors] = useState<Partial<Record<EditField, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [stale, setStale] = useState(false);
  const update = useUpdateDeployment(deployment.namespace, deployment.name);

  const reset = (from: Deployment) => {
    setBase(from);
    setDraft(draftOf(from));
    setErrors({});
    setFormError(undefined);
    setStale(false);
  };
  const set = (field: TextField, value: string) => setDraft((current) => ({ ...current, [field]: value }));

  const text = (field: TextField, label: string, options: { hint?: string; type?: "number"; multiline?: boolean } = {}) => (
    <FormField
      label={label}
      htmlFor={idOf(field)}
      error={errors[field]}
      hint={options.hint}
      className={options.multiline ? "sm:col-span-full" : undefined}
    >
      {options.multiline ? (
        <Textarea
          id={idOf(field)}
          rows={3}
          className="font-mono text-xs"
          value={draft[field]}
          aria-invalid={errors[field] ? true : undefined}
          onChange={(event) => set(field, event.target.value)}
        />
      ) : (
        <Input
          id={idOf(field)}
          type={options.type}
          inputMode={options.type === "number" ? "numeric" : undefined}
          value={draft[field]}
          aria-invalid={errors[field] ? true : undefined}
          onChange={(event) => set(field, event.target.value)}
        />
      )}
    </FormField>
  );

  const save = async () => {
    const { patch, errors: found, formError: problem } = patchFromDraft(base, draft);
    setErrors(found);
    setFormError(problem);
    if (!patch) {
      toast.error("Please fix the highlighted fields");
      return;
    }
    if (!hasChanges(patch)) {
      setOpen(false);
      return;
    }
    try {
      const updated = await update.mutateAsync(patch);
      toast.success(`Deployment ${deployment.name} updated`);
      onSaved?.(updated.warnings ?? []);
      setOpen(false);
    } catch (error) {
      const problems = problemsOf(error);
      const { byField, unplaced } = placeFieldErrors(problems, EDIT_FIELDS);
      setErrors(byField);
      const message = error instanceof Error ? error.message : "Update failed";
      setFormError(unplaced.length ? unplaced.map((item) => item.message).join("; ") : Object.keys(byField).length ? undefined : message);
      setStale(error instanceof ApiError && error.status === 409 && problems.length === 0);
      toast.error(message);
    }
  };

  const warnings = deploymentWarnings({ url: base.url, cacheProfile: draft.cacheProfile.trim() || undefined });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reset(deployment);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">Edit</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle className="break-all">Edit {deployment.name}</DialogTitle>
          <DialogDescription>
            Only the fields you change are sent. Empty replicas lets KubeAI autoscale between min and max.
          </DialogDescription>
        </DialogHeader>
        <Section title="Hardware" columns="sm:grid-cols-2">
          <FormField
            label="Resource profile"
            htmlFor={idOf("resourceProfile")}
            error={errors.resourceProfile}
            hint="Combined with the instance count as <profile>:<count>"
          >
            <ResourceProfileSelect
              id={idOf("resourceProfile")}
              value={draft.resourceProfile}
              profiles={profiles}
              onChange={(value) => set("resourceProfile", value ?? "")}
              invalid={Boolean(errors.resourceProfile)}
            />
          </FormField>
          {text("instanceCount", "Instance count", { type: "number", hint: "GPUs (or CPU units) per replica" })}
        </Section>
        <Section title="Scaling">
          {text("replicas", "Replicas", { type: "number" })}
          {text("minReplicas", "Min replicas", { type: "number", hint: "0 allows scaling to zero" })}
          {text("maxReplicas", "Max replicas", { type: "number" })}
          {text("targetRequests", "Target requests", { type: "number", hint: "In-flight requests per replica" })}
          {text("scaleDownDelaySeconds", "Scale-down delay (seconds)", { type: "number" })}
        </Section>
        <Section title="Model" columns="sm:grid-cols-2">
          {text("cacheProfile", "Cache profile", { hint: "Empty for none" })}
          <FormField
            label="Model mode"
            htmlFor={idOf("proxy.model_mode")}
            error={errors["proxy.model_mode"]}
            hint="Sets the feature it needs"
          >
            <ModelModeSelect
              id={idOf("proxy.model_mode")}
              value={draft["proxy.model_mode"]}
              onChange={(mode, feature) =>
                setDraft((current) => ({ ...current, "proxy.model_mode": mode ?? "", features: feature ? [feature] : current.features }))
              }
            />
          </FormField>
          <div className="sm:col-span-full">
            <FeatureCheckboxes
              idPrefix="edit-feature"
              value={draft.features}
              onChange={(features) => setDraft((current) => ({ ...current, features }))}
              error={errors.features}
            />
          </div>
        </Section>
        <Section title="Engine" columns="">
          {text("args", "Arguments", { hint: "One per line", multiline: true })}
          {text("env", "Environment", { hint: "KEY=VALUE, one per line", multiline: true })}
        </Section>
        <Section title="Proxy metadata">
          {text("proxy.timeout", "Timeout (s)", { type: "number" })}
          {text("proxy.stream_timeout", "Stream timeout (s)", { type: "number" })}
          {text("proxy.max_retries", "Max retries", { type: "number" })}
          {text("proxy.max_input_tokens", "Max input tokens", { type: "number" })}
          {text("proxy.max_output_tokens", "Max output tokens", { type: "number" })}
          {text("proxy.embedding_dimensions", "Embedding dimensions", { type: "number" })}
        </Section>
        <WarningsNote warnings={warnings} />
        {formError ? (
          <div role="alert" className="grid gap-2 rounded-md border border-destructive/50 p-3 text-sm text-destructive">
            <p>{formError}</p>
            {stale ? (
              <div>
                <Button type="button" size="sm" variant="outline" onClick={() => reset(deployment)}>
                  Load the latest version (drops your changes)
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button onClick={() => void save()} disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save changes"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
