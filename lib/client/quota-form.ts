// The quota editor's rows and boxes ↔ the quota API's input (lib/schemas/quota): GPUs as rows of resource name and
// count, CPU, memory and deployments as text; checked with the API's own schema, so its problems and the server's
// land on the same fields ("gpus.nvidia.com/gpu", "cpu", …).
import { tenantQuotaInputSchema, type TenantQuotaInput } from "@/lib/schemas/quota";
import type { FieldProblem } from "./api-client";
import { issuesAsProblems } from "./form-errors";

export const DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

export interface GpuRow {
  /** Keeps a row's boxes in place while rows above it are removed. */
  id: number;
  resource: string;
  count: string;
}

export interface QuotaDraft {
  gpus: GpuRow[];
  cpu: string;
  memory: string;
  deployments: string;
}

/** The field a GPU row's problems are named by, as the API names them. */
export const gpuField = (resource: string) => `gpus.${resource.trim()}`;

/** Every field the editor shows, for placing problems: the rows by their resource, "gpus" for the rest of them. */
export function quotaFields(draft: QuotaDraft): string[] {
  return ["gpus", "cpu", "memory", "deployments", ...draft.gpus.filter((row) => row.resource.trim()).map((row) => gpuField(row.resource))];
}

/** The editor's start: the tenant's limits, or one empty row for the usual GPU. */
export function quotaDraftOf(limits: TenantQuotaInput | null): QuotaDraft {
  const gpus = Object.entries(limits?.gpus ?? {}).map(([resource, count], index) => ({ id: index, resource, count: String(count) }));
  return {
    gpus: gpus.length > 0 ? gpus : [{ id: 0, resource: DEFAULT_GPU_RESOURCE, count: "" }],
    cpu: limits?.cpu ?? "",
    memory: limits?.memory ?? "",
    deployments: limits?.deployments === undefined ? "" : String(limits.deployments),
  };
}

const count = (text: string) => (text.trim() === "" ? undefined : Number(text.trim()));

/** The PUT body for the draft, or the problems that keep it from being sent. A row without a count limits nothing. */
export function quotaInputOf(draft: QuotaDraft): { input?: TenantQuotaInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const gpus: Record<string, number | undefined> = {};
  for (const row of draft.gpus) {
    const resource = row.resource.trim();
    if (!row.count.trim()) continue;
    if (!resource) problems.push({ field: "gpus", message: "Name the GPU resource, e.g. nvidia.com/gpu" });
    else if (Object.hasOwn(gpus, resource)) problems.push({ field: gpuField(resource), message: `${resource} is listed twice` });
    else gpus[resource] = count(row.count);
  }
  if (problems.length > 0) return { problems };
  const raw = {
    ...(Object.keys(gpus).length > 0 ? { gpus } : {}),
    ...(draft.cpu.trim() ? { cpu: draft.cpu.trim() } : {}),
    ...(draft.memory.trim() ? { memory: draft.memory.trim() } : {}),
    ...(count(draft.deployments) !== undefined ? { deployments: count(draft.deployments) } : {}),
  };
  const parsed = tenantQuotaInputSchema.safeParse(raw);
  return parsed.success ? { input: parsed.data, problems: [] } : { problems: issuesAsProblems(parsed.error.issues) };
}
