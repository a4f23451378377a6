// Teams that run a LiteLLM proxy as their OpenAI-compatible layer keep it: with LITELLM_PROXY_URL and
// LITELLM_MASTER_KEY set, a deployment that serves OpenAI's API is registered there when it is created (its upstream
// as api_base, with the proxy layer's settings: timeout, stream_timeout, max_retries, mode, token limits), updated
// when it changes and removed when it is deleted. A failure there never undoes the Kubernetes object: it comes back
// as a warning on the deployment's answer, and in the log.
import { litellm, type LiteLLMModel, type LiteLLMSettings } from "@/lib/litellm/client";
import { upstreamOf, upstreamPath } from "@/lib/gateway/upstream";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import { servesOpenAI, type Deployment } from "@/lib/schemas/deployment";
import { upstreamSettings } from "./gateway";

function settings(): LiteLLMSettings | undefined {
  const { LITELLM_PROXY_URL, LITELLM_MASTER_KEY } = getRuntime().config;
  return LITELLM_PROXY_URL && LITELLM_MASTER_KEY ? { url: LITELLM_PROXY_URL, masterKey: LITELLM_MASTER_KEY } : undefined;
}

/** The id Modelport gives a deployment's model in LiteLLM: stable, so changes and removals need no lookup. */
export function litellmModelId(namespace: string, name: string): string {
  return `modelport:${namespace}:${name}`;
}

async function modelOf(deployment: Deployment): Promise<LiteLLMModel | undefined> {
  if (!servesOpenAI(deployment)) return undefined;
  const target = {
    backend: deployment.backend,
    namespace: deployment.namespace,
    name: deployment.name,
    address: deployment.endpoint,
  };
  // LiteLLM runs in the cluster: it reaches the model server's own address (or the template), never the sandbox's proxy.
  const upstream = upstreamOf(target, { ...(await upstreamSettings()), serviceProxy: undefined });
  if ("problem" in upstream) return undefined;
  const apiBase = upstream.base + upstreamPath(target, { openai: "" }).replace(/\/$/, "");
  const proxy = deployment.proxy;
  return {
    model_name: `${deployment.namespace}/${deployment.name}`,
    litellm_params: {
      model: `openai/${upstream.model}`,
      api_base: apiBase,
      api_key: "none",
      ...(proxy.timeout !== undefined ? { timeout: proxy.timeout } : {}),
      ...(proxy.stream_timeout !== undefined ? { stream_timeout: proxy.stream_timeout } : {}),
      ...(proxy.max_retries !== undefined ? { max_retries: proxy.max_retries } : {}),
    },
    model_info: {
      id: litellmModelId(deployment.namespace, deployment.name),
      ...(proxy.model_mode ? { mode: proxy.model_mode } : {}),
      ...(proxy.max_input_tokens !== undefined ? { max_input_tokens: proxy.max_input_tokens } : {}),
      ...(proxy.max_output_tokens !== undefined ? { max_output_tokens: proxy.max_output_tokens } : {}),
    },
  };
}

function failed(action: string, deployment: { namespace: string; name: string }, error: unknown): string[] {
  const message = `LiteLLM: the model was not ${action} (${error instanceof Error ? error.message : String(error)}); the deployment itself is in place`;
  logger.warn("LiteLLM sync failed", { action, deployment: `${deployment.namespace}/${deployment.name}`, error: String(error) });
  return [message];
}

/** After a create: registers the deployment; warnings for the answer when that failed. */
export async function registerInLiteLLM(deployment: Deployment): Promise<string[]> {
  const proxy = settings();
  if (!proxy) return [];
  try {
    const model = await modelOf(deployment);
    if (model) await litellm.add(proxy, model);
    return [];
  } catch (error) {
    return failed("registered", deployment, error);
  }
}

/** After a change: updates it there (or adds it, when it was missing). */
export async function updateInLiteLLM(deployment: Deployment): Promise<string[]> {
  const proxy = settings();
  if (!proxy) return [];
  try {
    const model = await modelOf(deployment);
    if (!model) return [];
    const known = (await litellm.list(proxy)).some((entry) => entry.model_info?.id === model.model_info.id);
    await (known ? litellm.update(proxy, model) : litellm.add(proxy, model));
    return [];
  } catch (error) {
    return failed("updated", deployment, error);
  }
}

/** After a delete: removes it there; a model LiteLLM does not know is already gone. */
export async function removeFromLiteLLM(namespace: string, name: string): Promise<string[]> {
  const proxy = settings();
  if (!proxy) return [];
  try {
    const id = litellmModelId(namespace, name);
    if ((await litellm.list(proxy)).some((entry) => entry.model_info?.id === id)) await litellm.remove(proxy, id);
    return [];
  } catch (error) {
    return failed("removed", { namespace, name }, error);
  }
}
