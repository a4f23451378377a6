// The cluster for administrators: nodes with CPU, memory and GPUs (capacity, allocatable, requested, free), namespaces,
// every tenant's deployments with the GPUs their pods hold, and the free GPUs per profile the fit check counts — plus
// the Management Service's shapes of the same (`/api/admin/system`, `/api/admin/tenants`). Reads only; admins only.
import { requireAdmin, type Caller } from "@/lib/auth/caller";
import { getCluster } from "@/lib/k8s/cluster";
import { GPU_PRODUCT_LABEL, GPU_PROFILE_LABEL, listNodesAndPods, nodeFacts, podFacts } from "@/lib/k8s/gpu-capacity";
import { listNamespaces } from "@/lib/k8s/namespaces";
import type { ClusterDeployment, ClusterNode, ClusterView, ProfileFreeGpus, SeedSystem, SeedTenantList } from "@/lib/schemas/admin";
import type { Deployment, DeploymentBackendName } from "@/lib/schemas/deployment";
import { parseQuantity } from "@/lib/schemas/quantity";
import { allDeployments } from "./deployments";
import { currentGpuFacts, describeProfile, knownResourceProfiles } from "./resource-profiles";
import { listTenants } from "./tenants";

// ---- The objects as the Kubernetes API returns them, as far as this view reads them. ----

type Quantities = Record<string, string>;

export interface RawNode {
  metadata?: { name?: string; labels?: Record<string, string>; creationTimestamp?: Date | string };
  spec?: { unschedulable?: boolean; taints?: { key?: string; value?: string; effect?: string }[] };
  status?: {
    capacity?: Quantities;
    allocatable?: Quantities;
    conditions?: { type?: string; status?: string }[];
    nodeInfo?: { kubeletVersion?: string };
  };
}

export interface RawPod {
  metadata?: {
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { apiVersion?: string; kind?: string; name?: string }[];
  };
  spec?: { nodeName?: string; containers?: { resources?: { requests?: Quantities; limits?: Quantities } }[] };
  status?: { phase?: string };
}

export interface RawNamespace {
  metadata?: { name?: string; creationTimestamp?: Date | string };
  status?: { phase?: string };
}

// ---- Pure shaping. ----

/** Labels that name a node's GPU: NVIDIA's feature discovery, AMD's, and the clouds' own. */
const GPU_MODEL_LABELS = [
  GPU_PRODUCT_LABEL,
  "amd.com/gpu.product-name",
  "cloud.google.com/gke-accelerator",
  "k8s.amazonaws.com/accelerator",
];
const KSERVE_POD_LABEL = "serving.kserve.io/inferenceservice";

const isGpuResource = (resource: string) => resource.endsWith("/gpu");
const gpusIn = (amounts: Record<string, number>) =>
  Object.entries(amounts).reduce((sum, [resource, amount]) => (isGpuResource(resource) ? sum + amount : sum), 0);
const amountsOf = (quantities: Quantities | undefined) =>
  Object.fromEntries(Object.entries(quantities ?? {}).map(([resource, value]) => [resource, parseQuantity(value)]));
const isoOf = (value: Date | string | undefined) => (value === undefined ? null : new Date(value).toISOString());
const keyOf = (backend: DeploymentBackendName, namespace: string, name: string) => `${backend}:${namespace}/${name}`;

/** A pod's place and its requests, counted as the scheduler counts them (extended resources by their limits too). */
export interface PodUse {
  namespace: string;
  nodeName: string | null;
  /** `kubeai:<namespace>/<name>` or `kserve:…`: the deployment the pod is a replica of. */
  deployment: string | null;
  requests: Record<string, number>;
}

/** KServe labels its predictor pods with the InferenceService; KubeAI owns its pods by the Model (and labels them). */
export function deploymentOfPod(pod: RawPod): { backend: DeploymentBackendName; name: string } | null {
  const labels = pod.metadata?.labels ?? {};
  if (labels[KSERVE_POD_LABEL]) return { backend: "kserve", name: labels[KSERVE_POD_LABEL] };
  const owner = pod.metadata?.ownerReferences?.find(
    (reference) => reference.kind === "Model" && reference.apiVersion?.startsWith("kubeai.org/"),
  );
  if (owner?.name) return { backend: "kubeai", name: owner.name };
  if (labels["app.kubernetes.io/managed-by"] === "kubeai" && labels.model) return { backend: "kubeai", name: labels.model };
  return null;
}

/** Finished pods hold nothing; a pod without a node yet is counted as waiting. */
export function podUse(pod: RawPod): PodUse | null {
  // podFacts reads only scheduled pods; a pending one is handed a placeholder node so its requests count the same way.
  const facts = podFacts({ ...pod, spec: { ...pod.spec, nodeName: pod.spec?.nodeName || "(pending)" } });
  if (!facts) return null;
  const namespace = pod.metadata?.namespace ?? "";
  const owner = deploymentOfPod(pod);
  return {
    namespace,
    nodeName: pod.spec?.nodeName || null,
    deployment: owner ? keyOf(owner.backend, namespace, owner.name) : null,
    requests: facts.requests,
  };
}

