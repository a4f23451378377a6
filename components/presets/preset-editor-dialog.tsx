"use client";
// Add or edit a preset (admins): the catalog fields and the deployment as JSON, checked with the preset schema before
// sending; the API's field errors land on their inputs, a deployment's own (`deployment.url`) under the JSON box.
// A new preset may start from a body drafted elsewhere (a Hub model's draft), opened by its caller rather than a trigger.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/sonner";
import { Textarea } from "@/components/ui/textarea";
import { ApiError } from "@/lib/client/api-client";
import { problemsOf } from "@/lib/client/form-errors";
import { CATEGORY_LABELS } from "@/lib/client/preset-catalog";
import {
  newPresetDraft,
  placePresetErrors,
  presetDraftOf,
  presetInputFromDraft,
  presetPatchFromDraft,
  type PresetDraft,
  type PresetEditorErrors,
  type PresetEditorField,
} from "@/lib/client/preset-editor";
import { PRESET_CATEGORIES, type Preset, type PresetCategory, type PresetInput } from "@/lib/schemas/preset";
import { useCreatePreset, useUpdatePreset } from "./queries";

type TextField = Exclude<PresetEditorField, "category" | "enabled">;
const fieldId = (field: PresetEditorField) => `preset-${field.replace(/\./g, "-")}`;

