"use client";
// The advanced create form: three steps, each checked before moving on; server errors land next to their fields,
// on the step that has them (a name clash takes the person back to step 1).
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/sonner";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { DEPLOYMENT_DEFAULTS, deploymentInputSchema, type DeploymentInput, type ValidDeployment } from "@/lib/schemas/deployment";
import { generateDeploymentName } from "@/lib/schemas/deployment-name";
import { AdvancedConfigurationStep, DeploymentConfigurationStep, ModelInformationStep } from "./create-form-steps";
import { errorAt } from "./form-controls";
import { useCreateDeployment } from "./queries";

type Field = FieldPath<DeploymentInput>;

const STEPS: { title: string; description: string; fields: Field[] }[] = [
  {
    title: "Model information",
    description: "Where the model lives and how it is served",
    fields: ["url", "cacheProfile", "name", "namespace", "engine", "features", "proxy.model_mode"],
  },
  {
    title: "Deployment configuration",
    description: "Hardware and scaling",
    fields: ["resourceProfile", "instanceCount", "replicas", "minReplicas", "maxReplicas", "targetRequests", "scaleDownDelaySeconds"],
  },
  {
    title: "Advanced configuration",
    description: "Engine arguments, environment and proxy metadata",
    fields: [
      "args",
      "env",
      "proxy.timeout",
      "proxy.stream_timeout",
      "proxy.max_retries",
      "proxy.max_input_tokens",
      "proxy.max_output_tokens",
      "proxy.embedding_dimensions",
    ],
  },
];

const KNOWN_FIELDS: Field[] = STEPS.flatMap((step) => step.fields);

const stepOf = (field: Field) => STEPS.findIndex((step) => step.fields.includes(field));

export function CreateDeploymentForm({ namespaces, profiles }: { namespaces: string[]; profiles: string[] }) {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const nameEdited = useRef(false);
  const [envProblem, setEnvProblem] = useState<string>();
  const create = useCreateDeployment();
  const form = useForm<DeploymentInput, unknown, ValidDeployment>({
    resolver: zodResolver(deploymentInputSchema),
    mode: "onTouched",
    defaultValues: {
      name: "",
      namespace: namespaces[0] ?? "",
      url: "",
      engine: "VLLM",
      features: ["TextGeneration"],
      ...DEPLOYMENT_DEFAULTS,
      args: [],
      env: {},
      proxy: {},
    },
  });

  const onUrlChange = (url: string) => {
    if (!nameEdited.current) form.setValue("name", generateDeploymentName(url), { shouldValidate: form.formState.isSubmitted });
  };
  const next = async () => {
    if (await form.trigger(STEPS[step].fields)) setStep(step + 1);
    else toast.error("Please fix the highlighted fields");
  };

  /** Puts each problem under its field and shows the first step that has one; says the rest in a toast. */
  const showServerError = (error: unknown) => {
    const { byField, unplaced } = placeFieldErrors(problemsOf(error), KNOWN_FIELDS);
    const placed = Object.entries(byField) as [Field, string][];
    for (const [field, message] of placed) form.setError(field, { message });
    if (placed.length > 0) {
      const first = placed.map(([field]) => field).sort((a, b) => stepOf(a) - stepOf(b))[0];
      setStep(stepOf(first));
      // After the step is shown, so the field can take focus.
      setTimeout(() => form.setFocus(first), 0);
    }
    if (placed.length === 0 || unplaced.length > 0) {
      toast.error(
        unplaced.length > 0
          ? unplaced.map((problem) => problem.message).join("; ")
          : error instanceof Error
            ? error.message
            : "Create failed",
      );
    }
  };

  const submit = form.handleSubmit(
    async (values) => {
      if (envProblem) {
        form.setError("env", { message: envProblem });
        setStep(2);
        toast.error(envProblem);
        return;
      }
      try {
        const created = await create.mutateAsync(values);
        toast.success(`Deployment ${created.name} created`);
        for (const warning of created.warnings ?? []) toast.warning(warning);
        router.push(`/deployments/${created.namespace}/${created.name}`);
      } catch (error) {
        showServerError(error);
      }
    },
    (errors) => {
      const firstStep = STEPS.findIndex((candidate) => candidate.fields.some((field) => errorAt(errors, field)));
      if (firstStep >= 0) setStep(firstStep);
      toast.error("Please fix the highlighted fields");
    },
  );

  return (
    <form
      onSubmit={submit}
      noValidate
      onInput={(event) => {
        if ((event.target as HTMLElement).id === "name") nameEdited.current = true;
      }}
    >
      <ol className="mb-6 grid grid-cols-3 gap-2 text-sm" aria-label="Steps">
        {STEPS.map((candidate, index) => (
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
            <h2>{STEPS[step].title}</h2>
          </CardTitle>
          <CardDescription>{STEPS[step].description}</CardDescription>
        </CardHeader>
        <CardContent>
          <div hidden={step !== 0}>
            <ModelInformationStep form={form} namespaces={namespaces} onUrlChange={onUrlChange} />
          </div>
          <div hidden={step !== 1}>
            <DeploymentConfigurationStep form={form} profiles={profiles} />
          </div>
          <div hidden={step !== 2}>
            <AdvancedConfigurationStep form={form} onEnvProblem={setEnvProblem} />
          </div>
        </CardContent>
        <CardFooter className="justify-between">
          <Button type="button" variant="outline" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </Button>
          {step < STEPS.length - 1 ? (
            // Distinct keys: reusing one <button> element while its type flips to "submit" would submit the form on the Next click.
            <Button key="next" type="button" onClick={() => void next()}>
              Next
            </Button>
          ) : (
            <Button key="submit" type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create deployment"}
            </Button>
          )}
        </CardFooter>
      </Card>
    </form>
  );
}
