// The weights cache on the PVC as the API shows it: one directory per imported version (`<tenant>/<model>/<id8>`), named
// in URLs by one path segment, the volume's usage against PVC_ALERT_THRESHOLD, and what a delete did.
import { z } from "zod";
import { namespaceSchema } from "./deployment";
import { registeredModelNameSchema, VERSION_STATUSES } from "./repository";

/** Where one imported version's files sit on the volume, below its root. */
export interface WeightsLocation {
  tenant: string;
  model: string;
  /** The first 8 hex digits of the import job's id. */
  id: string;
}

// Neither a namespace (a DNS label) nor a registered model's name can hold "~", and it needs no escaping in a URL, so
// "<tenant>~<model>~<id8>" splits back into exactly the parts it was made from.
const SEPARATOR = "~";
const ID_PATTERN = /^[0-9a-f]{8}$/;

export const isWeightsTenant = (segment: string) => namespaceSchema.safeParse(segment).success;
export const isWeightsModel = (segment: string) => registeredModelNameSchema.safeParse(segment).success;
export const isWeightsId = (segment: string) => ID_PATTERN.test(segment);

export function weightsNameOf(location: WeightsLocation): string {
  return [location.tenant, location.model, location.id].join(SEPARATOR);
}

/** The location a name stands for, or undefined when the name could not have come from `weightsNameOf`. */
export function parseWeightsName(name: string): WeightsLocation | undefined {
  const parts = name.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const [tenant, model, id] = parts;
  return isWeightsTenant(tenant) && isWeightsModel(model) && isWeightsId(id) ? { tenant, model, id } : undefined;
}

/** `<tenant>/<model>/<id8>`: the directory's path below the volume's root, and its artifact-store prefix. */
export const weightsPrefixOf = (location: WeightsLocation) => `${location.tenant}/${location.model}/${location.id}`;

export const weightsNameSchema = z
  .string()
  .max(200)
  .refine((name) => parseWeightsName(name) !== undefined, "Must be <tenant>~<model>~<id8>")
  .describe("<tenant>~<model>~<id8>, e.g. tenant-a~Mistral-7B~1a2b3c4d");

const usedBySchema = z.array(z.object({ namespace: z.string(), name: z.string() }));

export const weightsDirectorySchema = z
  .object({
    name: z.string().describe("<tenant>~<model>~<id8>: what /api/v1/weights/{name} takes"),
    tenant: z.string(),
    model: z.string(),
    version: z
      .object({
        version: z.string(),
        status: z.enum(VERSION_STATUSES),
        statusMessage: z.string().nullable(),
        deployableUrl: z.string(),
      })
      .nullable()
      .describe("The repository version whose files these are; null when no version points here any more"),
    path: z.string().describe("<tenant>/<model>/<id8> below the volume's root"),
    pvcUrl: z.string().describe("pvc://<claim>/<tenant>/<model>/<id8>"),
    bytes: z.number().describe("What the directory occupies, unfinished writes of a running import included"),
    fileCount: z.number().describe("Complete files"),
    source: z
      .object({
        kind: z.enum(["huggingface", "s3"]),
        uri: z.string().describe("hf://<repo>@<revision> or s3://<bucket>/<prefix>"),
        importJob: z.string().nullable(),
      })
      .nullable()
      .describe("Where the files came from, from the version's tags; null when unknown"),
    usedBy: usedBySchema.describe("Deployments of the tenant whose url or storageUri is this directory or inside it"),
    modifiedAt: z.string().nullable().describe("When a file in it last changed; null for an empty directory"),
  })
  .meta({ id: "WeightsDirectory" });
export type WeightsDirectory = z.infer<typeof weightsDirectorySchema>;

export const weightsDirectoryDetailSchema = weightsDirectorySchema
  .extend({ files: z.array(z.object({ path: z.string(), bytes: z.number() })).describe("Complete files, paths relative to the directory") })
  .meta({ id: "WeightsDirectoryDetail" });
export type WeightsDirectoryDetail = z.infer<typeof weightsDirectoryDetailSchema>;

export const weightsListSchema = z
  .object({
    store: z.enum(["pvc", "s3"]).describe("Where imports keep weights; with s3 nothing is cached on a PVC and the list is empty"),
    pvcName: z.string().nullable(),
    note: z.string().nullable().describe("Why the list is empty when the store is not a PVC"),
    items: z.array(weightsDirectorySchema),
  })
  .meta({ id: "WeightsDirectoryList" });
export type WeightsList = z.infer<typeof weightsListSchema>;

export const weightsUsageSchema = z
  .object({
    pvcName: z.string(),
    usedBytes: z.number(),
    freeBytes: z.number().describe("What writers may still use (blocks reserved for root excluded)"),
    totalBytes: z.number(),
    usedFraction: z.number().describe("usedBytes / totalBytes, 0–1"),
    threshold: z.number().describe("PVC_ALERT_THRESHOLD, 0–1"),
    warning: z.string().nullable().describe("Set when usedFraction is above the threshold"),
    tenants: z
      .array(z.object({ tenant: z.string(), bytes: z.number(), directories: z.number() }))
      .describe("Bytes in the weights directories of each tenant you can see"),
  })
  .meta({ id: "WeightsUsage" });
export type WeightsUsage = z.infer<typeof weightsUsageSchema>;

export const weightsDeleteQuerySchema = z.object({
  force: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .describe("Delete even while a deployment uses the directory"),
});

export const deletedWeightsSchema = z
  .object({
    message: z.string(),
    name: z.string(),
    bytesFreed: z.number(),
    version: z
      .object({ model: z.string(), version: z.string(), status: z.enum(VERSION_STATUSES), statusMessage: z.string().nullable() })
      .nullable()
      .describe("The repository version that pointed here, kept and marked FAILED_REGISTRATION"),
    usedBy: usedBySchema.describe("Deployments that still named it (only when forced)"),
  })
  .meta({ id: "DeletedWeights" });
export type DeletedWeights = z.infer<typeof deletedWeightsSchema>;
