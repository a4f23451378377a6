"use client";
// Edit a KServe deployment: where the model is, the runtime, scaling, hardware and the container's args and env; only
// the changed fields are sent (lib/client/deployment-edit-kserve). Name, namespace, format and mode stay: KServe
// fixes the mode when it creates the service.
import { QuotaNoteScope } from "@/components/tenants/quota-note";
import { FormField } from "@/components/ui/form-field";
import { number } from "@/lib/client/deployment-edit";
import {
  KSERVE_EDIT_FIELDS,
  kserveDraftOf,
  kserveDraftWarnings,
  kservePatchFromDraft,
  type KServeEditDraft,
  type KServeEditField,
} from "@/lib/client/deployment-edit-kserve";
import { scaleMetricChoices } from "@/lib/client/kserve-form";
import { editQuotaNeed, kserveProfileUse } from "@/lib/client/quota-note";
import type { KServeDeployment } from "@/lib/schemas/deployment";
import { KSERVE_STORAGE_SCHEMES } from "@/lib/schemas/kserve";
import { DraftField, EditDialogFrame, editFieldId, Section, useDraftEditor, type DraftEditor } from "./edit-dialog-frame";
import { ChoiceSelect } from "./form-controls";
import { ResourceProfileSelect } from "./resource-profile-select";

const KSERVE_EDITOR: DraftEditor<KServeDeployment, KServeEditDraft, KServeEditField> = {
  fields: KSERVE_EDIT_FIELDS,
  draftOf: kserveDraftOf,
  patchFromDraft: kservePatchFromDraft,
};

export function KServeEditDialog({
  deployment,
  profiles,
  onSaved,
}: {
  deployment: KServeDeployment;
  profiles: string[];
  onSaved?: (warnings: string[]) => void;
}) {
  const { controls, base, draft, set, bind, errors } = useDraftEditor(deployment, KSERVE_EDITOR, onSaved);
  const mode = base.deploymentMode;
  const quotaNeed = editQuotaNeed(
    base,
    kserveProfileUse({
      resourceProfile: draft.resourceProfile ? `${draft.resourceProfile}:${draft.profileCount}` : null,
      minReplicas: number(draft.minReplicas),
    }),
  );
  return (
    <EditDialogFrame
      editor={controls}
      name={deployment.name}
      description={`Only the fields you change are sent. It stays a ${base.modelFormat.name} model in ${mode ?? "the cluster's default"} mode.`}
      warnings={kserveDraftWarnings(base, draft)}
    >
      <Section title="Model" columns="sm:grid-cols-2">
        <DraftField {...bind("storageUri")} label="Storage URI" hint={KSERVE_STORAGE_SCHEMES.join(", ")} />
        <DraftField {...bind("runtime")} label="Runtime" hint="A ClusterServingRuntime; empty lets KServe pick one by format" />
      </Section>
      <Section title="Scaling" columns="sm:grid-cols-2">
        <DraftField {...bind("minReplicas")} label="Min replicas" type="number" hint="0 scales to zero (Serverless mode only)" />
        <DraftField {...bind("maxReplicas")} label="Max replicas" type="number" />
        <DraftField {...bind("scaleTarget")} label="Scale target" type="number" hint="Per replica; a percentage for cpu and memory" />
        <FormField
          label="Scale metric"
          htmlFor={editFieldId("scaleMetric")}
          error={errors.scaleMetric}
          hint={mode ? `What ${mode} mode scales on` : "The cluster's default mode decides which work"}
        >
          <ChoiceSelect
            id={editFieldId("scaleMetric")}
            value={draft.scaleMetric}
            choices={scaleMetricChoices(mode)}
            noneLabel="The mode's default"
            onChange={(value) => set("scaleMetric", value ?? "")}
            invalid={Boolean(errors.scaleMetric)}
          />
        </FormField>
      </Section>
      <Section title="Hardware" columns="sm:grid-cols-2">
        <FormField
          label="Resource profile"
          htmlFor={editFieldId("resourceProfile")}
          error={errors.resourceProfile}
          hint="GPUs (and CPU, memory) per unit, as for KubeAI deployments"
        >
          <QuotaNoteScope subject={{ tenant: base.namespace, need: quotaNeed }}>
            <ResourceProfileSelect
              id={editFieldId("resourceProfile")}
              value={draft.resourceProfile}
              profiles={profiles}
              onChange={(value) => set("resourceProfile", value ?? "")}
              invalid={Boolean(errors.resourceProfile)}
            />
          </QuotaNoteScope>
        </FormField>
        <DraftField {...bind("profileCount")} label="Profile units" type="number" hint="Units of the profile per replica" />
        <DraftField {...bind("resources.requests.cpu")} label="CPU request" placeholder="500m" />
        <DraftField {...bind("resources.limits.cpu")} label="CPU limit" placeholder="1" />
        <DraftField {...bind("resources.requests.memory")} label="Memory request" placeholder="1Gi" />
        <DraftField {...bind("resources.limits.memory")} label="Memory limit" placeholder="2Gi" />
      </Section>
      <Section title="Container" columns="">
        <DraftField {...bind("args")} label="Arguments" hint="One per line, after the runtime's own" multiline />
        <DraftField {...bind("env")} label="Environment" hint="KEY=VALUE, one per line" multiline />
      </Section>
    </EditDialogFrame>
  );
}
