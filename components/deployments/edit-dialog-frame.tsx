"use client";
// What the edit dialog does whatever serves the deployment: a draft taken when it opens (live updates must not turn
// into changes the person made), a patch of only the changed fields, server errors placed on their fields, a stale
// version offered for reload; and the dialog around each backend's fields.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/sonner";
import { ApiError } from "@/lib/client/api-client";
import { hasChanges } from "@/lib/client/deployment-edit";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import type { AnyDeploymentPatch, Deployment } from "@/lib/schemas/deployment";
import type { ObjectChange } from "@/lib/schemas/object-diff";
import { usePreviewUpdate, useUpdateDeployment } from "./queries";
import { WarningsNote } from "./warnings-note";

/** One backend's fields ↔ patch functions (lib/client/deployment-edit*.ts). */
export interface DraftEditor<D extends Deployment, Draft, Field extends string> {
  fields: readonly Field[];
  draftOf: (deployment: D) => Draft;
  patchFromDraft: (
    deployment: D,
    draft: Draft,
  ) => { patch?: AnyDeploymentPatch; errors: Partial<Record<Field, string>>; formError?: string };
}

type TextKey<Draft> = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

/** A text box's binding to one field of the draft. */
export interface BoundField {
  id: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** What the dialog around the fields needs of the editor. */
export interface EditorControls {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  close: () => void;
  formError: string | undefined;
  stale: boolean;
  reload: () => void;
  save: () => Promise<void>;
  saving: boolean;
  /** Asks the API server what the edit would change, storing nothing; the answer is `changes`. */
  preview: () => Promise<void>;
  previewing: boolean;
  /** What the last preview said would change; undefined before a preview, or once the draft changed again. */
  changes: ObjectChange[] | undefined;
}

export const editFieldId = (field: string) => `edit-${field.replace(/\./g, "-")}`;

export function useDraftEditor<D extends Deployment, Draft, Field extends string>(
  deployment: D,
  editor: DraftEditor<D, Draft, Field>,
  onSaved?: (warnings: string[]) => void,
) {
  const [open, setOpen] = useState(false);
  const [base, setBase] = useState<D>(deployment);
  const [draft, setDraft] = useState<Draft>(() => editor.draftOf(deployment));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [stale, setStale] = useState(false);
  const [changes, setChanges] = useState<ObjectChange[]>();
  const update = useUpdateDeployment(deployment.namespace, deployment.name);
  const dryRun = usePreviewUpdate(deployment.namespace, deployment.name);

  const reset = (from: D) => {
    setBase(from);
    setDraft(editor.draftOf(from));
    setErrors({});
    setFormError(undefined);
    setStale(false);
    setChanges(undefined);
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setChanges(undefined);
    setDraft((current) => ({ ...current, [key]: value }));
  };
  /** The props a text box needs for one field of the draft. */
  const bind = (field: TextKey<Draft> & Field): BoundField => ({
    id: editFieldId(field),
    value: draft[field] as string,
    error: errors[field],
    onChange: (value: string) => set(field, value as Draft[typeof field]),
  });

  /** The patch from the draft, with its field errors shown; undefined when the draft has errors. */
  const checkedPatch = () => {
    const { patch, errors: found, formError: problem } = editor.patchFromDraft(base, draft);
    setErrors(found);
    setFormError(problem);
    if (!patch) toast.error("Please fix the highlighted fields");
    return patch;
  };

  const preview = async () => {
    const patch = checkedPatch();
    if (!patch) return;
    if (!hasChanges(patch)) {
      setChanges([]);
      return;
    }
    try {
      setChanges((await dryRun.mutateAsync(patch)).changes ?? []);
    } catch (error) {
      showFailure(error);
    }
  };

  const save = async () => {
    const patch = checkedPatch();
    if (!patch) return;
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
      showFailure(error);
    }
  };

