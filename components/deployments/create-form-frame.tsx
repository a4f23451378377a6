"use client";
// What the create form does whatever serves the deployment: steps, each checked before moving on; a dry run that shows
// the object the API server would make; the create call; server errors next to their fields, on the step that has
// them (a name clash takes the person back to step 1).
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { stringify } from "yaml";
import type { FieldErrors, FieldPath, FieldValues, UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/sonner";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import type { AnyValidDeployment, Deployment } from "@/lib/schemas/deployment";
import { errorAt } from "./form-controls";
import { useCreateDeployment, usePreviewCreate } from "./queries";
import { WarningsNote } from "./warnings-note";

export interface FormStep<Field extends string> {
  title: string;
  description: string;
  fields: Field[];
}

/**
 * Step navigation and submission for one backend's form. `envProblem` is a line of the environment box that is not
 * KEY=VALUE: the box keeps it out of the values, so the schema cannot see it, and it must still stop the create.
 */
export function useCreateSteps<Values extends FieldValues, Output extends AnyValidDeployment>(
  form: UseFormReturn<Values, unknown, Output>,
  steps: FormStep<FieldPath<Values>>[],
  envProblem: { field: FieldPath<Values>; message: string | undefined },
) {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const create = useCreateDeployment();
  const dryRun = usePreviewCreate();
  const [previewed, setPreviewed] = useState<Deployment>();
  const known = steps.flatMap((candidate) => candidate.fields);
  const stepOf = (field: FieldPath<Values>) => steps.findIndex((candidate) => candidate.fields.includes(field));

  const next = async () => {
    if (await form.trigger(steps[step].fields)) setStep(step + 1);
    else toast.error("Please fix the highlighted fields");
  };

  /** Puts each problem under its field and shows the first step that has one; says the rest in a toast. */
  const showServerError = (error: unknown) => {
    const { byField, unplaced } = placeFieldErrors(problemsOf(error), known);
    const placed = Object.entries(byField) as [FieldPath<Values>, string][];
    for (const [field, message] of placed) form.setError(field, { message });
    if (placed.length > 0) {
      const first = placed.map(([field]) => field).sort((a, b) => stepOf(a) - stepOf(b))[0];
      setStep(stepOf(first));
      // After the step is shown, so the field can take focus.
      setTimeout(() => form.setFocus(first), 0);
    }
    if (placed.length === 0 || unplaced.length > 0) {
      const fallback = error instanceof Error ? error.message : "Create failed";
      toast.error(unplaced.length > 0 ? unplaced.map((problem) => problem.message).join("; ") : fallback);
    }
  };

  /** False (with the error shown) when the environment box holds a line that is not KEY=VALUE. */
  const envIsValid = () => {
    if (!envProblem.message) return true;
    form.setError(envProblem.field, { message: envProblem.message });
    setStep(stepOf(envProblem.field));
    toast.error(envProblem.message);
    return false;
  };

  const onPreview = async (values: Output) => {
    if (!envIsValid()) return;
    try {
      setPreviewed(await dryRun.mutateAsync(values));
    } catch (error) {
      setPreviewed(undefined);
      showServerError(error);
    }
  };

  const onValid = async (values: Output) => {
    if (!envIsValid()) return;
    try {
      const created = await create.mutateAsync(values);
      toast.success(`Deployment ${created.name} created`);
      for (const warning of created.warnings ?? []) toast.warning(warning);
      router.push(`/deployments/${created.namespace}/${created.name}`);
    } catch (error) {
      showServerError(error);
    }
  };
  const onInvalid = (errors: FieldErrors<Values>) => {
    const firstStep = steps.findIndex((candidate) => candidate.fields.some((field) => errorAt(errors, field)));
    if (firstStep >= 0) setStep(firstStep);
    toast.error("Please fix the highlighted fields");
  };

  return {
    step,
    setStep,
    next,
    submit: form.handleSubmit(onValid, onInvalid),
    isCreating: create.isPending,
    preview: form.handleSubmit(onPreview, onInvalid),
    previewing: dryRun.isPending,
    previewed,
  };
}

/** The step list, the current step's card (every step stays mounted, so values and errors survive), Back and Next. */
export function StepsFrame<Field extends string>({
  steps,
  stepper,
  children,
}: {
  steps: FormStep<Field>[];
  stepper: {
    step: number;
    setStep: (step: number) => void;
    next: () => Promise<void>;
    isCreating: boolean;
    preview: () => Promise<void>;
    previewing: boolean;
    previewed: Deployment | undefined;
  };
  children: ReactNode[];
}) {
  const { step, setStep, next, isCreating, preview, previewing, previewed } = stepper;
  return (
    <>
      <ol className="mb-6 grid grid-cols-3 gap-2 text-sm" aria-label="Steps">
        {steps.map((candidate, index) => (
          <li
            key={candidate.title}
            aria-current={index === step ? "step" : undefined}
            className={`min-w-0 rounded-md border px-3 py-2 ${index === step ? "border-primary font-medium" : "text-muted-foreground"}`}
          >
            {index + 1}. <span className="sr-only sm:not-sr-only">{candidate.title}</span>
          </li>
        ))}
      </ol>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{steps[step].title}</h2>
          </CardTitle>
          <CardDescription>{steps[step].description}</CardDescription>
        </CardHeader>
        <CardContent>
          {children.map((child, index) => (
            <div key={steps[index].title} hidden={step !== index}>
              {child}
            </div>
          ))}
        </CardContent>
        <CardFooter className="justify-between">
          <Button type="button" variant="outline" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </Button>
          {step < steps.length - 1 ? (
            // Distinct keys: reusing one <button> element while its type flips to "submit" would submit the form on the Next click.
            <Button key="next" type="button" onClick={() => void next()}>
              Next
            </Button>
          ) : (
            <div key="submit" className="flex gap-2">
              <Button type="button" variant="outline" disabled={previewing} onClick={() => void preview()}>
                {previewing ? "Checking…" : "Dry run"}
              </Button>
              <Button type="submit" disabled={isCreating}>
                {isCreating ? "Creating…" : "Create deployment"}
              </Button>
            </div>
          )}
        </CardFooter>
      </Card>
      {previewed && step === steps.length - 1 ? <DryRunResult deployment={previewed} /> : null}
    </>
  );
}

/** What the API server accepted on a dry run: the object it would create, nothing stored. */
function DryRunResult({ deployment }: { deployment: Deployment }) {
  return (
    <section aria-label="Dry run" className="mt-4 grid gap-2 rounded-md border bg-muted/40 p-3 text-sm">
      <p className="font-medium">The cluster accepted it (dry run, nothing created). It would create:</p>
      <WarningsNote warnings={deployment.warnings ?? []} />
      <pre className="max-h-96 overflow-auto rounded bg-background p-2 font-mono text-xs">{stringify(deployment.object)}</pre>
    </section>
  );
}
