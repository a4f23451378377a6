// The inference-in-a-box Management Service's `/api/models`, over the same deployment services as `/api/v1`: its
// bodies are translated to a KServe deployment (validated by the same schema, with its field names in the errors),
// and KServe deployments back to its model shape. The namespace comes from `?namespace=` or the caller's only tenant.
import type { Caller } from "@/lib/auth/caller";
import { AppError, invalid, notFound, type FieldProblem } from "@/lib/errors";
import type { DeploymentDetail, KServeDeployment } from "@/lib/schemas/deployment";
import { kserveDeploymentInputSchema, kservePatchSchema } from "@/lib/schemas/kserve";
import type {
  ManagementModel,
  ManagementModelCreate,
  ManagementModelUpdate,
  ManagementModelWritten,
} from "@/lib/schemas/management-models";
import { createDeployment, deleteDeployment, getDeployment, listDeployments, updateDeployment } from "./deployments";
import { parseInput } from "./parse-input";
import { visibleTenantNames } from "./tenants";

/** The tenant a request means: the one it names, or the caller's only one; several without a name is ambiguous. */
export async function resolveNamespace(caller: Caller, named: string | undefined): Promise<string> {
  if (named) return named;
  const tenants = await visibleTenantNames(caller);
  if (tenants.length === 1) return tenants[0];
  if (tenants.length === 0) throw new AppError("forbidden", "You belong to no tenant");
  throw invalid([{ field: "namespace", message: `You can see several tenants (${tenants.join(", ")}); name one with ?namespace=` }]);
}

export async function listManagementModels(caller: Caller, namespace: string | undefined): Promise<{ models: ManagementModel[] }> {
  const models: ManagementModel[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDeployments(caller, { namespace, backend: "kserve", limit: 500, continue: cursor });
    for (const item of page.items) if (item.backend === "kserve") models.push(toManagementModel(item));
    cursor = page.continue;
  } while (cursor);
  return { models };
}

export async function getManagementModel(caller: Caller, name: string, namespace: string | undefined): Promise<ManagementModel> {
  return toManagementModel(await getKServe(caller, await resolveNamespace(caller, namespace), name));
}

export async function createManagementModel(caller: Caller, body: ManagementModelCreate): Promise<ManagementModelWritten> {
  const namespace = await resolveNamespace(caller, body.namespace);
  const input = translated(() =>
    parseInput(kserveDeploymentInputSchema, {
      backend: "kserve",
      name: body.name,
      namespace,
      modelFormat: { name: body.framework },
      storageUri: body.storageUri,
      ...defined({
        minReplicas: body.minReplicas,
        maxReplicas: body.maxReplicas,
        scaleTarget: body.scaleTarget,
        scaleMetric: body.scaleMetric,
      }),
    }),
  );
  const created = await translated(() => createDeployment(caller, input));
  return written("Model created successfully", created as KServeDeployment);
}

export async function updateManagementModel(
  caller: Caller,
  name: string,
  namespace: string | undefined,
  body: ManagementModelUpdate,
): Promise<ManagementModelWritten> {
  const tenant = await resolveNamespace(caller, namespace);
  await getKServe(caller, tenant, name);
  const { framework, ...rest } = body;
  const patch = translated(() =>
    parseInput(kservePatchSchema, { ...defined(rest), ...(framework ? { modelFormat: { name: framework } } : {}) }),
  );
  const updated = await translated(() => updateDeployment(caller, tenant, name, patch));
  return written("Model updated successfully", updated as KServeDeployment);
}

export async function deleteManagementModel(caller: Caller, name: string, namespace: string | undefined): Promise<{ message: string }> {
  const tenant = await resolveNamespace(caller, namespace);
  await getKServe(caller, tenant, name);
  await deleteDeployment(caller, tenant, name);
  return { message: "Model deleted successfully" };
}

/** Only InferenceServices are models here; a KubeAI Model of that name is not one. */
async function getKServe(caller: Caller, namespace: string, name: string): Promise<Extract<DeploymentDetail, { backend: "kserve" }>> {
  const deployment = await getDeployment(caller, namespace, name);
  if (deployment.backend !== "kserve") throw notFound(`Model ${namespace}/${name}`);
  return deployment;
}

function toManagementModel(deployment: KServeDeployment): ManagementModel {
  const ready = deployment.status === "Ready";
  return {
    name: deployment.name,
    namespace: deployment.namespace,
    status: deployment.status,
    ready,
    url: deployment.endpoint ? `${deployment.endpoint}${predictPath(deployment)}` : null,
    predictor: { framework: deployment.modelFormat.name, storageUri: deployment.storageUri },
    createdAt: deployment.createdAt,
    statusDetails: {
      ready,
      phase: deployment.status,
      message: deployment.statusMessage,
      replicas: { desired: deployment.replicaStatus.desired, ready: deployment.replicaStatus.ready, total: deployment.replicaStatus.all },
      conditions: deployment.conditions.map((condition) => ({
        type: condition.type,
        status: condition.status,
        ...defined({
          reason: condition.reason ?? undefined,
          message: condition.message ?? undefined,
          lastTransitionTime: condition.lastTransitionTime ?? undefined,
        }),
      })),
    },
  };
}

const predictPath = (deployment: KServeDeployment) =>
  deployment.protocol.endsWith("v2") ? `/v2/models/${deployment.name}/infer` : `/v1/models/${deployment.name}:predict`;

function written(message: string, deployment: KServeDeployment): ManagementModelWritten {
  return {
    message,
    name: deployment.name,
    namespace: deployment.namespace,
    config: {
      framework: deployment.modelFormat.name,
      storageUri: deployment.storageUri,
      minReplicas: deployment.minReplicas,
      maxReplicas: deployment.maxReplicas,
      scaleTarget: deployment.scaleTarget,
      scaleMetric: deployment.scaleMetric,
    },
  };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Errors about Modelport's field names, told in the Management Service's: modelFormat is its framework. */
function translated<T>(run: () => T): T {
  const rename = (problem: FieldProblem): FieldProblem => ({
    ...problem,
    field: problem.field.replace(/^modelFormat(\.name)?/, "framework"),
  });
  const map = (error: unknown): never => {
    if (error instanceof AppError && error.code === "invalid" && error.details?.fields) {
      throw invalid(error.details.fields.map(rename));
    }
    throw error;
  };
  try {
    const result = run();
    return (result instanceof Promise ? result.catch(map) : result) as T;
  } catch (error) {
    return map(error);
  }
}
