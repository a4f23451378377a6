"use client";
// The advanced create form: first what serves the deployment (a KubeAI Model, the default, or a KServe
// InferenceService), then that backend's three steps, each validated with its own schema from the deployment union.
// Opened from a preset ("Customize deployment"), it starts on the preset's backend with its values; opened from a
// repository version (Deploy Model), on KubeAI with that version chosen From Repository.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState, type ReactNode } from "react";
import { useForm, useWatch, type FieldPath, type UseFormReturn } from "react-hook-form";
import {
  DEPLOYMENT_DEFAULTS,
  kubeaiDeploymentInputSchema,
  type DeploymentBackendName,
  type KubeAIDeploymentInput,
  type ValidDeployment,
} from "@/lib/schemas/deployment";
import { generateDeploymentName } from "@/lib/schemas/deployment-name";
import type { PresetOrigin } from "@/lib/client/deployment-fit";
import type { DeploymentPrefill } from "@/lib/client/preset-form";
import { kubeaiProfileUse } from "@/lib/client/quota-note";
import { NO_SELECTION, type RepositorySelection, type UrlSource } from "@/components/repository/repository-url-source";
import { QuotaNoteScope } from "@/components/tenants/quota-note";
import { AdvancedConfigurationStep, DeploymentConfigurationStep, ModelInformationStep } from "./create-form-steps";
import { StepsFrame, useCreateSteps, type FormStep } from "./create-form-frame";
import { KServeCreateForm } from "./kserve-create-form";

type Field = FieldPath<KubeAIDeploymentInput>;