const gpusOf = (pods: readonly PodUse[]) => pods.reduce((sum, pod) => sum + gpusIn(pod.requests), 0);

function amountRow(capacity: number, allocatable: number, requested: number) {
  return { capacity, allocatable, requested, free: Math.max(0, allocatable - requested) };
}

function nodeStatus(node: RawNode): ClusterNode["status"] {
  const ready = node.status?.conditions?.find((condition) => condition.type === "Ready")?.status;
  return ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown";
}

/** One node with what the pods placed on it request. */
export function clusterNodeOf(node: RawNode, pods: readonly PodUse[]): ClusterNode {
  const name = node.metadata?.name ?? "";
  const labels = node.metadata?.labels ?? {};
  const capacity = amountsOf(node.status?.capacity);
  const allocatable = amountsOf(node.status?.allocatable);
  const requested: Record<string, number> = {};
  for (const pod of pods) {
    if (pod.nodeName !== name) continue;
    for (const [resource, amount] of Object.entries(pod.requests)) requested[resource] = (requested[resource] ?? 0) + amount;
  }
  const row = (resource: string) => amountRow(capacity[resource] ?? 0, allocatable[resource] ?? 0, requested[resource] ?? 0);
  const gpuMemory = Number(labels["nvidia.com/gpu.memory"]);
  return {
    name,
    status: nodeStatus(node),
    unschedulable: node.spec?.unschedulable === true,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? null,
    createdAt: isoOf(node.metadata?.creationTimestamp),
    cpu: row("cpu"),
    memory: row("memory"),
    gpu: {
      ...amountRow(gpusIn(capacity), gpusIn(allocatable), gpusIn(requested)),
      resource: Object.keys(capacity).find(isGpuResource) ?? null,
      model: GPU_MODEL_LABELS.map((label) => labels[label]).find(Boolean) ?? null,
      profile: labels[GPU_PROFILE_LABEL] ?? null,
      memoryMiB: Number.isFinite(gpuMemory) && gpuMemory > 0 ? gpuMemory : null,
    },
    taints: (node.spec?.taints ?? []).map((taint) => ({ key: taint.key ?? "", value: taint.value ?? null, effect: taint.effect ?? "" })),
  };
}

/** A deployment with the GPUs its pods hold (scheduled) and wait for (not yet placed), and where they run. */
export function clusterDeploymentOf(deployment: Deployment, pods: readonly PodUse[]): ClusterDeployment {
  const key = keyOf(deployment.backend, deployment.namespace, deployment.name);
  const own = pods.filter((pod) => pod.deployment === key);
  const placed = own.filter((pod) => pod.nodeName !== null);
  return {
    namespace: deployment.namespace,
    name: deployment.name,
    backend: deployment.backend,
    status: deployment.status,
    resourceProfile: deployment.resourceProfile,
    replicas: { desired: deployment.replicaStatus.desired, ready: deployment.replicaStatus.ready },
    gpus: gpusOf(placed),
    pendingGpus: gpusOf(own.filter((pod) => pod.nodeName === null)),
    nodes: [...new Set(placed.map((pod) => pod.nodeName as string))].sort(),
  };
}

export interface ClusterReading {
  nodes: RawNode[];
  pods: RawPod[];
  namespaces: RawNamespace[];
  tenants: string[];
  deployments: Deployment[];
  profiles: ProfileFreeGpus[];
  readAt: Date;
}

