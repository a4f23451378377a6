// A tenant's limits (GPUs by resource name, CPU, memory, number of deployments), kept as a ResourceQuota in its
// namespace, and what is used and left of each.
import { z } from "zod";
import { QUANTITY_PATTERN } from "./quantity";

const count = z.number().int("Must be a whole number").min(0).max(100_000);
const quantity = z.string().trim().regex(QUANTITY_PATTERN, 'Use a Kubernetes quantity, e.g. "16", "500m" or "64Gi"');

export const tenantQuotaInputSchema = z
  .strictObject({
    gpus: z
      .record(
        z
          .string()
          .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, "Use an extended resource name, e.g. nvidia.com/gpu"),
        count,
      )
      .optional()
      .describe('GPUs by resource name, e.g. {"nvidia.com/gpu": 4}'),
    cpu: quantity.optional().describe("CPU requests of all the tenant's pods together, e.g. 32"),
    memory: quantity.optional().describe("Memory requests of all the tenant's pods together, e.g. 128Gi"),
    deployments: count.optional().describe("Deployments (KubeAI Models and KServe InferenceServices together)"),
  })
  .refine((value) => Object.keys(value.gpus ?? {}).length > 0 || value.cpu || value.memory || value.deployments !== undefined, {
    message: "Set at least one limit: gpus, cpu, memory or deployments (DELETE removes the quota)",
  })
  .meta({ id: "TenantQuotaInput" });
export type TenantQuotaInput = z.infer<typeof tenantQuotaInputSchema>;

export const quotaResourceSchema = z.object({
  key: z.string().describe("The ResourceQuota's key, e.g. requests.nvidia.com/gpu"),
  label: z.string().describe("What it limits, as a person reads it: nvidia.com/gpu, cpu, memory, deployments"),
  hard: z.string(),
  used: z.string(),
  remaining: z.string().describe("hard minus used, never below 0"),
});
export type QuotaResource = z.infer<typeof quotaResourceSchema>;

export const tenantQuotaSchema = z
  .object({
    tenant: z.string(),
    resourceQuota: z.string().nullable().describe("The ResourceQuota's name in the tenant's namespace; null: no limits"),
    limits: tenantQuotaInputSchema.nullable(),
    resources: z.array(quotaResourceSchema),
  })
  .meta({ id: "TenantQuota" });
export type TenantQuota = z.infer<typeof tenantQuotaSchema>;