const STEPS: FormStep<Field>[] = [
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

const BACKEND_CHOICES: { value: DeploymentBackendName; label: string; hint: string }[] = [
  { value: "kubeai", label: "KubeAI model (LLMs: vLLM, Ollama, …)", hint: "OpenAI-compatible API; scales from zero" },
  {
    value: "kserve",
    label: "KServe InferenceService (sklearn, XGBoost, ONNX, Hugging Face …)",
    hint: "KServe's V1 or V2 inference protocol",
  },
];

function BackendChoice({ value, onChange }: { value: DeploymentBackendName; onChange: (backend: DeploymentBackendName) => void }) {
  return (
    <fieldset className="mb-6 grid gap-2">
      <legend className="mb-2 text-sm font-medium">What serves it</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {BACKEND_CHOICES.map((choice) => (
          <label
            key={choice.value}
            htmlFor={`backend-${choice.value}`}
            className={`flex min-w-0 cursor-pointer items-start gap-3 rounded-md border p-3 text-sm ${value === choice.value ? "border-primary" : ""}`}
          >
            <input
              type="radio"
              id={`backend-${choice.value}`}
              name="backend"
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              className="mt-0.5 accent-primary"
            />
            <span className="grid min-w-0 gap-1">
              <span className="font-medium">{choice.label}</span>
              <span className="text-muted-foreground">{choice.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Files have no box in the form: a preset's are kept as they are, and said so. */
function KeptFilesNote({ files }: { files: KubeAIDeploymentInput["files"] }) {
  if (!files?.length) return null;
  return (
    <p data-testid="kept-files" className="mb-4 rounded-md border bg-muted/40 p-3 text-sm break-words">
      Kept from the preset, mounted in the model&apos;s pods: {files.map((file) => file.path).join(", ")}
    </p>
  );
}

/** An empty form, or one starting from a repository version: its URL, a name from the model's, its tenant. */
function blankValues(namespaces: string[], repository?: RepositorySelection): KubeAIDeploymentInput {
  return {
    backend: "kubeai",
    name: repository ? generateDeploymentName(repository.model) : "",
    namespace: repository?.namespace ?? namespaces[0] ?? "",
    url: repository?.url ?? "",
    engine: "VLLM",
    features: ["TextGeneration"],
    ...DEPLOYMENT_DEFAULTS,
    args: [],
    env: {},
    proxy: {},
  };
}

/** The quota note's subject (beside the profile picker): the tenant chosen and what the choice would start. */
function KubeAIQuotaScope({
  form,
  children,
}: {
  form: UseFormReturn<KubeAIDeploymentInput, unknown, ValidDeployment>;
  children: ReactNode;
}) {
  const [tenant, resourceProfile, instanceCount, replicas, minReplicas] = useWatch({
    control: form.control,
    name: ["namespace", "resourceProfile", "instanceCount", "replicas", "minReplicas"],
  });
  const need = { after: kubeaiProfileUse({ resourceProfile, instanceCount, replicas, minReplicas }), addsDeployment: true };
  return <QuotaNoteScope subject={{ tenant, need }}>{children}</QuotaNoteScope>;
}

function KubeAICreateForm({
  namespaces,
  profiles,
  defaults,
  origin,
  repository,
}: {
  namespaces: string[];
  profiles: string[];
  defaults?: KubeAIDeploymentInput;
  origin?: PresetOrigin;
  repository?: RepositorySelection;
}) {
  // A preset's name is a choice already made: the URL no longer renames it.
  const nameEdited = useRef(Boolean(defaults));
  const [envProblem, setEnvProblem] = useState<string>();
  const [urlSource, setUrlSource] = useState<UrlSource>(repository ? "repository" : "manual");
  const [selection, setSelection] = useState<RepositorySelection>(repository ?? NO_SELECTION);
  const form = useForm<KubeAIDeploymentInput, unknown, ValidDeployment>({
    resolver: zodResolver(kubeaiDeploymentInputSchema),
    mode: "onTouched",
    defaultValues: defaults ?? blankValues(namespaces, repository),
  });
  const stepper = useCreateSteps(form, STEPS, { field: "env", message: envProblem });
  // The arguments box keeps what is typed (uncontrolled): flags the fit panel adds remount it to show them.
  const [argsRevision, setArgsRevision] = useState(0);

  const onUrlChange = (url: string) => {
    if (!nameEdited.current) form.setValue("name", generateDeploymentName(url), { shouldValidate: form.formState.isSubmitted });
  };
  // A repository version's URL ends in its artifact path ("…/model"): the name comes from the model's name instead.
  const onRepositoryChoice = (chosen: RepositorySelection) => {
    const options = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
    setSelection(chosen);
    form.setValue("url", chosen.url, options);
    if (chosen.url && (!nameEdited.current || form.getValues("name") === "")) {
      form.setValue("name", generateDeploymentName(chosen.model), options);
    }
  };
  // Back on From Repository, the URL is the chosen version's again (or empty until one is chosen).
  const onUrlSourceChange = (source: UrlSource) => {
    setUrlSource(source);
    if (source === "repository") onRepositoryChoice(selection);
  };

  return (
    <form
      onSubmit={stepper.submit}
      noValidate
      onInput={(event) => {
        if ((event.target as HTMLElement).id === "name") nameEdited.current = true;
      }}
    >
      <KeptFilesNote files={defaults?.files} />
      <KubeAIQuotaScope form={form}>
        <StepsFrame steps={STEPS} stepper={stepper}>
          <ModelInformationStep
            form={form}
            namespaces={namespaces}
            onUrlChange={onUrlChange}
            urlSource={{ source: urlSource, onSourceChange: onUrlSourceChange, selection, onChoose: onRepositoryChoice }}
          />
          <DeploymentConfigurationStep
            form={form}
            profiles={profiles}
            origin={origin}
            onArgsAdded={() => setArgsRevision((revision) => revision + 1)}
          />
          <AdvancedConfigurationStep form={form} onEnvProblem={setEnvProblem} argsRevision={argsRevision} />
        </StepsFrame>
      </KubeAIQuotaScope>
    </form>
  );
}

export function CreateDeploymentForm({
  namespaces,
  profiles,
  prefill,
  repository,
}: {
  namespaces: string[];
  profiles: string[];
  prefill?: DeploymentPrefill;
  /** Deploy Model from the repository: the version the form starts from (KubeAI, URL From Repository). */
  repository?: RepositorySelection;
}) {
  const [backend, setBackend] = useState<DeploymentBackendName>(prefill?.backend ?? "kubeai");
  return (
    <div>
      <BackendChoice value={backend} onChange={setBackend} />
      {backend === "kserve" ? (
        <KServeCreateForm
          namespaces={namespaces}
          profiles={profiles}
          defaults={prefill?.backend === "kserve" ? prefill.values : undefined}
          origin={prefill?.backend === "kserve" ? { id: prefill.presetId, modelUrl: prefill.values.storageUri } : undefined}
        />
      ) : (
        <KubeAICreateForm
          namespaces={namespaces}
          profiles={profiles}
          defaults={prefill?.backend === "kubeai" ? prefill.values : undefined}
          origin={prefill?.backend === "kubeai" ? { id: prefill.presetId, modelUrl: prefill.values.url } : undefined}
          repository={prefill ? undefined : repository}
        />
      )}
    </div>
  );
}