/** Everything the Cluster page shows, from what was read. Pure. */
export function assembleClusterView(reading: ClusterReading): ClusterView {
  const pods = reading.pods.map(podUse).filter((pod): pod is PodUse => pod !== null);
  const nodes = reading.nodes.map((node) => clusterNodeOf(node, pods)).sort((a, b) => a.name.localeCompare(b.name));
  const deployments = reading.deployments
    .map((deployment) => clusterDeploymentOf(deployment, pods))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const tenants = new Set(reading.tenants);
  const namespaces = reading.namespaces
    .map((namespace) => {
      const name = namespace.metadata?.name ?? "";
      const own = pods.filter((pod) => pod.namespace === name);
      return {
        name,
        status: namespace.status?.phase ?? "Active",
        createdAt: isoOf(namespace.metadata?.creationTimestamp),
        isTenant: tenants.has(name),
        gpus: gpusOf(own.filter((pod) => pod.nodeName !== null)),
        pendingGpus: gpusOf(own.filter((pod) => pod.nodeName === null)),
        deployments: deployments.filter((deployment) => deployment.namespace === name).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const sum = (pick: (node: ClusterNode) => number) => nodes.reduce((total, node) => total + pick(node), 0);
  return {
    nodes,
    namespaces,
    deployments,
    profiles: reading.profiles,
    totals: { gpus: { allocatable: sum((n) => n.gpu.allocatable), requested: sum((n) => n.gpu.requested), free: sum((n) => n.gpu.free) } },
    readAt: reading.readAt.toISOString(),
  };
}

/** The Management Service's `/api/admin/system`: quantities as Kubernetes writes them, deployments by replicas. Pure. */
export function seedSystemOf(nodes: RawNode[], namespaces: RawNamespace[], deployments: Deployment[]): SeedSystem {
  const shown = (quantities: Quantities | undefined) =>
    Object.fromEntries(
      Object.entries(quantities ?? {}).filter(([resource]) => resource === "cpu" || resource === "memory" || isGpuResource(resource)),
    );
  return {
    nodes: nodes.map((node) => ({
      name: node.metadata?.name ?? "",
      status: nodeStatus(node),
      version: node.status?.nodeInfo?.kubeletVersion ?? "",
      capacity: shown(node.status?.capacity),
      allocatable: shown(node.status?.allocatable),
    })),
    namespaces: namespaces.map((namespace) => ({
      name: namespace.metadata?.name ?? "",
      status: namespace.status?.phase ?? "Active",
      created: isoOf(namespace.metadata?.creationTimestamp) ?? "",
    })),
    deployments: deployments.map((deployment) => ({
      name: deployment.name,
      namespace: deployment.namespace,
      ready: deployment.replicaStatus.ready,
      replicas: deployment.replicaStatus.desired,
      available: deployment.replicaStatus.ready,
    })),
  };
}

/** The Management Service's `/api/admin/tenants`: each tenant with its namespace's phase. Pure. */
export function seedTenantsOf(tenants: { name: string; createdAt: string }[], namespaces: RawNamespace[]): SeedTenantList {
  const phases = new Map(namespaces.map((namespace) => [namespace.metadata?.name ?? "", namespace.status?.phase ?? "Active"]));
  return {
    tenants: tenants.map((tenant) => ({ name: tenant.name, status: phases.get(tenant.name) ?? "Missing", created: tenant.createdAt })),
  };
}

// ---- Reading the cluster. ----

/** Nodes, unfinished pods and namespaces, as the API returns them. */
async function readCluster(): Promise<{ nodes: RawNode[]; pods: RawPod[]; namespaces: RawNamespace[] }> {
  const cluster = getCluster();
  const [{ nodes, pods }, namespaces] = await Promise.all([listNodesAndPods(cluster), listNamespaces(cluster)]);
  return { nodes: nodes as RawNode[], pods: pods as RawPod[], namespaces: namespaces as RawNamespace[] };
}

/** The deployments of tenants whose namespace exists. */
async function readDeployments(caller: Caller, namespaces: string[]): Promise<Deployment[]> {
  const present = new Set(namespaces);
  return (await allDeployments(caller)).filter((deployment) => present.has(deployment.namespace));
}

/** Tenants whose namespace exists, with when each tenant was made. */
async function tenantsIn(caller: Caller, namespaces: RawNamespace[]) {
  const tenants = (await listTenants(caller)).items.map((tenant) => ({ name: tenant.name, createdAt: tenant.createdAt }));
  const existing = new Set(namespaces.map((namespace) => namespace.metadata?.name));
  return { tenants, present: tenants.map((tenant) => tenant.name).filter((name) => existing.has(name)) };
}

/** Free GPUs per GPU profile, from the same nodes and pods as the rest of the view, counted as sizing counts them. */
async function freeGpusPerProfile(nodes: RawNode[], pods: RawPod[]): Promise<ProfileFreeGpus[]> {
  const usage = { nodes: nodes.map(nodeFacts), pods: pods.map(podFacts).filter((pod) => pod !== undefined) };
  const facts = currentGpuFacts();
  return (await knownResourceProfiles())
    .map((profile) => describeProfile(profile, facts, usage))
    .filter((profile) => profile.capacity?.resource)
    .map((profile) => ({
      name: profile.name,
      accelerator: profile.accelerator,
      resource: profile.capacity?.resource ?? null,
      total: profile.capacity?.total ?? 0,
      free: profile.capacity?.free ?? 0,
      largestFreeOnOneNode: profile.capacity?.largestFreeOnOneNode ?? 0,
    }));
}

export async function getClusterView(caller: Caller): Promise<ClusterView> {
  requireAdmin(caller);
  const { nodes, pods, namespaces } = await readCluster();
  const { present } = await tenantsIn(caller, namespaces);
  const [deployments, profiles] = await Promise.all([readDeployments(caller, present), freeGpusPerProfile(nodes, pods)]);
  return assembleClusterView({ nodes, pods, namespaces, tenants: present, deployments, profiles, readAt: new Date() });
}

export async function getSeedSystem(caller: Caller): Promise<SeedSystem> {
  requireAdmin(caller);
  const { nodes, namespaces } = await readCluster();
  const { present } = await tenantsIn(caller, namespaces);
  return seedSystemOf(nodes, namespaces, await readDeployments(caller, present));
}

export async function listSeedTenants(caller: Caller): Promise<SeedTenantList> {
  requireAdmin(caller);
  const namespaces = (await listNamespaces(getCluster())) as RawNamespace[];
  return seedTenantsOf((await tenantsIn(caller, namespaces)).tenants, namespaces);
}
