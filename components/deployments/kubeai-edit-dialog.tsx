"use client";
// Edit a KubeAI deployment: every field the create form sets except name, namespace, engine and URL, with the same
// pickers; only the changed fields are sent (lib/client/deployment-edit).
import { QuotaNoteScope } from "@/components/tenants/quota-note";
import { FormField } from "@/components/ui/form-field";
import { draftOf, EDIT_FIELDS, number, patchFromDraft, type EditDraft, type EditField } from "@/lib/client/deployment-edit";
import { editQuotaNeed, kubeaiProfileUse } from "@/lib/client/quota-note";
import { deploymentWarnings, type KubeAIDeployment } from "@/lib/schemas/deployment";
import { DraftField, EditDialogFrame, editFieldId, Section, useDraftEditor, type DraftEditor } from "./edit-dialog-frame";
import { FeatureCheckboxes, ModelModeSelect } from "./model-mode-fields";
import { ResourceProfileSelect } from "./resource-profile-select";

const KUBEAI_EDITOR: DraftEditor<KubeAIDeployment, EditDraft, EditField> = { fields: EDIT_FIELDS, draftOf, patchFromDraft };

export function KubeAIEditDialog({
  deployment,
  profiles,
  onSaved,
}: {
  deployment: KubeAIDeployment;
  profiles: string[];
  onSaved?: (warnings: string[]) => void;
}) {
  const { controls, base, draft, set, bind, errors } = useDraftEditor(deployment, KUBEAI_EDITOR, onSaved);
  const warnings = deploymentWarnings({ url: base.url, cacheProfile: draft.cacheProfile.trim() || undefined });
  const quotaNeed = editQuotaNeed(
    base,
    kubeaiProfileUse({
      resourceProfile: draft.resourceProfile,
      instanceCount: number(draft.instanceCount),
      replicas: number(draft.replicas),
      minReplicas: number(draft.minReplicas),
    }),
  );
  return (
    <EditDialogFrame
      editor={controls}
      name={deployment.name}
      description="Only the fields you change are sent. Empty replicas lets KubeAI autoscale between min and max."
      warnings={warnings}
    >
      <Section title="Hardware" columns="sm:grid-cols-2">
        <FormField
          label="Resource profile"
          htmlFor={editFieldId("resourceProfile")}
          error={errors.resourceProfile}
          hint="Combined with the instance count as <profile>:<count>"
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
        <DraftField {...bind("instanceCount")} label="Instance count" type="number" hint="GPUs (or CPU units) per replica" />
      </Section>
      <Section title="Scaling">
        <DraftField {...bind("replicas")} label="Replicas" type="number" />
        <DraftField {...bind("minReplicas")} label="Min replicas" type="number" hint="0 allows scaling to zero" />
        <DraftField {...bind("maxReplicas")} label="Max replicas" type="number" />
        <DraftField {...bind("targetRequests")} label="Target requests" type="number" hint="In-flight requests per replica" />
        <DraftField {...bind("scaleDownDelaySeconds")} label="Scale-down delay (seconds)" type="number" />
      </Section>
      <Section title="Model" columns="sm:grid-cols-2">
        <DraftField {...bind("cacheProfile")} label="Cache profile" hint="Empty for none" />
        <FormField
          label="Model mode"
          htmlFor={editFieldId("proxy.model_mode")}
          error={errors["proxy.model_mode"]}
          hint="Sets the feature it needs"
        >
          <ModelModeSelect
            id={editFieldId("proxy.model_mode")}
            value={draft["proxy.model_mode"]}
            onChange={(mode, feature) => {
              set("proxy.model_mode", mode ?? "");
              if (feature) set("features", [feature]);
            }}
          />
        </FormField>
        <div className="sm:col-span-full">
          <FeatureCheckboxes
            idPrefix="edit-feature"
            value={draft.features}
            onChange={(features) => set("features", features)}
            error={errors.features}
          />
        </div>
      </Section>
      <Section title="Engine" columns="">
        <DraftField {...bind("args")} label="Arguments" hint="One per line" multiline />
        <DraftField {...bind("env")} label="Environment" hint="KEY=VALUE, one per line" multiline />
      </Section>
      <Section title="Proxy metadata">
        <DraftField {...bind("proxy.timeout")} label="Timeout (s)" type="number" />
        <DraftField {...bind("proxy.stream_timeout")} label="Stream timeout (s)" type="number" />
        <DraftField {...bind("proxy.max_retries")} label="Max retries" type="number" />
        <DraftField {...bind("proxy.max_input_tokens")} label="Max input tokens" type="number" />
        <DraftField {...bind("proxy.max_output_tokens")} label="Max output tokens" type="number" />
        <DraftField {...bind("proxy.embedding_dimensions")} label="Embedding dimensions" type="number" />
      </Section>
    </EditDialogFrame>
  );
}
