"use client";
// The create form for a KServe InferenceService: the model, then serving (mode, scaling, hardware), then the
// container's arguments, environment and service account; validated with the union's KServe schema.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, type ReactNode } from "react";
import { useForm, useWatch, type FieldPath, type UseFormReturn } from "react-hook-form";
import { QuotaNoteScope } from "@/components/tenants/quota-note";
import type { PresetOrigin } from "@/lib/client/deployment-fit";
import { kserveProfileUse } from "@/lib/client/quota-note";
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

/** The quota note's subject (beside the profile picker): the tenant chosen and what `<profile>:<units>` × min replicas starts. */
function KServeQuotaScope({
  form,
  children,
}: {
  form: UseFormReturn<KServeDeploymentInput, unknown, ValidKServeDeployment>;
  children: ReactNode;
}) {
  const [tenant, resourceProfile, minReplicas] = useWatch({ control: form.control, name: ["namespace", "resourceProfile", "minReplicas"] });
  const need = { after: kserveProfileUse({ resourceProfile, minReplicas }), addsDeployment: true };
  return <QuotaNoteScope subject={{ tenant, need }}>{children}</QuotaNoteScope>;
}

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
      <KServeQuotaScope form={form}>
        <StepsFrame steps={STEPS} stepper={stepper}>
          <KServeModelStep form={form} namespaces={namespaces} />
          <KServeServingStep form={form} profiles={profiles} origin={origin} />
          <KServeAdvancedStep form={form} onEnvProblem={setEnvProblem} />
        </StepsFrame>
      </KServeQuotaScope>
    </form>
  );
}
