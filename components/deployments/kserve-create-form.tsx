"use client";
// The create form for a KServe InferenceService: the model, then serving (mode, scaling, hardware), then the
// container's arguments, environment and service account; validated with the union's KServe schema.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import type { PresetOrigin } from "@/lib/client/deployment-fit";
import { KSERVE_DEFAULTS, kserveDeploymentInputSchema, type KServeDeploymentInput, type ValidKServeDeployment } from "@/lib/schemas/kserve";
import { StepsFrame, useCreateSteps, type FormStep } from "./create-form-frame";
import { KServeAdvancedStep, KServeModelStep, KServeServingStep } from "./kserve-form-steps";

const STEPS: FormStep<FieldPath<KServeDeploymentInput>>[] = [
  {
    title: "Model",
    description: "Its format, where it is stored and how it is served",
    fields: ["modelFormat.name", "modelFormat.version", "storageUri", "runtime", "protocol", "name", "namespace"],
  },
  {
    title: "Serving configuration",
    description: "Deployment mode, scaling and hardware",
    fields: [
      "deploymentMode",
      "minReplicas",
      "maxReplicas",
      "scaleTarget",
      "scaleMetric",
      "resourceProfile",
      "resources.requests.cpu",
      "resources.requests.memory",
      "resources.limits.cpu",
      "resources.limits.memory",
    ],
  },
  {
    title: "Advanced configuration",
    description: "Container arguments, environment and service account",
    fields: ["args", "env", "serviceAccountName"],
  },
];

export function KServeCreateForm({
  namespaces,
  profiles,
  defaults,
  origin,
}: {
  namespaces: string[];
  profiles: string[];
  /** A preset's values ("Customize deployment"). */
  defaults?: KServeDeploymentInput;
  /** That preset, for the fit check. */
  origin?: PresetOrigin;
}) {
  const [envProblem, setEnvProblem] = useState<string>();
  const form = useForm<KServeDeploymentInput, unknown, ValidKServeDeployment>({
    resolver: zodResolver(kserveDeploymentInputSchema),
    mode: "onTouched",
    defaultValues: defaults ?? {
      backend: "kserve",
      name: "",
      namespace: namespaces[0] ?? "",
      modelFormat: { name: "sklearn" },
      storageUri: "",
      minReplicas: KSERVE_DEFAULTS.minReplicas,
      args: [],
      env: {},
      proxy: {},
    },
  });
  const stepper = useCreateSteps(form, STEPS, { field: "env", message: envProblem });
  return (
    <form onSubmit={stepper.submit} noValidate>
      <StepsFrame steps={STEPS} stepper={stepper}>
        <KServeModelStep form={form} namespaces={namespaces} />
        <KServeServingStep form={form} profiles={profiles} origin={origin} />
        <KServeAdvancedStep form={form} onEnvProblem={setEnvProblem} />
      </StepsFrame>
    </form>
  );
}
