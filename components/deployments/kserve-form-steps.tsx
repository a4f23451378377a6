"use client";
// The three steps of the KServe create form: the model (format, storage, runtime, protocol, name), serving (mode,
// scaling, resource profile, CPU and memory) and the container (arguments, environment, service account).
import { Controller, useController, type UseFormReturn } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { fitSourceOf, type PresetOrigin } from "@/lib/client/deployment-fit";
import { defaultProtocolOf, kserveInputWarnings, scaleMetricChoices } from "@/lib/client/kserve-form";
import { splitResourceProfile } from "@/lib/schemas/deployment";
import {
  KSERVE_DEFAULTS,
  KSERVE_DEPLOYMENT_MODES,
  KSERVE_LIMITS,
  KSERVE_MODEL_FORMATS,
  KSERVE_PROTOCOLS,
  KSERVE_STORAGE_SCHEMES,
  MAX_KSERVE_NAME_LENGTH,
  type KServeDeploymentInput,
  type ValidKServeDeployment,
} from "@/lib/schemas/kserve";
import { FitPanel } from "./fit-panel";
import { ArgsAndEnvFields, ChoiceSelect, errorAt, NumberField, TextField } from "./form-controls";
import { ResourceProfileSelect } from "./resource-profile-select";
import { WarningsNote } from "./warnings-note";

export type KServeForm = UseFormReturn<KServeDeploymentInput, unknown, ValidKServeDeployment>;

export function KServeModelStep({ form, namespaces }: { form: KServeForm; namespaces: string[] }) {
  const { control, formState, register, watch } = form;
  const format = watch("modelFormat.name");
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <FormField label="Model format" htmlFor="modelFormat-name" error={errorAt(formState.errors, "modelFormat.name")}>
        <Controller
          control={control}
          name="modelFormat.name"
          render={({ field }) => (
            <ChoiceSelect
              id="modelFormat-name"
              value={field.value}
              choices={KSERVE_MODEL_FORMATS}
              onChange={field.onChange}
              invalid={Boolean(errorAt(formState.errors, "modelFormat.name"))}
            />
          )}
        />
      </FormField>
      <TextField
        register={register}
        errors={formState.errors}
        name="modelFormat.version"
        label="Format version"
        hint='Optional, e.g. "1": KServe then picks a runtime that serves this version'
      />
      <div className="sm:col-span-full">
        <TextField
          register={register}
          errors={formState.errors}
          name="storageUri"
          label="Storage URI"
          placeholder="gs://kfserving-examples/models/sklearn/1.0/model"
          hint={`Where the model is: ${KSERVE_STORAGE_SCHEMES.join(", ")}`}
          required
        />
      </div>
      <TextField
        register={register}
        errors={formState.errors}
        name="runtime"
        label="Runtime"
        hint="Optional: a ClusterServingRuntime; KServe picks one by format when empty"
      />
      <FormField
        label="Protocol"
        htmlFor="protocol"
        error={errorAt(formState.errors, "protocol")}
        hint="The inference protocol its runtime speaks"
      >
        <Controller
          control={control}
          name="protocol"
          render={({ field }) => (
            <ChoiceSelect
              id="protocol"
              value={field.value}
              choices={KSERVE_PROTOCOLS}
              noneLabel={`Default for ${format}: ${defaultProtocolOf(format)}`}
              onChange={field.onChange}
              invalid={Boolean(errorAt(formState.errors, "protocol"))}
            />
          )}
        />
      </FormField>
      <TextField
        register={register}
        errors={formState.errors}
        name="name"
        label="Name"
        placeholder="sklearn-iris"
        hint={`Lowercase letters, digits and '-', starting with a letter; at most ${MAX_KSERVE_NAME_LENGTH} characters`}
        required
      />
      <FormField label="Namespace" htmlFor="namespace" error={errorAt(formState.errors, "namespace")}>
        <Controller
          control={control}
          name="namespace"
          render={({ field }) => <ChoiceSelect id="namespace" value={field.value} choices={namespaces} onChange={field.onChange} />}
        />
      </FormField>
    </div>
  );
}

/** The resource profile and its units per replica, kept in the form as one `<profile>:<count>` value. */
function ProfileWithCount({ form, profiles }: { form: KServeForm; profiles: string[] }) {
  const { control, formState } = form;
  const error = errorAt(formState.errors, "resourceProfile");
  return (
    <Controller
      control={control}
      name="resourceProfile"
      render={({ field }) => {
        const { profile, count } = splitResourceProfile(field.value);
        return (
          <>
            <FormField
              label="Resource profile"
              htmlFor="resourceProfile"
              error={error}
              hint="GPUs (and CPU, memory) per unit, the same profiles as KubeAI deployments"
            >
              <ResourceProfileSelect
                id="resourceProfile"
                value={profile ?? undefined}
                profiles={profiles}
                onChange={(next) => field.onChange(next ? `${next}:${count ?? KSERVE_DEFAULTS.profileCount}` : undefined)}
                invalid={Boolean(error)}
              />
            </FormField>
            <FormField label="Profile units" htmlFor="profileUnits" hint="Units of the profile per replica">
              <Input
                id="profileUnits"
                type="number"
                inputMode="numeric"
                min={1}
                max={KSERVE_LIMITS.profileCount}
                disabled={!profile}
                // Emptied, the count is left out (one unit) and the box stays empty while the person types.
                value={profile ? (count ?? "") : KSERVE_DEFAULTS.profileCount}
                onChange={(event) => field.onChange(event.target.value ? `${profile}:${event.target.value}` : profile)}
              />
            </FormField>
          </>
        );
      }}
    />
  );
}

