"use client";
// A chosen preset: a read-only summary of what will be deployed, its name (from the preset, editable), the tenant
// and the owner; Deploy sends the preset's deployment as it is and opens the new deployment's page, Customize
// deployment opens the advanced form pre-filled from it.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/sonner";
import { ChoiceSelect } from "@/components/deployments/form-controls";
import { useCreateDeployment } from "@/components/deployments/queries";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { formatParameterCount, presetFeaturesLabel, presetModelLocation, presetServingLabel } from "@/lib/client/preset-catalog";
import { customizePath, deploymentNameProblem, presetDeploymentBody, presetDeploymentName } from "@/lib/client/preset-deploy";
import { fitBadgeOf, type FitBadge as FitBadgeValue } from "@/lib/client/preset-fit";
import type { Preset } from "@/lib/schemas/preset";
import { FitBadge, FitDetails } from "./fit-badge";
import { usePresetFit } from "./queries";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function tokenLimitsText(limits: Preset["tokenLimits"]): string {
  const parts = [
    limits.contextLength ? `context ${limits.contextLength.toLocaleString("en-US")}` : null,
    limits.maxInputTokens ? `input ${limits.maxInputTokens.toLocaleString("en-US")}` : null,
    limits.maxOutputTokens ? `output ${limits.maxOutputTokens.toLocaleString("en-US")}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "the engine's defaults";
}

function PresetSummary({ preset, fit }: { preset: Preset; fit: FitBadgeValue }) {
  const args = Array.isArray(preset.deployment.args) ? (preset.deployment.args as string[]) : [];
  const files = Array.isArray(preset.deployment.files) ? (preset.deployment.files as { path: string }[]) : [];
  const size = formatParameterCount(preset.parameters);
  return (
    <section aria-label="What will be deployed" className="grid gap-3 rounded-md border p-3 text-sm">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Fact label="Engine">{presetServingLabel(preset)}</Fact>
        <Fact label="Served by">{preset.backend === "kserve" ? "KServe InferenceService" : "KubeAI Model"}</Fact>
        <Fact label="Resource profile">{preset.resourceProfile ?? "cluster default"}</Fact>
        <Fact label="Size">{size ? `${size} parameters` : "not stated"}</Fact>
        <div className="grid min-w-0 gap-0.5 sm:col-span-2">
          <dt className="text-xs text-muted-foreground">{preset.backend === "kserve" ? "Storage URI" : "Model URL"}</dt>
          <dd className="min-w-0 font-mono text-xs break-all" data-testid="preset-model">
            {presetModelLocation(preset)}
          </dd>
        </div>
        <Fact label="Token limits">{tokenLimitsText(preset.tokenLimits)}</Fact>
        <Fact label="Features">{presetFeaturesLabel(preset)}</Fact>
        <Fact label="Tags">{preset.tags.join(", ") || "none"}</Fact>
        {args.length > 0 ? (
          <Fact label="Engine arguments">
            <span className="font-mono text-xs break-all">{args.join(" ")}</span>
          </Fact>
        ) : null}
        {files.length > 0 ? <Fact label="Files mounted">{files.map((file) => file.path).join(", ")}</Fact> : null}
      </dl>
      <div className="grid gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-muted-foreground">Fit{fit.profile ? ` on ${fit.profile}` : ""}</span>
          <FitBadge badge={fit} />
        </div>
        <FitDetails badge={fit} className="text-xs text-muted-foreground" />
      </div>
    </section>
  );
}

function DeployForm({ preset, namespaces, owner }: { preset: Preset; namespaces: string[]; owner: string }) {
  const router = useRouter();
  const create = useCreateDeployment();
  const [name, setName] = useState(() => presetDeploymentName(preset));
  const [namespace, setNamespace] = useState(namespaces[0] ?? "");
  const [errors, setErrors] = useState<{ name?: string; namespace?: string }>({});
  const [formError, setFormError] = useState<string>();

  const deploy = async () => {
    const nameProblem = deploymentNameProblem(preset.backend, name);
    setErrors({ name: nameProblem, namespace: namespace ? undefined : "Choose a tenant" });
    setFormError(undefined);
    if (nameProblem || !namespace) return;
    try {
      const created = await create.mutateAsync(presetDeploymentBody(preset, name, namespace));
      toast.success(`Deployment ${created.name} created from ${preset.name}`);
      for (const warning of created.warnings ?? []) toast.warning(warning);
      router.push(`/deployments/${created.namespace}/${created.name}`);
    } catch (error) {
      const { byField, unplaced } = placeFieldErrors(problemsOf(error), ["name", "namespace"] as const);
      setErrors(byField);
      const message = error instanceof Error ? error.message : "Deploy failed";
      // What the preset itself gets wrong has no box here: say it whole, and how to fix it.
      if (unplaced.length > 0 || Object.keys(byField).length === 0)
        setFormError(unplaced.length ? unplaced.map((problem) => `${problem.field}: ${problem.message}`).join("; ") : message);
      toast.error(message);
    }
  };

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void deploy();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" htmlFor="preset-name" error={errors.name} hint="The deployment's name; also the model name clients call">
          <Input
            id="preset-name"
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "preset-name-error" : "preset-name-hint"}
            onChange={(event) => setName(event.target.value)}
          />
        </FormField>
        <FormField label="Namespace" htmlFor="preset-namespace" error={errors.namespace}>
          <ChoiceSelect id="preset-namespace" value={namespace} choices={namespaces} onChange={(value) => setNamespace(value ?? "")} />
        </FormField>
      </div>
      <p className="text-sm">
        <span className="text-muted-foreground">Owner: </span>
        <span data-testid="preset-owner">{owner}</span>
      </p>
      {formError ? (
        <p role="alert" className="rounded-md border border-destructive/50 p-3 text-sm break-words text-destructive">
          {formError} — use Customize deployment to change it.
        </p>
      ) : null}
      <DialogFooter>
        <Button asChild variant="outline">
          <Link href={customizePath(preset.id, { name, namespace })}>Customize deployment</Link>
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Deploying…" : "Deploy"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** The dialog's body for one preset: its fit (the card's answer, from the cache), the summary and the deploy form. */
function ChosenPreset({
  preset,
  profile,
  namespaces,
  owner,
}: {
  preset: Preset;
  profile: string | null;
  namespaces: string[];
  owner: string;
}) {
  const check = usePresetFit(preset.id, true);
  const fit = fitBadgeOf(preset, profile, check.data, check.error);
  return (
    <>
      <DialogHeader>
        <DialogTitle className="break-words">Deploy {preset.name}</DialogTitle>
        <DialogDescription className="break-words">{preset.description}</DialogDescription>
      </DialogHeader>
      <PresetSummary preset={preset} fit={fit} />
      {namespaces.length > 0 ? (
        <DeployForm key={preset.id} preset={preset} namespaces={namespaces} owner={owner} />
      ) : (
        <p className="text-sm text-muted-foreground">
          You can only read deployments: no tenant lets you create them. Ask an admin for the member role.
        </p>
      )}
    </>
  );
}

export function PresetDeployDialog({
  preset,
  profile,
  namespaces,
  owner,
  onClose,
}: {
  preset: Preset | undefined;
  /** The profile picked for fit checks; the preset's own when null. */
  profile: string | null;
  namespaces: string[];
  owner: string;
  onClose: () => void;
}) {
  return (
    <Dialog open={Boolean(preset)} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-2xl">
        {preset ? <ChosenPreset preset={preset} profile={profile} namespaces={namespaces} owner={owner} /> : null}
      </DialogContent>
    </Dialog>
  );
}
