"use client";
// The advanced form's Model URL source, as in the Model Installer portal: Manual URL, or From Repository — a
// registered model of the form's tenant and one of its READY versions (the newest by default), whose deployable URL
// becomes the form's URL.
import { useEffect, useRef } from "react";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ModelVersionView } from "@/lib/schemas/repository";
import { useRegisteredModel, useRegisteredModels } from "./queries";
import { isDeployable, latestDeployable } from "./repository-format";

export type UrlSource = "manual" | "repository";

/**
 * Which version is chosen From Repository, in which tenant, and the URL it serves from; empty strings while none is.
 * Deploy Model opens the form with one already chosen (`?repository=`, checked to be READY).
 */
export interface RepositorySelection {
  namespace: string;
  model: string;
  version: string;
  url: string;
}

export const NO_SELECTION: RepositorySelection = { namespace: "", model: "", version: "", url: "" };

const SOURCES: { value: UrlSource; label: string }[] = [
  { value: "manual", label: "Manual URL" },
  { value: "repository", label: "From Repository" },
];
// The picker lists every model of the tenant: a select cannot page.
const PICKER_PAGE_SIZE = 200;

export function UrlSourceChoice({ value, onChange }: { value: UrlSource; onChange: (source: UrlSource) => void }) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">URL source</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        {SOURCES.map((source) => (
          <label key={source.value} htmlFor={`url-source-${source.value}`} className="flex cursor-pointer items-center gap-2">
            <input
              type="radio"
              id={`url-source-${source.value}`}
              name="url-source"
              value={source.value}
              checked={value === source.value}
              onChange={() => onChange(source.value)}
              className="accent-primary"
            />
            {source.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function versionLabel(version: ModelVersionView): string {
  if (isDeployable(version)) return `Version ${version.version}`;
  return `Version ${version.version} (${version.status === "READY" ? "not deployable" : version.status === "PENDING_REGISTRATION" ? "importing" : "failed"})`;
}

/** Loads every page of the tenant's models, one after another. */
function useAllRegisteredModels(namespace: string) {
  const list = useRegisteredModels(namespace, "", PICKER_PAGE_SIZE);
  const { hasNextPage, isFetching, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetching) void fetchNextPage({ cancelRefetch: false });
  }, [hasNextPage, isFetching, fetchNextPage]);
  return list;
}

/** Controlled: the form keeps the selection, so it outlives switching to Manual URL and back. */
export function RepositoryVersionPicker({
  namespace,
  selection,
  onChoose,
}: {
  namespace: string;
  selection: RepositorySelection;
  onChoose: (selection: RepositorySelection) => void;
}) {
  const inThisTenant = selection.namespace === namespace;
  const model = inThisTenant ? selection.model : "";
  const version = inThisTenant ? selection.version : "";
  const models = useAllRegisteredModels(namespace);
  const detail = useRegisteredModel(namespace, model, { enabled: model !== "" });
  const versions = detail.data?.versions ?? [];

  // The form hands a new callback each render; the effects below must not run again for that.
  const choose = useRef(onChoose);
  useEffect(() => {
    choose.current = onChoose;
  });

  // Chosen in another tenant's repository: that URL does not apply in this one.
  useEffect(() => {
    if (!inThisTenant && selection.model !== "") choose.current({ ...NO_SELECTION, namespace });
  }, [inThisTenant, selection.model, namespace]);

  // A model just chosen starts on its newest READY version, once its versions are known.
  const awaitingLatest = useRef(false);
  useEffect(() => {
    if (!awaitingLatest.current || !detail.data || detail.data.name !== model) return;
    awaitingLatest.current = false;
    const latest = latestDeployable(detail.data.versions);
    choose.current({ namespace, model, version: latest?.version ?? "", url: latest?.deployableUrl ?? "" });
  }, [namespace, model, detail.data]);

  const chooseModel = (next: string) => {
    awaitingLatest.current = true;
    onChoose({ namespace, model: next, version: "", url: "" });
  };
  const chooseVersion = (next: string) => {
    const chosen = versions.find((candidate) => candidate.version === next);
    if (chosen?.deployableUrl) onChoose({ namespace, model, version: next, url: chosen.deployableUrl });
  };
  const noneReady = detail.data !== undefined && !latestDeployable(versions);

  return (
    <div className="grid gap-5 rounded-md border bg-muted/20 p-3 sm:grid-cols-2" data-testid="repository-picker">
      <FormField
        label="Repository model"
        htmlFor="repository-model"
        hint={
          models.isSuccess && models.items.length === 0
            ? `No models in the repository of ${namespace} yet`
            : `From the repository of ${namespace}, the Namespace chosen below`
        }
        error={models.isError ? `Could not load the repository: ${models.error.message}` : undefined}
      >
        <Select value={model} onValueChange={chooseModel} disabled={models.isPending}>
          <SelectTrigger id="repository-model" className="w-full">
            <SelectValue placeholder={models.isPending ? "Loading…" : "Choose a model"} />
          </SelectTrigger>
          <SelectContent>
            {models.items.map((item) => (
              <SelectItem key={item.name} value={item.name}>
                {item.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      <FormField
        label="Repository version"
        htmlFor="repository-version"
        hint={
          noneReady ? "No version of this model is READY yet: only READY versions can be deployed" : "Only READY versions can be deployed"
        }
        error={detail.isError ? `Could not load its versions: ${detail.error.message}` : undefined}
      >
        <Select value={version} onValueChange={chooseVersion} disabled={model === "" || versions.length === 0}>
          <SelectTrigger id="repository-version" className="w-full">
            <SelectValue placeholder={model !== "" && detail.isPending ? "Loading…" : "Choose a version"} />
          </SelectTrigger>
          <SelectContent>
            {versions.map((candidate) => (
              <SelectItem key={candidate.version} value={candidate.version} disabled={!isDeployable(candidate)}>
                {versionLabel(candidate)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
    </div>
  );
}
