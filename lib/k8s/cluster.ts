// Access to the Kubernetes API through @kubernetes/client-node, the same for the sandbox and a real cluster.
import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from "@kubernetes/client-node";
import { getMetrics } from "@/lib/observability/metrics";
import { getRuntime, processSingleton, type ClusterSource } from "@/lib/runtime";
import { toAppError } from "./api-errors";

export interface Cluster {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  customObjects: CustomObjectsApi;
  watch: Watch;
}

export function loadKubeConfig(source: ClusterSource): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (source.kind === "in-cluster") kubeConfig.loadFromCluster();
  else if (source.kubeconfigPath) kubeConfig.loadFromFile(source.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}

export function createCluster(source: ClusterSource): Cluster {
  const kubeConfig = loadKubeConfig(source);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    watch: new Watch(kubeConfig),
  };
}

/** The cluster of this process's runtime; API clients are built once and reused. */
export function getCluster(): Cluster {
  const runtime = getRuntime();
  return processSingleton(`cluster:${runtime.startedAt.getTime()}`, () => createCluster(runtime.cluster));
}

/** Runs one Kubernetes API call, counting it and turning a failure into an AppError that names `what`. */
export async function callKubernetes<T>(verb: string, resource: string, what: string, call: () => Promise<T>): Promise<T> {
  const metrics = getMetrics();
  metrics.kubernetesCalls.inc({ verb, resource });
  try {
    return await call();
  } catch (error) {
    const code = error && typeof error === "object" && "code" in error && typeof error.code === "number" ? error.code : 0;
    metrics.kubernetesErrors.inc({ verb, resource, code: String(code) });
    throw toAppError(error, what);
  }
}
