// Where the gateway sends a deployment's requests. On a real cluster: KubeAI's OpenAI endpoint for a Model and the
// InferenceService's own address for KServe, each replaceable by a URL template with {namespace} and {name}. With the
// sandbox cluster and no template: its simulated model servers, through the API server's service proxy, as
// `kubectl proxy` would reach them.
import type { ConnectionOptions } from "node:tls";
import { Agent, type Dispatcher } from "undici";

export type ServingBackend = "kubeai" | "kserve";

export interface ServingTarget {
  backend: ServingBackend;
  namespace: string;
  name: string;
  /** KServe's status.address.url; null while the InferenceService has none. */
  address: string | null;
  /** KServe's inference protocol, which decides where a prediction goes. */
  protocol?: "v1" | "v2";
}

export interface Upstream {
  /** Without a trailing slash; a request's path is appended. */
  base: string;
  /** Sent with every request (the API server's credentials, for the sandbox's service proxy). */
  headers: Record<string, string>;
  /** The connection pool it is reached through (undici's: it costs the gateway less CPU than node:http's client). */
  agent: Dispatcher;
  /** The `model` an OpenAI request names upstream. */
  model: string;
}

/** The API server a service proxy goes through, with the credentials and TLS settings it takes. */
export interface ServiceProxy {
  server: string;
  headers: Record<string, string>;
  agent: Dispatcher;
}

export interface UpstreamSettings {
  kubeaiTemplate?: string;
  kserveTemplate?: string;
  /** Where KubeAI's own Service runs. */
  kubeaiNamespace: string;
  /** The sandbox's API server; absent on a real cluster. */
  serviceProxy?: ServiceProxy;
}

/**
 * A pool of kept-alive connections per origin (at most 256 each), for `connect`'s TLS settings if any. Timeouts are the
 * forwarding's own (the deployment's timeout and stream_timeout), not the pool's.
 */
export function upstreamAgent(connect?: Pick<ConnectionOptions, "ca" | "cert" | "key">): Dispatcher {
  return new Agent({
    connections: 256,
    keepAliveTimeout: 10_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(connect ? { connect } : {}),
  });
}

const AGENT = upstreamAgent();

export function fillTemplate(template: string, target: Pick<ServingTarget, "namespace" | "name">): string {
  return template.replaceAll("{namespace}", encodeURIComponent(target.namespace)).replaceAll("{name}", encodeURIComponent(target.name));
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Where `target` answers, or why it cannot be reached now. */
export function upstreamOf(target: ServingTarget, settings: UpstreamSettings): Upstream | { problem: string } {
  const template = target.backend === "kubeai" ? settings.kubeaiTemplate : settings.kserveTemplate;
  // KubeAI serves every Model behind one endpoint and tells them apart by name; the sandbox's serves all namespaces.
  const model = target.backend === "kubeai" && settings.serviceProxy && !template ? `${target.namespace}/${target.name}` : target.name;
  if (template) {
    const base = trimSlash(fillTemplate(template, target));
    return { base, headers: {}, agent: AGENT, model };
  }
  const proxy = settings.serviceProxy;
  if (target.backend === "kubeai") {
    if (!proxy) {
      const base = `http://kubeai.${settings.kubeaiNamespace}.svc.cluster.local/openai`;
      return { base, headers: {}, agent: AGENT, model };
    }
    const base = `${trimSlash(proxy.server)}/api/v1/namespaces/${settings.kubeaiNamespace}/services/kubeai/proxy/openai`;
    return { base, headers: proxy.headers, agent: proxy.agent, model };
  }
  if (!target.address) return { problem: `${target.namespace}/${target.name} has no address yet: it is not ready` };
  if (!proxy) return { base: trimSlash(target.address), headers: {}, agent: AGENT, model };
  // In the sandbox the address names a Service (`http://<service>.<namespace>.svc.cluster.local`): reach it by proxy.
  const host = new URL(target.address).hostname.split(".");
  const base = `${trimSlash(proxy.server)}/api/v1/namespaces/${host[1] ?? target.namespace}/services/${host[0]}/proxy`;
  return { base, headers: proxy.headers, agent: proxy.agent, model };
}

/** The path below an upstream's base for an OpenAI route (`chat/completions`, …) or a prediction (V1 or V2). */
export function upstreamPath(target: Pick<ServingTarget, "backend" | "name" | "protocol">, route: { openai: string } | "predict"): string {
  const name = encodeURIComponent(target.name);
  if (route === "predict") return target.protocol === "v2" ? `/v2/models/${name}/infer` : `/v1/models/${name}:predict`;
  // KServe's Hugging Face runtime serves OpenAI's API under /openai; KubeAI's base already ends in it.
  return target.backend === "kserve" ? `/openai/v1/${route.openai}` : `/v1/${route.openai}`;
}
