// Access to the Kubernetes API through @kubernetes/client-node, the same for the sandbox and a real cluster.
import http from "node:http";
import https from "node:https";
import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch, type RequestContext } from "@kubernetes/client-node";
import { getMetrics } from "@/lib/observability/metrics";
import { runtimeSingleton, type ClusterSource } from "@/lib/runtime";
import { toAppError } from "./api-errors";

export interface Cluster {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  customObjects: CustomObjectsApi;
  watch: Watch;
}

/** What decides whether two of client-node's agents would open the same kind of connection. */
const AGENT_IDENTITY = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername"] as const;

/**
 * A kubeconfig whose API calls share connections. client-node (1.4) builds a new agent for every call, so every call
 * opened a connection, with a TLS handshake and the certificates parsed again: milliseconds of CPU each, which the
 * gateway's look-ups (every two seconds per model) paid in the middle of other requests. Each call is still
 * authenticated as the kubeconfig says (its headers, and an agent with its certificates); that agent is swapped for a
 * kept-alive one made from the same options. Proxy agents (a kubeconfig's proxy-url) are left as they are.
 */
class SharedConnectionsKubeConfig extends KubeConfig {
  private readonly agents = new Map<string, http.Agent>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const made = context.getAgent();
    if (made && (made.constructor === https.Agent || made.constructor === http.Agent)) context.setAgent(this.keptAlive(made));
  }

  private keptAlive(made: http.Agent): http.Agent {
    const options = (made as http.Agent & { options: Record<string, unknown> }).options;
    const tls = made instanceof https.Agent;
    const identity = [tls ? "https" : "http"];
    for (const name of AGENT_IDENTITY) {
      const value = options[name];
      identity.push(value === undefined ? "" : Buffer.isBuffer(value) ? value.toString("latin1") : String(value));
    }
    const key = identity.join("\0");
    let agent = this.agents.get(key);
    if (!agent) {
      const shared = { ...options, keepAlive: true, maxSockets: 32 };
      agent = tls ? new https.Agent(shared) : new http.Agent(shared);
      // Credentials change rarely (a rotated certificate); old ones' agents are let go once there are many.
      if (this.agents.size >= 8) this.agents.clear();
      this.agents.set(key, agent);
    }
    return agent;
  }
}

export function loadKubeConfig(source: ClusterSource): KubeConfig {
  const kubeConfig = new SharedConnectionsKubeConfig();
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
  return runtimeSingleton("cluster", (runtime) => createCluster(runtime.cluster));
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
