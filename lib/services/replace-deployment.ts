// The one way a deployment's object is changed in place: read it, derive the next version, dry-run, replace under an
// audit record, and the gateway told — and, when a controller's status write moved resourceVersion in between, read again and redo it.
import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import type { DeploymentBackend, ServingObject } from "@/lib/k8s/deployment-backend";
import type { Deployment } from "@/lib/schemas/deployment";
import { objectChanges } from "@/lib/schemas/object-diff";
import { audited } from "./audit";
import { viewDeployment } from "./deployment-view";
import { forgetGatewayTarget } from "./gateway-cache";
import { requireQuotaRoom } from "./quotas";

const MAX_ATTEMPTS = 5;

export interface ReplaceRequest<Object extends ServingObject> {
  backend: DeploymentBackend<Object, unknown, unknown>;
  namespace: string;
  name: string;
  /** The audit action, e.g. `deployment.update`. */
  action: string;
  /** Off when the caller pinned a resourceVersion: then a conflict is theirs to see. */
  retryOnConflict: boolean;
  /** The next version of the object (the same object when nothing changes), or a thrown error. */
  next(current: Object): Object;
  /** Only ask the API server (dryRun=All) and answer with what would change; nothing is stored or audited. */
  dryRun?: boolean;
}

/** What a person means by the object's content: its spec, labels and annotations (not its status or bookkeeping). */
const content = (object: ServingObject) => ({
  metadata: { labels: object.metadata.labels, annotations: object.metadata.annotations },
  spec: object.spec,
});

/**
 * The view of the replaced object; an unchanged one is neither written nor audited. An edit the API server refuses
 * on its dry run is not audited either; one it accepts gets one audit record, however many times a controller's
 * status write makes the write itself start over.
 */
export async function replaceDeployment<Object extends ServingObject>(
  caller: Caller,
  request: ReplaceRequest<Object>,
): Promise<Deployment> {
  const { backend, namespace, name } = request;
  const cluster = getCluster();
  /** Reads the object, derives the next version and dry-runs it; `checked` is what the API server would store. */
  const prepare = async () => {
    const current = await backend.get(cluster, namespace, name);
    const next = request.next(current);
    return { current, next, checked: next === current ? current : await backend.replace(cluster, next, true) };
  };
  const { current, next, checked } = await withRetries(request, prepare);
  if (next === current) return { ...viewDeployment(caller, backend, current), ...(request.dryRun ? { changes: [] } : {}) };
  // More replicas or a larger profile (an edit, a start) must fit what the tenant's quota has left.
  await requireQuotaRoom(namespace, viewDeployment(caller, backend, current), viewDeployment(caller, backend, checked));
  if (request.dryRun) return { ...viewDeployment(caller, backend, checked), changes: objectChanges(content(current), content(checked)) };
  const replaced = await audited(
    caller,
    { action: request.action, tenant: namespace, resourceKind: backend.kind, resourceName: name, before: backend.forAudit(current) },
    () =>
      withRetries(request, async (retry) => {
        if (!retry) return backend.replace(cluster, next);
        const again = await prepare();
        return again.next === again.current ? again.current : backend.replace(cluster, again.next);
      }),
    backend.forAudit,
  );
  // The gateway answers from the changed deployment at once (a stopped one with 503, a new timeout applied).
  forgetGatewayTarget(namespace, name);
  return viewDeployment(caller, backend, replaced);
}

/** Runs `run` again (with `retry` true) after a conflict, when the request allows it, up to MAX_ATTEMPTS times. */
async function withRetries<T>(request: { retryOnConflict: boolean }, run: (retry: boolean) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(attempt > 1);
    } catch (error) {
      const retry = request.retryOnConflict && attempt < MAX_ATTEMPTS && error instanceof AppError && error.code === "conflict";
      if (!retry) throw error;
    }
  }
}
