// KubeAI resource profiles as the API lists them, with the accelerator facts used for sizing.
import { z } from "zod";

export const resourceProfileInfoSchema = z
  .object({
    name: z.string(),
    accelerator: z.string().nullable(),
    acceleratorMemoryGiB: z.number().nullable(),
    requests: z.record(z.string(), z.string()).describe('Requests per unit, e.g. {"nvidia.com/gpu": "1", "cpu": "6"}'),
  })
  .meta({ id: "ResourceProfile" });
export type ResourceProfileInfo = z.infer<typeof resourceProfileInfoSchema>;

export const resourceProfileListSchema = z.object({ items: z.array(resourceProfileInfoSchema) });
