// The inference-in-a-box Management Service's model API (`/api/models`), kept with its own field names for the
// scripts and the Python/JavaScript clients that call it. A model there is a KServe InferenceService; these shapes
// are translated to and from Modelport's KServe deployment (lib/schemas/kserve.ts), which does the validating.
import { z } from "zod";
import { KSERVE_MODEL_FORMATS, SCALE_METRICS } from "./kserve-rules";
import { plainText } from "./text";

const replicas = z.number().int("Must be a whole number").min(0, "Must be at least 0");

/** POST /api/models, as the Management Service documents it. */
export const managementModelCreateSchema = z
  .strictObject({
    name: z.string({ error: "Field 'name' is required" }),
    framework: z.enum(KSERVE_MODEL_FORMATS, { error: () => `Field 'framework' must be one of ${KSERVE_MODEL_FORMATS.join(", ")}` }),
    storageUri: plainText(2048).min(1, "Field 'storageUri' is required"),
    minReplicas: replicas.optional(),
    maxReplicas: replicas.optional(),
    scaleTarget: z.number().int().min(1).optional(),
    scaleMetric: z.enum(SCALE_METRICS).optional(),
    namespace: z.string().optional().describe("The tenant; the caller's only tenant when absent"),
  })
  .meta({ id: "ManagementModelCreate" });
export type ManagementModelCreate = z.infer<typeof managementModelCreateSchema>;

/** PUT /api/models/{name}: the fields it names change, the rest stay. */
export const managementModelUpdateSchema = managementModelCreateSchema
  .omit({ name: true, namespace: true })
  .partial()
  .meta({ id: "ManagementModelUpdate" });
export type ManagementModelUpdate = z.infer<typeof managementModelUpdateSchema>;

export const managementNamespaceQuerySchema = z.object({
  namespace: z.string().optional().describe("The tenant; the caller's only tenant when absent (several: 400 naming them)"),
});

const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

export const managementModelSchema = z
  .object({
    name: z.string(),
    namespace: z.string(),
    status: z.string().describe("Ready, Pending, Loading, ScaledToZero, Failed or Stopped"),
    ready: z.boolean(),
    url: z.string().nullable().describe("The predict URL inside the cluster; null until KServe has an address"),
    predictor: z.object({ framework: z.string(), storageUri: z.string() }),
    createdAt: z.string().nullable(),
    statusDetails: z.object({
      ready: z.boolean(),
      phase: z.string(),
      message: z.string().nullable(),
      replicas: z.object({ desired: z.number(), ready: z.number(), total: z.number() }),
      conditions: z.array(conditionSchema),
    }),
  })
  .meta({ id: "ManagementModel" });
export type ManagementModel = z.infer<typeof managementModelSchema>;

export const managementModelListSchema = z.object({ models: z.array(managementModelSchema) }).meta({ id: "ManagementModelList" });

const configSchema = z.object({
  framework: z.string(),
  storageUri: z.string(),
  minReplicas: z.number(),
  maxReplicas: z.number().nullable(),
  scaleTarget: z.number().nullable(),
  scaleMetric: z.string().nullable(),
});

export const managementModelWrittenSchema = z
  .object({ message: z.string(), name: z.string(), namespace: z.string(), config: configSchema })
  .meta({ id: "ManagementModelWritten" });
export type ManagementModelWritten = z.infer<typeof managementModelWrittenSchema>;

export const managementMessageSchema = z.object({ message: z.string() });
