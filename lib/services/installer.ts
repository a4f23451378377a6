// The Model Installer's operations, kept for its existing scripts; each is one call into the deployments service.
import type { Caller } from "@/lib/auth/caller";
import { AppError, invalid } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import { deploymentInputFromRegisterRequest, installerFieldOf, registerModelSchema } from "@/lib/schemas/installer";
import { createDeployment, deleteDeployment } from "./deployments";
import { parseInput } from "./parse-input";

export async function registerModel(caller: Caller, body: unknown) {
  const request = parseInput(registerModelSchema, body);
  const input = deploymentInputFromRegisterRequest(request, getRuntime().config.MODELPORT_DEFAULT_NAMESPACE);
  try {
    const deployment = await createDeployment(caller, input);
    return { message: `Model ${deployment.name} registered in ${deployment.namespace}`, name: deployment.name, namespace: deployment.namespace, deployment };
  } catch (error) {
    // Name the fields as the script sent them.
    if (error instanceof AppError && error.code === "invalid" && error.details?.fields) {
      throw invalid(error.details.fields.map((problem) => ({ ...problem, field: installerFieldOf(problem.field) })));
    }
    throw error;
  }
}

export async function unregisterModel(caller: Caller, name: string, namespace: string) {
  await deleteDeployment(caller, namespace, name);
  return { message: `Model ${name} unregistered from ${namespace}`, name, namespace };
}
