// The Model Installer's operations, kept for its existing scripts; each is one call into the deployments service.
import { canManageModels, type Caller } from "@/lib/auth/caller";
import { AppError, invalid } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import { kubeaiDeploymentInputSchema } from "@/lib/schemas/deployment";
import { deploymentInputFromRegisterRequest, installerFieldOf, type RegisterModelRequest } from "@/lib/schemas/installer";
import { createDeployment, deleteDeployment } from "./deployments";
import { parseInput } from "./parse-input";
import { tenantExists, visibleTenantNames } from "./tenants";

/**
 * The namespace a registration goes to when the body names none: the installer's default (kubeai) when the caller may
 * manage models there, else the caller's only tenant; a caller with several must choose.
 */
export async function defaultNamespaceFor(caller: Caller): Promise<string> {
  const fallback = getRuntime().config.MODELPORT_DEFAULT_NAMESPACE;
  if (canManageModels(caller, fallback) && (await tenantExists(fallback))) return fallback;
  const manageable = (await visibleTenantNames(caller)).filter((tenant) => canManageModels(caller, tenant));
  if (manageable.length === 1) return manageable[0];
  throw invalid([
    {
      field: "namespace",
      message: `namespace defaults to ${fallback}, which you cannot use; pass namespace${manageable.length > 0 ? ` (one of ${manageable.join(", ")})` : ""}`,
    },
  ]);
}

export async function registerModel(caller: Caller, body: RegisterModelRequest) {
  const namespace = body.namespace ?? (await defaultNamespaceFor(caller));
  try {
    const input = parseInput(kubeaiDeploymentInputSchema, deploymentInputFromRegisterRequest(body, namespace));
    const deployment = await createDeployment(caller, input);
    const warnings = [...(deployment.warnings ?? [])];
    if (body.owner !== undefined && body.owner !== deployment.owner) warnings.push(`owner is recorded as ${deployment.owner}, the caller`);
    return {
      message: `Model ${deployment.name} registered in ${deployment.namespace}`,
      name: deployment.name,
      namespace: deployment.namespace,
      deployment: { ...deployment, warnings },
    };
  } catch (error) {
    // Name the fields as the script sent them.
    if (error instanceof AppError && error.code === "invalid" && error.details?.fields) {
      throw invalid(error.details.fields.map((problem) => ({ ...problem, field: installerFieldOf(problem.field, body) })));
    }
    throw error;
  }
}

export async function unregisterModel(caller: Caller, name: string, namespace: string) {
  await deleteDeployment(caller, namespace, name);
  return { message: `Model ${name} unregistered from ${namespace}`, name, namespace };
}
