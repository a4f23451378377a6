// The cluster as administrators see it (nodes, namespaces, every deployment and the GPUs each holds), and the
// inference-in-a-box Management Service's admin shapes (`/api/admin/login`, `/system`, `/tenants`) kept as it wrote them.
import { z } from "zod";
import { DEPLOYMENT_BACKENDS, DEPLOYMENT_STATUSES } from "./deployment";

const amount = (unit: string) =>
  z
    .object({
      capacity: z.number(),
      allocatable: z.number(),
      requested: z.number().describe("What scheduled, unfinished pods on the node request"),
      free: z.number().describe("Allocatable minus requested, never below 0"),
    })
    .describe(unit);

export const NODE_STATUSES = ["Ready", "NotReady", "Unknown"] as const;

export const clusterNodeSchema = z
  .object({
    name: z.string(),
    status: z.enum(NODE_STATUSES).describe("The node's Ready condition"),
    unschedulable: z.boolean().describe("Cordoned: no new pods are placed on it"),
    kubeletVersion: z.string().nullable().describe("The Kubernetes version the node runs, e.g. v1.32.0"),
    createdAt: z.string().nullable(),
    cpu: amount("CPU cores"),
    memory: amount("Bytes"),
    gpu: amount("GPUs (every */gpu resource, e.g. nvidia.com/gpu)").extend({
      resource: z.string().nullable().describe("The GPU resource the node offers, e.g. nvidia.com/gpu; null without GPUs"),
      model: z.string().nullable().describe("From node labels: nvidia.com/gpu.product, or the cloud's accelerator label"),
      profile: z.string().nullable().describe("The resource profile the node is labelled for (modelport.dev/gpu-profile), if any"),
      memoryMiB: z.number().nullable().describe("Memory per GPU from nvidia.com/gpu.memory, if labelled"),
    }),
    taints: z.array(z.object({ key: z.string(), value: z.string().nullable(), effect: z.string() })),
  })
  .meta({ id: "ClusterNode" });
export type ClusterNode = z.infer<typeof clusterNodeSchema>;

export const clusterNamespaceSchema = z
  .object({
    name: z.string(),
    status: z.string().describe("Active or Terminating"),
    createdAt: z.string().nullable(),
    isTenant: z.boolean().describe("A Modelport tenant's namespace"),
    gpus: z.number().describe("GPUs its scheduled, unfinished pods request"),
    pendingGpus: z.number().describe("GPUs its pods ask for but have not been given a node for"),
    deployments: z.number(),
  })
  .meta({ id: "ClusterNamespace" });
export type ClusterNamespace = z.infer<typeof clusterNamespaceSchema>;

export const clusterDeploymentSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    backend: z.enum(DEPLOYMENT_BACKENDS),
    status: z.enum(DEPLOYMENT_STATUSES),
    resourceProfile: z.string().nullable().describe("<profile>:<count>"),
    replicas: z.object({ desired: z.number(), ready: z.number() }),
    gpus: z.number().describe("GPUs its scheduled pods hold"),
    pendingGpus: z.number().describe("GPUs its unscheduled pods wait for"),
    nodes: z.array(z.string()).describe("Where its pods run"),
  })
  .meta({ id: "ClusterDeployment" });
export type ClusterDeployment = z.infer<typeof clusterDeploymentSchema>;

export const profileFreeGpusSchema = z
  .object({
    name: z.string(),
    accelerator: z.string().nullable(),
    resource: z.string().nullable(),
    total: z.number(),
    free: z.number(),
    largestFreeOnOneNode: z.number().describe("What one replica can get: the number the fit check places against"),
  })
  .meta({ id: "ProfileFreeGpus" });
export type ProfileFreeGpus = z.infer<typeof profileFreeGpusSchema>;

export const clusterViewSchema = z
  .object({
    nodes: z.array(clusterNodeSchema),
    namespaces: z.array(clusterNamespaceSchema),
    deployments: z.array(clusterDeploymentSchema).describe("Every deployment in every tenant, KubeAI Models and KServe InferenceServices"),
    profiles: z.array(profileFreeGpusSchema).describe("Free GPUs per resource profile, as the sizing fit check counts them"),
    totals: z.object({ gpus: z.object({ allocatable: z.number(), requested: z.number(), free: z.number() }) }),
    readAt: z.string(),
  })
  .meta({ id: "ClusterView" });
export type ClusterView = z.infer<typeof clusterViewSchema>;

// ---- The Management Service's admin API, as its documentation shows it. ----

export const adminLoginSchema = z
  .object({
    username: z.string({ error: "Field 'username' is required" }).min(1, "Field 'username' is required").max(256),
    password: z.string({ error: "Field 'password' is required" }).min(1, "Field 'password' is required").max(1024),
  })
  .meta({ id: "AdminLogin" });
export type AdminLogin = z.infer<typeof adminLoginSchema>;

export const adminLoginResultSchema = z
  .object({
    token: z.string().describe("The identity provider's access token: send it as Authorization: Bearer on any Modelport API route"),
    user: z.object({
      tenant: z.string().nullable().describe('"admin" for administrators, else the first of the user\'s tenants (null: none)'),
      name: z.string(),
      subject: z.string().describe("The token's sub"),
      issuer: z.string().describe("The identity provider's issuer URL (the token's iss)"),
      isAdmin: z.boolean(),
      exp: z.number().nullable().describe("When the token expires, in seconds since 1970"),
    }),
  })
  .meta({ id: "AdminLoginResult" });
export type AdminLoginResult = z.infer<typeof adminLoginResultSchema>;

const resources = z.record(z.string(), z.string()).describe('Kubernetes quantities, e.g. {"cpu": "8", "memory": "16Gi"}');

export const seedSystemSchema = z
  .object({
    nodes: z.array(z.object({ name: z.string(), status: z.string(), version: z.string(), capacity: resources, allocatable: resources })),
    namespaces: z.array(z.object({ name: z.string(), status: z.string(), created: z.string() })),
    deployments: z.array(
      z.object({ name: z.string(), namespace: z.string(), ready: z.number(), replicas: z.number(), available: z.number() }),
    ),
  })
  .meta({ id: "ManagementSystem" });
export type SeedSystem = z.infer<typeof seedSystemSchema>;

export const seedTenantListSchema = z
  .object({
    tenants: z.array(
      z.object({
        name: z.string(),
        status: z.string().describe("The namespace's phase (Active, Terminating), or Missing when it does not exist"),
        created: z.string(),
      }),
    ),
  })
  .meta({ id: "ManagementTenants" });
export type SeedTenantList = z.infer<typeof seedTenantListSchema>;
