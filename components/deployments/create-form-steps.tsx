"use client";
// The three steps of the advanced form for a KubeAI Model, as in the Model Installer portal: model information,
// deployment configuration, advanced configuration. Validation comes from the shared zod schema through
// react-hook-form. KServe's steps are in ./kserve-form-steps.
import { Controller, useController, type UseFormReturn } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import {
  RepositoryVersionPicker,
  UrlSourceChoice,
  type RepositorySelection,
  type UrlSource,
} from "@/components/repository/repository-url-source";
import { fitSourceOf, type PresetOrigin } from "@/lib/client/deployment-fit";
import { deploymentWarnings, ENGINES, type KubeAIDeploymentInput, type ValidDeployment } from "@/lib/schemas/deployment";
import { FitPanel } from "./fit-panel";
import { ArgsAndEnvFields, errorAt, NumberField } from "./form-controls";
import { FeatureCheckboxes, ModelModeSelect } from "./model-mode-fields";
import { ResourceProfileSelect } from "./resource-profile-select";
import { WarningsNote } from "./warnings-note";

export type DeploymentForm = UseFormReturn<KubeAIDeploymentInput, unknown, ValidDeployment>;

function TextInput({
  form,
  name,
  label,
  hint,
  placeholder,
  onValue,
  readOnly,
}: {
  form: DeploymentForm;
  name: "url" | "name" | "cacheProfile";
  label: string;
  hint?: string;
  placeholder?: string;
  onValue?: (value: string) => void;
  readOnly?: boolean;
}) {
  const error = errorAt(form.formState.errors, name);
  const registered = form.register(name, { setValueAs: (value: string) => (name === "cacheProfile" && value === "" ? undefined : value) });
  return (
    <FormField label={label} htmlFor={name} error={error} hint={hint}>
      <Input
        id={name}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        {...registered}
        onChange={(event) => {
          void registered.onChange(event);
          onValue?.(event.target.value);
        }}
      />
    </FormField>
  );
}

/** Where the URL comes from: typed, or a READY version of a registered model of the form's tenant. */
export interface UrlSourceControl {
  source: UrlSource;
  onSourceChange: (source: UrlSource) => void;
  selection: RepositorySelection;
  onChoose: (selection: RepositorySelection) => void;
}

