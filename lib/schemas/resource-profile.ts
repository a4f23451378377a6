// KubeAI resource profiles as the API lists them, with the accelerator facts used for sizing and the cluster's live
// capacity for each.
import { z } from "zod";

export const nodeCapacitySchema = z.object({ node: z.string(), allocatable: z.number(), requested: z.number(), free: z.number() });

export const profileCapacitySchema = z
  .object({
    resource: z.string().nullable().describe("The accelerator resource, e.g. nvidia.com/gpu; null for CPU-only profiles"),
    total: z.number().describe("Allocatable on the nodes that carry this profile's GPUs"),
    free: z.number().describe("Allocatable minus what scheduled, unfinished pods request"),
    largestFreeOnOneNode: z.number().describe("The most one replica can get: GPUs are not shared across nodes"),
    nodes: z.array(nodeCapacitySchema),
  })
  .meta({ id: "ProfileCapacity" });

export const resourceProfileInfoSchema = z
  .object({
    name: z.string(),
    accelerator: z.string().nullable(),
    acceleratorMemoryGiB: z.number().nullable(),
    requests: z.record(z.string(), z.string()).describe('Requests per unit, e.g. {"nvidia.com/gpu": "1", "cpu": "6"}'),
    nodeSelector: z.record(z.string(), z.string()).optional().describe("The profile's node selector, when KubeAI's configuration sets one"),
    gpusPerNode: z.number().nullable().describe("GPUs on one node of this kind: from the cluster's nodes when it has some, else the facts"),
    memoryBandwidthGBs: z.number().nullable(),
    bf16: z.boolean(),
    fp8: z.boolean(),
    hourlyPrice: z.number().nullable().describe("Per GPU, from GPU_PROFILE_PATH"),
    capacity: profileCapacitySchema.nullable().describe("Live; null when the cluster's nodes and pods cannot be read"),
  })
  .meta({ id: "ResourceProfile" });
export type ResourceProfileInfo = z.infer<typeof resourceProfileInfoSchema>;

export const resourceProfileListSchema = z.object({ items: z.array(resourceProfileInfoSchema) });