export function KServeServingStep({ form, profiles, origin }: { form: KServeForm; profiles: string[]; origin?: PresetOrigin }) {
  const { control, formState, register, watch, getValues, setValue } = form;
  const mode = watch("deploymentMode");
  const { profile, count } = splitResourceProfile(watch("resourceProfile"));
  const metrics = scaleMetricChoices(mode);
  // Advice, not errors: shown while typing, and the API returns the same on create.
  const warnings = kserveInputWarnings(watch());
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <FormField
        label="Deployment mode"
        htmlFor="deploymentMode"
        error={errorAt(formState.errors, "deploymentMode")}
        hint="RawDeployment: a Deployment and an HPA. Serverless: Knative, which can scale to zero"
      >
        <Controller
          control={control}
          name="deploymentMode"
          render={({ field }) => (
            <ChoiceSelect
              id="deploymentMode"
              value={field.value}
              choices={KSERVE_DEPLOYMENT_MODES}
              noneLabel="Cluster default"
              onChange={(next) => {
                field.onChange(next);
                // Each mode's autoscaler takes its own metrics: drop one the new mode cannot use.
                const metric = getValues("scaleMetric");
                if (metric && !scaleMetricChoices(next).includes(metric)) setValue("scaleMetric", undefined);
              }}
            />
          )}
        />
      </FormField>
      <FormField
        label="Scale metric"
        htmlFor="scaleMetric"
        error={errorAt(formState.errors, "scaleMetric")}
        hint={mode ? `What ${mode} mode scales on` : "Choose a mode to narrow these down"}
      >
        <Controller
          control={control}
          name="scaleMetric"
          render={({ field }) => (
            <ChoiceSelect
              id="scaleMetric"
              value={field.value}
              choices={metrics}
              noneLabel="The mode's default"
              onChange={field.onChange}
              invalid={Boolean(errorAt(formState.errors, "scaleMetric"))}
            />
          )}
        />
      </FormField>
      <NumberField
        register={register}
        errors={formState.errors}
        name="minReplicas"
        label="Min replicas"
        hint="0 scales to zero (Serverless mode only)"
        min={0}
      />
      <NumberField register={register} errors={formState.errors} name="maxReplicas" label="Max replicas" min={1} />
      <NumberField
        register={register}
        errors={formState.errors}
        name="scaleTarget"
        label="Scale target"
        hint="Per replica: requests in flight, requests/s, or % of CPU or memory"
        min={1}
      />
      <div className="hidden sm:block" aria-hidden="true" />
      <ProfileWithCount form={form} profiles={profiles} />
      <div className="sm:col-span-full">
        <FitPanel source={fitSourceOf(origin, watch("storageUri"))} profile={profile} count={count} />
      </div>
      <TextField register={register} errors={formState.errors} name="resources.requests.cpu" label="CPU request" placeholder="500m" />
      <TextField register={register} errors={formState.errors} name="resources.limits.cpu" label="CPU limit" placeholder="1" />
      <TextField register={register} errors={formState.errors} name="resources.requests.memory" label="Memory request" placeholder="1Gi" />
      <TextField register={register} errors={formState.errors} name="resources.limits.memory" label="Memory limit" placeholder="2Gi" />
      {warnings.length ? (
        <div className="sm:col-span-full">
          <WarningsNote id="kserve-warnings" warnings={warnings} />
        </div>
      ) : null}
    </div>
  );
}

export function KServeAdvancedStep({ form, onEnvProblem }: { form: KServeForm; onEnvProblem: (problem: string | undefined) => void }) {
  const { control, formState, register, setError, clearErrors } = form;
  const args = useController({ control, name: "args" }).field;
  const env = useController({ control, name: "env" }).field;
  return (
    <div className="grid gap-5">
      <ArgsAndEnvFields
        argsHint="One per line, added after the serving runtime's own, e.g. --workers=2"
        args={args}
        env={env}
        errors={formState.errors}
        onEnvProblem={(problem) => {
          if (problem) setError("env", { message: problem });
          else clearErrors("env");
          onEnvProblem(problem);
        }}
      />
      <TextField
        register={register}
        errors={formState.errors}
        name="serviceAccountName"
        label="Service account"
        hint="Optional: its secrets give the storage initializer credentials for s3:// or gs://"
      />
    </div>
  );
}