export function ModelInformationStep({
  form,
  namespaces,
  onUrlChange,
  urlSource,
}: {
  form: DeploymentForm;
  namespaces: string[];
  onUrlChange: (url: string) => void;
  urlSource: UrlSourceControl;
}) {
  const { control, formState, setValue, watch } = form;
  const features = watch("features") ?? [];
  const fromRepository = urlSource.source === "repository";
  // Advice, not errors: shown while typing, and the API returns the same on create.
  const warnings = deploymentWarnings({ url: watch("url") ?? "", cacheProfile: watch("cacheProfile") ?? undefined });
  return (
    <div className="grid gap-5">
      <UrlSourceChoice value={urlSource.source} onChange={urlSource.onSourceChange} />
      {fromRepository ? (
        <RepositoryVersionPicker namespace={watch("namespace") ?? ""} selection={urlSource.selection} onChoose={urlSource.onChoose} />
      ) : null}
      <TextInput
        form={form}
        name="url"
        label="Model URL"
        placeholder="hf://Qwen/Qwen2-0.5B-Instruct"
        hint={
          fromRepository
            ? "The chosen version's stored files; switch to Manual URL to type another"
            : "hf://org/model, pvc://<pvc>[/<path>], ollama://model (OLlama), s3://, gs://, oss:// (with a cache profile)"
        }
        onValue={onUrlChange}
        readOnly={fromRepository}
      />
      {warnings.length ? <WarningsNote id="url-warning" warnings={warnings} /> : null}
      <TextInput form={form} name="cacheProfile" label="Cache profile" hint="Needed for s3://, gs:// and oss:// URLs; optional for hf://" />
      <TextInput
        form={form}
        name="name"
        label="Name"
        hint="Generated from the URL; lowercase letters, digits and '-', at most 40 characters"
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField label="Namespace" htmlFor="namespace" error={errorAt(formState.errors, "namespace")}>
          <Controller
            control={control}
            name="namespace"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger id="namespace" className="w-full">
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
        <FormField label="Engine" htmlFor="engine" error={errorAt(formState.errors, "engine")}>
          <Controller
            control={control}
            name="engine"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger id="engine" className="w-full">
                  <SelectValue placeholder="Choose an engine" />
                </SelectTrigger>
                <SelectContent>
                  {ENGINES.map((engine) => (
                    <SelectItem key={engine} value={engine}>
                      {engine}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        </FormField>
      </div>
      <FormField
        label="Model mode"
        htmlFor="model-mode"
        hint="Sets the features below and is kept for the gateway"
        error={errorAt(formState.errors, "proxy.model_mode")}
      >
        <Controller
          control={control}
          name="proxy.model_mode"
          render={({ field }) => (
            <ModelModeSelect
              id="model-mode"
              value={field.value}
              onChange={(mode, feature) => {
                field.onChange(mode);
                if (feature) setValue("features", [feature], { shouldValidate: true });
              }}
            />
          )}
        />
      </FormField>
      <FeatureCheckboxes
        value={features}
        onChange={(next) => setValue("features", next, { shouldValidate: true })}
        error={errorAt(formState.errors, "features")}
      />
    </div>
  );
}

/** The fit of the profile × count chosen; with vLLM, the flags it recommends can be added to the arguments (step 3). */
function KubeAIFitPanel({ form, origin, onArgsAdded }: { form: DeploymentForm; origin?: PresetOrigin; onArgsAdded: () => void }) {
  const { watch, getValues, setValue, formState } = form;
  const add = (missing: string[]) => {
    setValue("args", [...(getValues("args") ?? []), ...missing], { shouldDirty: true, shouldValidate: formState.isSubmitted });
    onArgsAdded();
  };
  return (
    <div className="sm:col-span-full">
      <FitPanel
        source={fitSourceOf(origin, watch("url"))}
        profile={watch("resourceProfile")}
        count={watch("instanceCount")}
        args={watch("engine") === "VLLM" ? { current: watch("args") ?? [], add } : undefined}
      />
    </div>
  );
}

export function DeploymentConfigurationStep({
  form,
  profiles,
  origin,
  onArgsAdded,
}: {
  form: DeploymentForm;
  profiles: string[];
  /** The preset the form was opened from: the fit is asked about it while its model is kept. */
  origin?: PresetOrigin;
  onArgsAdded: () => void;
}) {
  const { control, formState, register } = form;
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <FormField
        label="Resource profile"
        htmlFor="resourceProfile"
        error={errorAt(formState.errors, "resourceProfile")}
        hint="KubeAI profile; combined with the instance count as <profile>:<count>"
      >
        <Controller
          control={control}
          name="resourceProfile"
          render={({ field }) => (
            <ResourceProfileSelect
              id="resourceProfile"
              value={field.value ?? undefined}
              profiles={profiles}
              onChange={field.onChange}
              invalid={Boolean(errorAt(formState.errors, "resourceProfile"))}
            />
          )}
        />
      </FormField>
      <NumberField
        register={register}
        errors={formState.errors}
        name="instanceCount"
        label="Instance count"
        hint="GPUs (or CPU units) per replica"
        min={1}
      />
      <KubeAIFitPanel form={form} origin={origin} onArgsAdded={onArgsAdded} />
      <NumberField
        register={register}
        errors={formState.errors}
        name="replicas"
        label="Replicas"
        hint="Replicas to start with; empty lets KubeAI scale between min and max, from zero"
        min={0}
        emptyAs={null}
      />
      <NumberField
        register={register}
        errors={formState.errors}
        name="minReplicas"
        label="Min replicas"
        hint="0 allows scaling to zero"
        min={0}
      />
      <NumberField register={register} errors={formState.errors} name="maxReplicas" label="Max replicas" min={1} />
      <NumberField
        register={register}
        errors={formState.errors}
        name="targetRequests"
        label="Target requests"
        hint="In-flight requests per replica before scaling up"
        min={1}
      />
      <NumberField register={register} errors={formState.errors} name="scaleDownDelaySeconds" label="Scale-down delay (seconds)" min={0} />
    </div>
  );
}

export function AdvancedConfigurationStep({
  form,
  onEnvProblem,
  argsRevision,
}: {
  form: DeploymentForm;
  onEnvProblem: (problem: string | undefined) => void;
  /** Changed when the arguments were set from outside the box, which then shows them afresh. */
  argsRevision: number;
}) {
  const { control, formState, register, setError, clearErrors } = form;
  const args = useController({ control, name: "args" }).field;
  const env = useController({ control, name: "env" }).field;
  return (
    <div className="grid gap-5">
      <ArgsAndEnvFields
        argsHint="One engine argument per line, e.g. --max-model-len=8192"
        args={args}
        env={env}
        errors={formState.errors}
        argsRevision={argsRevision}
        onEnvProblem={(problem) => {
          if (problem) setError("env", { message: problem });
          else clearErrors("env");
          onEnvProblem(problem);
        }}
      />
      <h3 className="text-sm font-medium">Proxy metadata (kept on the deployment for the gateway)</h3>
      <div className="grid gap-5 sm:grid-cols-3">
        <NumberField register={register} errors={formState.errors} name="proxy.timeout" label="Timeout (s)" min={1} />
        <NumberField register={register} errors={formState.errors} name="proxy.stream_timeout" label="Stream timeout (s)" min={1} />
        <NumberField register={register} errors={formState.errors} name="proxy.max_retries" label="Max retries" min={0} />
        <NumberField register={register} errors={formState.errors} name="proxy.max_input_tokens" label="Max input tokens" min={1} />
        <NumberField register={register} errors={formState.errors} name="proxy.max_output_tokens" label="Max output tokens" min={1} />
        <NumberField register={register} errors={formState.errors} name="proxy.embedding_dimensions" label="Embedding dimensions" min={1} />
      </div>
    </div>
  );
}
