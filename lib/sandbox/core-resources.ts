// Descriptors for the core/v1 resources the sandbox serves: namespaces, nodes, events, pods, persistent volume claims,
// configmaps, service accounts, secrets and resource quotas.
import { randomUUID } from "node:crypto";
import { preparePod, validatePod } from "./pod-defaults";
import { prepareResourceQuota, quotaCell, validateResourceQuota } from "./resource-quota";
import { ALL_VERBS, type ResourceDescriptor } from "./resources";
import type { StatusCause } from "./status";
import { ageColumn, ageOf, nameColumn, type PrinterColumn } from "./table";
import { getPath, isRecord, type KubeObject } from "./types";

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function pathColumn(name: string, path: string, priority = 0, format?: string): PrinterColumn {
  const column: PrinterColumn = {
    name,
    type: "string",
    priority,
    description: "",
    cell: (o) => text(getPath(o, path.split("."))) || "<none>",
  };
  if (format) column.format = format;
  return column;
}

function base(plural: string, kind: string, namespaced: boolean): Omit<ResourceDescriptor, "columns" | "fieldSelectors"> {
  return {
    group: "",
    version: "v1",
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    shortNames: [],
    categories: [],
    namespaced,
    verbs: ALL_VERBS,
    statusSubresource: true,
    persisted: true,
  };
}

function nodeStatus(o: KubeObject): string {
  const conditions = getPath(o, ["status", "conditions"]);
  const ready = Array.isArray(conditions) ? conditions.find((c) => isRecord(c) && c.type === "Ready") : undefined;
  const status = isRecord(ready) && ready.status === "True" ? "Ready" : "NotReady";
  return getPath(o, ["spec", "unschedulable"]) === true ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length));
  return roles.length > 0 ? roles.sort().join(",") : "<none>";
}

function nodeAddress(type: string): (o: KubeObject) => string {
  return (o) => {
    const addresses = getPath(o, ["status", "addresses"]);
    const found = Array.isArray(addresses) ? addresses.find((a) => isRecord(a) && a.type === type) : undefined;
    return isRecord(found) ? text(found.address) : "<none>";
  };
}

function podReady(o: KubeObject): string {
  const statuses = getPath(o, ["status", "containerStatuses"]);
  const list = Array.isArray(statuses) ? statuses.filter(isRecord) : [];
  const containers = getPath(o, ["spec", "containers"]);
  const total = Array.isArray(containers) ? containers.length : list.length;
  return `${list.filter((s) => s.ready === true).length}/${total}`;
}

/** kubectl's Init:<n>/<total>, Init:<reason> while init containers (KServe's storage initializer) have not all completed. */
function initStatus(o: KubeObject): string | undefined {
  const statuses = getPath(o, ["status", "initContainerStatuses"]);
  const list = Array.isArray(statuses) ? statuses.filter(isRecord) : [];
  for (const [i, s] of list.entries()) {
    const terminated = getPath(s, ["state", "terminated"]);
    if (isRecord(terminated) && terminated.exitCode === 0) continue;
    if (isRecord(terminated)) return `Init:${text(terminated.reason) || `ExitCode:${String(terminated.exitCode)}`}`;
    const waiting = text(getPath(s, ["state", "waiting", "reason"]));
    if (waiting && waiting !== "PodInitializing") return `Init:${waiting}`;
    return `Init:${i}/${list.length}`;
  }
  return undefined;
}

function podStatus(o: KubeObject): string {
  const reason = text(getPath(o, ["status", "reason"]));
  if (reason) return reason;
  const init = initStatus(o);
  if (init) return init;
  const statuses = getPath(o, ["status", "containerStatuses"]);
  const waiting = Array.isArray(statuses)
    ? statuses.map((s) => getPath(s, ["state", "waiting", "reason"])).find((r) => typeof r === "string")
    : undefined;
  return typeof waiting === "string" ? waiting : text(getPath(o, ["status", "phase"])) || "Pending";
}

function eventObject(o: KubeObject): string {
  return `${text(getPath(o, ["involvedObject", "kind"])).toLowerCase()}/${text(getPath(o, ["involvedObject", "name"]))}`;
}

function eventLastSeen(o: KubeObject, now: number): string {
  return ageOf(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now);
}

