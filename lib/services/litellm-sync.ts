// Teams that run a LiteLLM proxy as their OpenAI-compatible layer keep it: with LITELLM_PROXY_URL and
// LITELLM_MASTER_KEY set, a deployment that serves OpenAI's API is registered there when it is created (its upstream
// as api_base, with the proxy layer's settings: timeout, stream_timeout, max_retries, mode, token limits), updated
// when it changes and removed when it is deleted. A failure there never undoes the Kubernetes object: it comes back
// as a warning on the deployment's answer, and it stays on the deployment: each sync is an audit entry
// (`deployment.litellm.*`, resource kind LiteLLMModel), and the deployment's detail shows the latest one until a
// later sync succeeds (any change of the deployment tries again).
import { and, desc, eq, like } from "drizzle-orm";
import { getDatabase } from "@/db";
import { auditEvents } from "@/db/schema";
import type { Caller } from "@/lib/auth/caller";
import { litellm, type LiteLLMModel, type LiteLLMSettings } from "@/lib/litellm/client";
import { upstreamOf, upstreamPath } from "@/lib/gateway/upstream";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import { servesOpenAI, type Deployment, type LiteLLMSync } from "@/lib/schemas/deployment";
import { audited } from "./audit";
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

const ACTION = "deployment.litellm";
const KIND = "LiteLLMModel";

/** Runs one sync under an audit entry; a failure becomes the answer's warning (the entry keeps it on the deployment). */
async function synced(
  caller: Caller,
  step: "register" | "update" | "remove",
  deployment: { namespace: string; name: string },
  perform: () => Promise<void>,
): Promise<string[]> {
  try {
    await audited(
      caller,
      { action: `${ACTION}.${step}`, tenant: deployment.namespace, resourceKind: KIND, resourceName: deployment.name },
      perform,
      () => ({ model: litellmModelId(deployment.namespace, deployment.name) }),
    );
    return [];
  } catch (error) {
    const done = { register: "registered", update: "updated", remove: "removed" }[step];
    logger.warn("LiteLLM sync failed", { step, deployment: `${deployment.namespace}/${deployment.name}`, error: String(error) });
    return [
      `LiteLLM: the model was not ${done} (${error instanceof Error ? error.message : String(error)}); the deployment itself is in place`,
    ];
  }
}

/** After a create: registers the deployment; warnings for the answer when that failed. */
export async function registerInLiteLLM(caller: Caller, deployment: Deployment): Promise<string[]> {
  const proxy = settings();
  const model = proxy && (await modelOf(deployment));
  if (!proxy || !model) return [];
  return synced(caller, "register", deployment, async () => {
    await litellm.add(proxy, model);
  });
}

/** After a change: updates it there (or adds it, when it was missing). */
export async function updateInLiteLLM(caller: Caller, deployment: Deployment): Promise<string[]> {
  const proxy = settings();
  const model = proxy && (await modelOf(deployment));
  if (!proxy || !model) return [];
  return synced(caller, "update", deployment, async () => {
    const known = (await litellm.list(proxy)).some((entry) => entry.model_info?.id === model.model_info.id);
    await (known ? litellm.update(proxy, model) : litellm.add(proxy, model));
  });
}

/** After a delete: removes it there; a model LiteLLM does not know is already gone. */
export async function removeFromLiteLLM(caller: Caller, namespace: string, name: string): Promise<string[]> {
  const proxy = settings();
  if (!proxy) return [];
  return synced(caller, "remove", { namespace, name }, async () => {
    const id = litellmModelId(namespace, name);
    if ((await litellm.list(proxy)).some((entry) => entry.model_info?.id === id)) await litellm.remove(proxy, id);
  });
}

/** The deployment's latest LiteLLM sync, when LiteLLM is configured and one was made. */
export async function litellmSyncOf(namespace: string, name: string): Promise<LiteLLMSync | undefined> {
  if (!settings()) return undefined;
  const [row] = await getDatabase()
    .select({ action: auditEvents.action, outcome: auditEvents.outcome, error: auditEvents.error, at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.tenant, namespace),
        eq(auditEvents.resourceKind, KIND),
        eq(auditEvents.resourceName, name),
        like(auditEvents.action, `${ACTION}.%`),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  if (!row) return undefined;
  return {
    step: row.action.slice(ACTION.length + 1) as LiteLLMSync["step"],
    state: row.outcome === "succeeded" ? "synced" : row.outcome === "failed" ? "failed" : "pending",
    error: row.error ?? null,
    at: row.at.toISOString(),
  };
}
