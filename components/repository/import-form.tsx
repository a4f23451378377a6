"use client";
// The Model Downloader: a Hugging Face model id and revision, the experiment name (hf-<org>-<name> from the id until
// edited), the artifact path, an optional registered model name and token, the tenant. Start import queues the job,
// checked by the API's own schema first; the job's live view then takes the form's place. A model page on the Hub
// links here with the model id filled in (`initialRepo`).
import { useRef, useState } from "react";
import { Controller, useForm, type UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/sonner";
import { issuesAsProblems, placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import type { FieldProblem } from "@/lib/client/api-client";
import { importInputSchema, type JobView } from "@/lib/schemas/repository";
import { experimentNameFor } from "@/lib/schemas/repository";
import { IMPORT_FORM_FIELDS, importBody, type ImportFormValues } from "./import-request";
import { JobProgress } from "./job-progress";
import { useStartImport } from "./queries";

type Field = keyof ImportFormValues;

function TextField({
  id,
  label,
  hint,
  error,
  registered,
  type = "text",
  placeholder,
  autoComplete = "off",
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  registered: UseFormRegisterReturn;
  type?: "text" | "password";
  placeholder?: string;
  autoComplete?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <FormField label={label} htmlFor={id} hint={hint} error={error}>
      <Input
        id={id}
        type={type}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...registered}
      />
    </FormField>
  );
}

export function ImportForm({ namespaces, initialRepo = "" }: { namespaces: string[]; initialRepo?: string }) {
  const [job, setJob] = useState<JobView>();
  const start = useStartImport();
  // The experiment name follows the model id until someone types their own; emptying it hands it back.
  const experimentEdited = useRef(false);
  const form = useForm<ImportFormValues>({
    defaultValues: {
      namespace: namespaces[0] ?? "",
      repo: initialRepo,
      revision: "main",
      experimentName: experimentNameFor(initialRepo),
      artifactPath: "model",
      model: "",
      hfToken: "",
    },
  });
  const { register, formState, setError, setValue, control } = form;
  const errorOf = (field: Field) => formState.errors[field]?.message;

  const showProblems = (problems: FieldProblem[], fallback: string) => {
    const { byField, unplaced } = placeFieldErrors(problems, IMPORT_FORM_FIELDS);
    for (const [field, message] of Object.entries(byField) as [Field, string][]) setError(field, { message });
    if (unplaced.length > 0 || Object.keys(byField).length === 0)
      toast.error(unplaced.map((problem) => problem.message).join("; ") || fallback);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    const parsed = importInputSchema.safeParse(importBody(values));
    if (!parsed.success) return showProblems(issuesAsProblems(parsed.error.issues), "Please fix the highlighted fields");
    try {
      const started = await start.mutateAsync(parsed.data);
      setJob(started);
      // A reload, or the link copied from the address bar, shows this job.
      window.history.replaceState(null, "", `/imports/${started.id}`);
    } catch (error) {
      showProblems(problemsOf(error), error instanceof Error ? error.message : "Could not start the import");
    }
  });

  if (job)
    return (
      <div className="grid gap-4">
        <JobProgress id={job.id} initial={job} canManage />
        <div>
          <Button
            variant="outline"
            onClick={() => {
              setJob(undefined);
              window.history.replaceState(null, "", "/imports/new");
            }}
          >
            Import another model
          </Button>
        </div>
      </div>
    );

  const repo = register("repo", {
    onChange: (event: { target: { value: string } }) => {
      if (!experimentEdited.current) setValue("experimentName", experimentNameFor(event.target.value));
    },
  });
  const experiment = register("experimentName", {
    onChange: (event: { target: { value: string } }) => {
      experimentEdited.current = event.target.value !== "";
    },
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-5 rounded-xl border p-4 sm:p-6">
      <TextField
        id="hf-repo"
        label="Hugging Face model"
        placeholder="mistralai/Mistral-7B-Instruct-v0.3"
        hint="The model id on huggingface.co: organisation/name"
        error={errorOf("repo")}
        registered={repo}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          id="revision"
          label="Revision"
          hint="A branch, tag or commit"
          error={errorOf("revision")}
          registered={register("revision")}
        />
        <TextField
          id="artifact-path"
          label="Artifact path"
          hint="Where the files go inside the version"
          error={errorOf("artifactPath")}
          registered={register("artifactPath")}
        />
      </div>
      <TextField
        id="experiment-name"
        label="Experiment name"
        hint="Filled in from the model id as hf-<org>-<name>; type your own to change it"
        error={errorOf("experimentName")}
        registered={experiment}
      />
      <TextField
        id="registered-model"
        label="Registered model name"
        hint="Optional: the repository entry to add a version to; the model id's name part when empty"
        error={errorOf("model")}
        registered={register("model")}
      />
      <TextField
        id="hf-token"
        label="Hugging Face token"
        type="password"
        autoComplete="new-password"
        hint="Optional: a Hugging Face token for gated or private models; used for this import only"
        error={errorOf("hfToken")}
        registered={register("hfToken")}
      />
      {namespaces.length > 1 ? (
        <FormField label="Tenant" htmlFor="import-namespace" error={errorOf("namespace")}>
          <Controller
            control={control}
            name="namespace"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger id="import-namespace" className="w-full sm:w-64">
                  <SelectValue placeholder="Choose a tenant" />
                </SelectTrigger>
                <SelectContent>
                  {namespaces.map((name) => (
                    <SelectItem key={name} value={name}>
                      {name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        </FormField>
      ) : (
        <p className="text-sm text-muted-foreground">Into the repository of tenant {namespaces[0]}.</p>
      )}
      <div>
        <Button type="submit" aria-label="Start import" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Start import"}
        </Button>
      </div>
    </form>
  );
}