export function coreDescriptors(): ResourceDescriptor[] {
  const namespaces: ResourceDescriptor = {
    ...base("namespaces", "Namespace", false),
    shortNames: ["ns"],
    labelNames: true,
    columns: [nameColumn, pathColumn("Status", "status.phase"), ageColumn],
    fieldSelectors: ["metadata.name", "status.phase"],
    prepareCreate: (o) => {
      const name = o.metadata.name ?? "";
      o.metadata.labels = { ...(o.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
      o.spec = { finalizers: ["kubernetes"] };
      o.status = { phase: "Active" };
    },
  };
  const nodes: ResourceDescriptor = {
    ...base("nodes", "Node", false),
    shortNames: ["no"],
    verbs: ["get", "list", "watch"],
    persisted: false,
    columns: [
      nameColumn,
      { name: "Status", type: "string", priority: 0, cell: nodeStatus },
      { name: "Roles", type: "string", priority: 0, cell: nodeRoles },
      ageColumn,
      pathColumn("Version", "status.nodeInfo.kubeletVersion"),
      { name: "Internal-IP", type: "string", priority: 1, cell: nodeAddress("InternalIP") },
      { name: "External-IP", type: "string", priority: 1, cell: nodeAddress("ExternalIP") },
      pathColumn("OS-Image", "status.nodeInfo.osImage", 1),
      pathColumn("Kernel-Version", "status.nodeInfo.kernelVersion", 1),
      pathColumn("Container-Runtime", "status.nodeInfo.containerRuntimeVersion", 1),
    ],
    fieldSelectors: ["metadata.name", "spec.unschedulable"],
  };
  const events: ResourceDescriptor = {
    ...base("events", "Event", true),
    shortNames: ["ev"],
    statusSubresource: false,
    columns: [
      { name: "Last Seen", type: "string", priority: 0, cell: eventLastSeen },
      pathColumn("Type", "type"),
      pathColumn("Reason", "reason"),
      { name: "Object", type: "string", priority: 0, cell: eventObject },
      pathColumn("Subobject", "involvedObject.fieldPath", 1),
      pathColumn("Source", "source.component", 1),
      pathColumn("Message", "message"),
      { name: "First Seen", type: "string", priority: 1, cell: (o, now) => ageOf(o.firstTimestamp, now) },
      { name: "Count", type: "string", priority: 1, cell: (o) => String(o.count ?? 1) },
      { ...nameColumn, priority: 1 },
    ],
    fieldSelectors: [
      "metadata.name",
      "metadata.namespace",
      "involvedObject.kind",
      "involvedObject.namespace",
      "involvedObject.name",
      "involvedObject.uid",
      "involvedObject.apiVersion",
      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",
      "reason",
      "reportingComponent",
      "source",
      "type",
    ],
    validateCore: validateEvent,
  };
  const pods: ResourceDescriptor = {
    ...base("pods", "Pod", true),
    shortNames: ["po"],
    categories: ["all"],
    verbs: ["create", "delete", "get", "list", "watch"],
    columns: [
      nameColumn,
      { name: "Ready", type: "string", priority: 0, cell: podReady },
      { name: "Status", type: "string", priority: 0, cell: podStatus },
      { name: "Restarts", type: "string", priority: 0, cell: () => "0" },
      ageColumn,
      pathColumn("IP", "status.podIP", 1),
      pathColumn("Node", "spec.nodeName", 1),
      { name: "Nominated Node", type: "string", priority: 1, cell: () => "<none>" },
      { name: "Readiness Gates", type: "string", priority: 1, cell: () => "<none>" },
    ],
    fieldSelectors: [
      "metadata.name",
      "metadata.namespace",
      "spec.nodeName",
      "spec.restartPolicy",
      "spec.schedulerName",
      "spec.serviceAccountName",
      "status.phase",
      "status.podIP",
      "status.nominatedNodeName",
    ],
    prepareCreate: preparePod,
    validateCore: validatePod,
  };
  return [namespaces, nodes, events, pods, persistentVolumeClaims(), configMaps(), serviceAccounts(), secrets(), resourceQuotas()];
}

/**
 * Claims are served so `pvc://<claim>/<path>` storage URIs can be checked against real objects; a claim is bound as
 * soon as it is created (no provisioner, no volumes).
 */
function persistentVolumeClaims(): ResourceDescriptor {
  return {
    ...base("persistentvolumeclaims", "PersistentVolumeClaim", true),
    shortNames: ["pvc"],
    columns: [
      nameColumn,
      pathColumn("Status", "status.phase"),
      pathColumn("Volume", "spec.volumeName"),
      pathColumn("Capacity", "status.capacity.storage"),
      { name: "Access Modes", type: "string", priority: 0, cell: (o) => accessModes(getPath(o, ["status", "accessModes"])) },
      pathColumn("StorageClass", "spec.storageClassName"),
      pathColumn("VolumeAttributesClass", "spec.volumeAttributesClassName"),
      ageColumn,
      pathColumn("VolumeMode", "spec.volumeMode", 1),
    ],
    fieldSelectors: ["metadata.name", "metadata.namespace"],
    prepareCreate: (o) => {
      const spec = isRecord(o.spec) ? o.spec : {};
      o.spec = { storageClassName: "standard", volumeMode: "Filesystem", ...spec, volumeName: `pvc-${randomUUID()}` };
      o.status = {
        phase: "Bound",
        accessModes: spec.accessModes,
        capacity: { storage: getPath(spec, ["resources", "requests", "storage"]) },
      };
    },
    validateCore: validateClaim,
  };
}

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};

function accessModes(value: unknown): string {
  return Array.isArray(value) ? value.map((m) => ACCESS_MODES[String(m)] ?? String(m)).join(",") : "";
}

function validateClaim(o: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const modes = getPath(o, ["spec", "accessModes"]);
  if (!Array.isArray(modes) || modes.length === 0) {
    causes.push({ reason: "FieldValueRequired", field: "spec.accessModes", message: "Required value: at least 1 access mode is required" });
  }
  if (getPath(o, ["spec", "resources", "requests", "storage"]) === undefined) {
    causes.push({ reason: "FieldValueRequired", field: "spec.resources[storage]", message: "Required value" });
  }
  return causes;
}

function validateEvent(o: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const involved = o.involvedObject;
  if (!isRecord(involved)) {
    causes.push({ reason: "FieldValueRequired", field: "involvedObject", message: "Required value" });
  } else if (typeof involved.namespace === "string" && involved.namespace !== o.metadata.namespace) {
    causes.push({
      reason: "FieldValueInvalid",
      field: "involvedObject.namespace",
      message: `Invalid value: "${involved.namespace}": does not match event.namespace`,
    });
  }
  return causes;
}

/** ConfigMaps: KubeAI keeps its configuration (resource profiles among it) in one, which Modelport reads. */
function configMaps(): ResourceDescriptor {
  return {
    ...base("configmaps", "ConfigMap", true),
    shortNames: ["cm"],
    columns: [
      nameColumn,
      { name: "Data", type: "integer", priority: 0, cell: (o) => String(Object.keys(isRecord(o.data) ? o.data : {}).length) },
      ageColumn,
    ],
    fieldSelectors: ["metadata.name", "metadata.namespace"],
  };
}

/** ServiceAccounts: a KServe deployment names one whose Secrets give its storage initializer credentials. */
function serviceAccounts(): ResourceDescriptor {
  return {
    ...base("serviceaccounts", "ServiceAccount", true),
    shortNames: ["sa"],
    columns: [
      nameColumn,
      { name: "Secrets", type: "integer", priority: 0, cell: (o) => String(Array.isArray(o.secrets) ? o.secrets.length : 0) },
      ageColumn,
    ],
    fieldSelectors: ["metadata.name", "metadata.namespace"],
  };
}

/** Secrets, as a ServiceAccount refers to them; served so a reference can be checked against a real object. */
function secrets(): ResourceDescriptor {
  return {
    ...base("secrets", "Secret", true),
    columns: [
      nameColumn,
      { name: "Type", type: "string", priority: 0, cell: (o) => (typeof o.type === "string" ? o.type : "Opaque") },
      { name: "Data", type: "integer", priority: 0, cell: (o) => String(Object.keys(isRecord(o.data) ? o.data : {}).length) },
      ageColumn,
    ],
    fieldSelectors: ["metadata.name", "metadata.namespace", "type"],
  };
}

/** ResourceQuotas: a tenant's limits, enforced on every create in the namespace (resource-quota.ts). */
function resourceQuotas(): ResourceDescriptor {
  return {
    ...base("resourcequotas", "ResourceQuota", true),
    shortNames: ["quota"],
    columns: [
      nameColumn,
      ageColumn,
      {
        name: "Request",
        type: "string",
        priority: 0,
        description: "Request represents a minimum amount of cpu/memory that a container may consume.",
        cell: quotaCell("requests"),
      },
      {
        name: "Limit",
        type: "string",
        priority: 0,
        description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
        cell: quotaCell("limits"),
      },
    ],
    fieldSelectors: ["metadata.name", "metadata.namespace"],
    prepareCreate: prepareResourceQuota,
    validateCore: validateResourceQuota,
  };
}