  /** Server errors on their fields, the rest above the buttons, and a stale version offered for reload. */
  const showFailure = (error: unknown) => {
    const problems = problemsOf(error);
    const { byField, unplaced } = placeFieldErrors(problems, editor.fields);
    setErrors(byField);
    const message = error instanceof Error ? error.message : "Update failed";
    setFormError(unplaced.length ? unplaced.map((item) => item.message).join("; ") : Object.keys(byField).length ? undefined : message);
    setStale(error instanceof ApiError && error.status === 409 && problems.length === 0);
    toast.error(message);
  };

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) reset(deployment);
  };
  const controls: EditorControls = {
    open,
    onOpenChange,
    close: () => setOpen(false),
    formError,
    stale,
    reload: () => reset(deployment),
    save,
    saving: update.isPending,
    preview,
    previewing: dryRun.isPending,
    changes,
  };
  return { controls, base, draft, set, bind, errors };
}

export function Section({ title, children, columns = "sm:grid-cols-3" }: { title: string; children: ReactNode; columns?: string }) {
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-semibold">{title}</legend>
      <div className={`grid grid-cols-1 gap-4 ${columns}`}>{children}</div>
    </fieldset>
  );
}

/** A text, number or multi-line box bound to one draft field (see useDraftEditor's bind). */
export function DraftField({
  id,
  value,
  error,
  onChange,
  label,
  hint,
  type,
  multiline,
  placeholder,
}: BoundField & {
  label: string;
  hint?: string;
  type?: "number";
  multiline?: boolean;
  placeholder?: string;
}) {
  return (
    <FormField label={label} htmlFor={id} error={error} hint={hint} className={multiline ? "sm:col-span-full" : undefined}>
      {multiline ? (
        <Textarea
          id={id}
          rows={3}
          className="font-mono text-xs"
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Input
          id={id}
          type={type}
          inputMode={type === "number" ? "numeric" : undefined}
          placeholder={placeholder}
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FormField>
  );
}

/** The dialog around one backend's fields: trigger, title, the advice, the form-level error, Cancel and Save. */
export function EditDialogFrame({
  editor,
  name,
  description,
  warnings,
  children,
}: {
  editor: EditorControls;
  name: string;
  description: string;
  warnings: string[];
  children: ReactNode;
}) {
  return (
    <Dialog open={editor.open} onOpenChange={editor.onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">Edit</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle className="break-all">Edit {name}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
        <WarningsNote warnings={warnings} />
        <ChangesPreview changes={editor.changes} />
        {editor.formError ? (
          <div role="alert" className="grid gap-2 rounded-md border border-destructive/50 p-3 text-sm text-destructive">
            <p>{editor.formError}</p>
            {editor.stale ? (
              <div>
                <Button type="button" size="sm" variant="outline" onClick={editor.reload}>
                  Load the latest version (drops your changes)
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={editor.close}>
            Cancel
          </Button>
          <Button variant="outline" onClick={() => void editor.preview()} disabled={editor.previewing}>
            {editor.previewing ? "Checking…" : "Preview changes"}
          </Button>
          <Button onClick={() => void editor.save()} disabled={editor.saving}>
            {editor.saving ? "Saving…" : "Save changes"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const shown = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));

/** What the API server said the edit would change in the object, path by path (PATCH ?dryRun=All). */
function ChangesPreview({ changes }: { changes: ObjectChange[] | undefined }) {
  if (changes === undefined) return null;
  return (
    <section aria-label="Changes to the object" className="grid gap-1 rounded-md border bg-muted/40 p-3 text-sm">
      <p className="font-medium">{changes.length === 0 ? "Nothing would change." : "The cluster accepted this edit; it would change:"}</p>
      {changes.length > 0 ? (
        <ul className="grid gap-1 font-mono text-xs">
          {changes.map((change) => (
            <li key={change.path} className="break-all" data-change={change.path}>
              {change.path}: {shown(change.before)} → {shown(change.after)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
