// Resource descriptors: the data that says how each served resource is named, scoped, printed and validated.
import type { CrdValidator } from "./crd-validator";
import type { StatusCause } from "./status";
import { ageColumn, jsonPathColumn, nameColumn, type PrinterColumn } from "./table";
import type { KubeObject } from "./types";
import { isRecord } from "./types";

export interface ScaleInfo {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** How a resource is named and scoped: what a CRD declares and what discovery serves. */
export interface ResourceNaming {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  statusSubresource: boolean;
  scale?: ScaleInfo;
}

export interface ResourceDescriptor extends ResourceNaming {
  verbs: string[];
  columns: PrinterColumn[];
  fieldSelectors: string[];
  /** Names must be DNS-1123 labels (namespaces) rather than subdomains. */
  labelNames?: boolean;
  /** Objects of this resource are kept in the data file. */
  persisted: boolean;
  validator?: CrdValidator;
  prepareCreate?: (object: KubeObject) => void;
  validateCore?: (object: KubeObject, old: KubeObject | undefined) => StatusCause[];
}

export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export function resourceKey(d: { group: string; plural: string }): string {
  return `${d.group}/${d.plural}`;
}

export function apiVersionOf(d: { group: string; version: string }): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

function modelReady(o: KubeObject): string {
  const status = isRecord(o.status) ? o.status : {};
  const replicas = isRecord(status.replicas) ? status.replicas : {};
  const ready = typeof replicas.ready === "number" ? replicas.ready : 0;
  const all = typeof replicas.all === "number" ? replicas.all : 0;
  return `${ready}/${all}`;
}

/**
 * Columns for CRDs that declare no additionalPrinterColumns (KubeAI's Model declares none, and NAME/AGE alone
 * says little). Keyed by group/plural.
 */
const EXTRA_COLUMNS: Record<string, PrinterColumn[]> = {
  "kubeai.org/models": [
    jsonPathColumn({ name: "Engine", type: "string", jsonPath: ".spec.engine", description: "Engine serving the model." }),
    jsonPathColumn({ name: "Features", type: "string", jsonPath: ".spec.features", priority: 1, description: "APIs the model supports." }),
    jsonPathColumn({
      name: "Resource Profile",
      type: "string",
      jsonPath: ".spec.resourceProfile",
      priority: 1,
      description: "Resource profile and count.",
    }),
    { name: "Ready", type: "string", description: "Ready replicas / all replicas.", priority: 0, cell: modelReady },
    jsonPathColumn({ name: "URL", type: "string", jsonPath: ".spec.url", priority: 1, description: "Where the model is loaded from." }),
  ],
};

export function descriptorFromCrd(validator: CrdValidator): ResourceDescriptor {
  const info = validator.info;
  const declared = info.printerColumns.map(jsonPathColumn);
  const extra = EXTRA_COLUMNS[resourceKey(info)] ?? [];
  const columns = declared.length > 0 ? [nameColumn, ...declared] : [nameColumn, ...extra, ageColumn];
  const descriptor: ResourceDescriptor = {
    group: info.group,
    version: info.version,
    plural: info.plural,
    singular: info.singular,
    kind: info.kind,
    listKind: info.listKind,
    shortNames: info.shortNames,
    categories: info.categories,
    namespaced: info.namespaced,
    verbs: ALL_VERBS,
    statusSubresource: info.statusSubresource,
    columns,
    fieldSelectors: info.namespaced ? ["metadata.name", "metadata.namespace"] : ["metadata.name"],
    persisted: true,
    validator,
  };
  if (info.scale) descriptor.scale = info.scale;
  return descriptor;
}

export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceDescriptor>();

  add(descriptor: ResourceDescriptor): void {
    this.byKey.set(resourceKey(descriptor), descriptor);
  }

  find(group: string, version: string, plural: string): ResourceDescriptor | undefined {
    const d = this.byKey.get(`${group}/${plural}`);
    return d && d.version === version ? d : undefined;
  }

  get(group: string, plural: string): ResourceDescriptor {
    const d = this.byKey.get(`${group}/${plural}`);
    if (!d) throw new Error(`unknown resource ${group}/${plural}`);
    return d;
  }

  all(): ResourceDescriptor[] {
    return [...this.byKey.values()];
  }

  /** API groups other than core, each with its served versions, preferred (highest priority) first. */
  groups(): { group: string; versions: string[] }[] {
    const seen = new Map<string, Set<string>>();
    for (const d of this.byKey.values()) {
      if (d.group) seen.set(d.group, (seen.get(d.group) ?? new Set()).add(d.version));
    }
    return [...seen].map(([group, versions]) => ({ group, versions: [...versions].sort(compareVersions) }));
  }
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v1 > v1beta2 > v1beta1 > v1alpha1). */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    const stage = m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return a.localeCompare(b);
}