function useEditor(preset: Preset | undefined, start: PresetInput | undefined) {
  const initial = () => (preset ? presetDraftOf(preset) : start ? presetDraftOf(start) : newPresetDraft());
  const [draft, setDraft] = useState<PresetDraft>(initial);
  const [errors, setErrors] = useState<PresetEditorErrors>({});
  const [formError, setFormError] = useState<string>();
  const create = useCreatePreset();
  const update = useUpdatePreset();

  const reset = () => {
    setDraft(initial());
    setErrors({});
    setFormError(undefined);
  };
  const set = <K extends keyof PresetDraft>(key: K, value: PresetDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  /** True when saved (or nothing changed), so the dialog may close. */
  const save = async (): Promise<boolean> => {
    const checked = preset ? presetPatchFromDraft(preset, draft) : presetInputFromDraft(draft);
    setErrors(checked.errors);
    setFormError(checked.formError);
    if (!checked.body) {
      toast.error("Please fix the highlighted fields");
      return false;
    }
    if (preset && Object.keys(checked.body).length === 0) return true;
    try {
      const saved = preset ? await update.mutateAsync({ id: preset.id, patch: checked.body }) : await create.mutateAsync(checked.body);
      toast.success(`Preset ${saved.id} ${preset ? "updated" : "added"}`);
      return true;
    } catch (error) {
      const { byField, unplaced } = placePresetErrors(problemsOf(error));
      const message = error instanceof Error ? error.message : "Save failed";
      // A taken id comes back as a 409 without fields: it belongs under the id.
      if (!preset && error instanceof ApiError && error.status === 409) byField.id ??= message;
      setErrors(byField);
      const placed = Object.keys(byField).length > 0;
      setFormError(
        unplaced.length ? unplaced.map((problem) => `${problem.field}: ${problem.message}`).join("; ") : placed ? undefined : message,
      );
      toast.error(message);
      return false;
    }
  };
  return { draft, set, errors, formError, reset, save, saving: create.isPending || update.isPending };
}

function TextInput({
  editor,
  field,
  label,
  hint,
  type,
}: {
  editor: ReturnType<typeof useEditor>;
  field: TextField;
  label: string;
  hint?: string;
  type?: "number";
}) {
  const id = fieldId(field);
  const error = editor.errors[field];
  return (
    <FormField label={label} htmlFor={id} error={error} hint={hint}>
      <Input
        id={id}
        type={type}
        inputMode={type === "number" ? "numeric" : undefined}
        value={editor.draft[field]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(event) => editor.set(field, event.target.value)}
      />
    </FormField>
  );
}

function Fields({ editor, isNew }: { editor: ReturnType<typeof useEditor>; isNew: boolean }) {
  const { draft, set, errors } = editor;
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        {isNew ? (
          <TextInput editor={editor} field="id" label="Id" hint="Lowercase letters, digits, '.' and '-'; cannot change later" />
        ) : null}
        <TextInput editor={editor} field="name" label="Name" />
        <FormField label="Category" htmlFor={fieldId("category")} error={errors.category}>
          <Select value={draft.category} onValueChange={(value) => set("category", value as PresetCategory)}>
            <SelectTrigger id={fieldId("category")} className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PRESET_CATEGORIES.map((category) => (
                <SelectItem key={category} value={category}>
                  {CATEGORY_LABELS[category]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <TextInput editor={editor} field="tags" label="Tags" hint="Comma separated, e.g. gpu, fp8" />
        <TextInput editor={editor} field="parameters" label="Parameters" hint="The model's size: 8B, 125M or 8000000000" />
        <div className="flex items-center gap-2 self-center">
          <Checkbox id={fieldId("enabled")} checked={draft.enabled} onChange={(event) => set("enabled", event.target.checked)} />
          <Label htmlFor={fieldId("enabled")}>Enabled (members can deploy it)</Label>
        </div>
      </div>
      <FormField label="Description" htmlFor={fieldId("description")} error={errors.description}>
        <Textarea
          id={fieldId("description")}
          rows={2}
          value={draft.description}
          aria-invalid={errors.description ? true : undefined}
          onChange={(event) => set("description", event.target.value)}
        />
      </FormField>
      <fieldset className="grid gap-3">
        <legend className="mb-1 text-sm font-semibold">Token limits</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextInput editor={editor} field="tokenLimits.contextLength" label="Context length" type="number" />
          <TextInput editor={editor} field="tokenLimits.maxInputTokens" label="Max input tokens" type="number" />
          <TextInput editor={editor} field="tokenLimits.maxOutputTokens" label="Max output tokens" type="number" />
        </div>
      </fieldset>
      <FormField
        label="Deployment (JSON)"
        htmlFor={fieldId("deployment")}
        error={errors.deployment}
        hint='A deployment body without name and namespace (POST /api/v1/deployments); "backend": "kserve" for KServe'
        className="[&_[data-slot=form-field-error]]:font-mono [&_[data-slot=form-field-error]]:text-xs [&_[data-slot=form-field-error]]:whitespace-pre-line"
      >
        <Textarea
          id={fieldId("deployment")}
          rows={12}
          spellCheck={false}
          className="font-mono text-xs"
          value={draft.deployment}
          aria-invalid={errors.deployment ? true : undefined}
          aria-describedby={errors.deployment ? `${fieldId("deployment")}-error` : `${fieldId("deployment")}-hint`}
          onChange={(event) => set("deployment", event.target.value)}
        />
      </FormField>
    </div>
  );
}

/**
 * Add (no preset) or edit (a preset) in a dialog opened by `trigger`, or by `open` when its caller holds that state.
 * `start` fills a new preset's fields; `notice` is shown above them (e.g. how a draft was made).
 */
export function PresetEditorDialog({
  preset,
  start,
  trigger,
  open: heldOpen,
  onOpenChange,
  notice,
}: {
  preset?: Preset;
  start?: PresetInput;
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  notice?: ReactNode;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = heldOpen ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  const editor = useEditor(preset, start);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) editor.reset();
      }}
    >
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle className="break-all">{preset ? `Edit preset ${preset.id}` : "Add a preset"}</DialogTitle>
          <DialogDescription>
            {preset
              ? `From ${preset.source}; the deployment is replaced whole when changed.`
              : "Members see it on Easy setup once enabled."}
          </DialogDescription>
        </DialogHeader>
        {notice}
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void editor.save().then((saved) => saved && setOpen(false));
          }}
        >
          <Fields editor={editor} isNew={!preset} />
          {editor.formError ? (
            <p role="alert" className="rounded-md border border-destructive/50 p-3 text-sm break-words text-destructive">
              {editor.formError}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={editor.saving}>
              {editor.saving ? "Saving…" : preset ? "Save changes" : "Add preset"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
