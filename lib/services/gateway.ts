// Which deployment a gateway request reaches, and whether its caller may reach it. A tenant's own users and service
// accounts call its deployments by name (`name`, or `<namespace>/<name>` when the name alone is ambiguous), as do the
// users of tenants a publication allows; an API key reaches only its own published model. Anything else answers
// exactly as a missing model does. What a deployment is and where it answers comes from memory kept current by a
// watch (./deployment-facts), so the fast path does not ask the API server. Keys are checked on every request, so a
// revoked one stops at once everywhere.
import { and, eq } from "drizzle-orm";
import { getDatabase } from "@/db";
import { publishedModels } from "@/db/schema";
import { canReadTenant, type Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { upstreamAgent, upstreamOf, type ServingTarget, type Upstream, type UpstreamSettings } from "@/lib/gateway/upstream";
import { getCluster } from "@/lib/k8s/cluster";
import { runtimeSingleton } from "@/lib/runtime";
import { namespaceSchema, objectNameSchema, servesOpenAI, type Deployment } from "@/lib/schemas/deployment";
import type { ProxyMetadata } from "@/lib/schemas/proxy-metadata";
import { listDeployments } from "./deployments";
import { deploymentFacts, type Facts } from "./deployment-facts";
import type { KeyPrincipal } from "./publishing";
import type { PublishedLocation } from "./published-locations";

/** When a deployment sets no `timeout`: long enough for a long generation, as LiteLLM's default is. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

export interface GatewayTarget {
  namespace: string;
  name: string;
  target: ServingTarget;
  upstream: Upstream;
  openai: boolean;
  proxy: ProxyMetadata;
}

/** The sandbox's service proxy, with the credentials of the kubeconfig Modelport uses; built once per runtime. */
export function upstreamSettings(): Promise<UpstreamSettings> {
  return runtimeSingleton("gateway-upstreams", async ({ config, cluster }) => {
    const settings: UpstreamSettings = {
      kubeaiTemplate: config.MODELPORT_UPSTREAM_KUBEAI,
      kserveTemplate: config.MODELPORT_UPSTREAM_KSERVE,
      kubeaiNamespace: config.KUBEAI_NAMESPACE,
    };
    if (cluster.kind !== "sandbox") return settings;
    const options: import("node:https").RequestOptions = {};
    await getCluster().kubeConfig.applyToHTTPSOptions(options);
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name, String(value)]));
    const agent = upstreamAgent({ ca: options.ca, cert: options.cert, key: options.key });
    return { ...settings, serviceProxy: { server: cluster.url, headers, agent } };
  });
}

export type GatewayNeed = "openai" | "predict";

/** Who is calling the gateway: a user or service account by its token, or a published model's API key. */
export type GatewayPrincipal =
  | { kind: "caller"; caller: Caller }
  | { kind: "key"; key: KeyPrincipal }
  /** Anyone, on the own URL of a publication that needs no API key. */
  | { kind: "public"; location: PublishedLocation };

export function principalLabel(principal: GatewayPrincipal): string {
  if (principal.kind === "caller") return principal.caller.subject;
  return principal.kind === "key" ? `api-key:${principal.key.keyId}` : "anonymous";
}

/** Whether the publication of namespace/name lets one of the caller's tenants in (`authentication.allowedTenants`). */
async function publicationAllows(caller: Caller, namespace: string, name: string): Promise<boolean> {
  const [row] = await getDatabase()
    .select({ authentication: publishedModels.authentication })
    .from(publishedModels)
    .where(and(eq(publishedModels.tenant, namespace), eq(publishedModels.name, name)));
  const allowed = (row?.authentication as { allowedTenants?: string[] } | undefined)?.allowedTenants ?? [];
  return allowed.some((tenant) => canReadTenant(caller, tenant));
}

/**
 * The deployment `requested` names for this principal. An API key: its own model, by name or `<namespace>/<name>`.
 * A caller: `<namespace>/<name>` in a tenant it belongs to (any, for an admin) or whose publication allows one of its
 * tenants, or a bare name found among its own tenants. A 404 for anything it cannot reach, in every case.
 */
export async function resolveGatewayModel(principal: GatewayPrincipal, requested: string, need: GatewayNeed): Promise<GatewayTarget> {
  const missing = () => new AppError("not_found", `The model '${requested}' does not exist or you do not have access to it.`);
  if (principal.kind === "key" || principal.kind === "public") {
    const { tenant, name } = principal.kind === "key" ? principal.key : principal.location;
    if (requested !== name && requested !== `${tenant}/${name}`) throw missing();
    const facts = await deploymentFacts(tenant, name);
    if (!facts) throw missing();
    return targetOf(facts, need);
  }
  const { caller } = principal;
  const slash = requested.indexOf("/");
  let facts: Facts | null;
  if (slash >= 0) {
    const namespace = requested.slice(0, slash);
    const name = requested.slice(slash + 1);
    if (!namespaceSchema.safeParse(namespace).success || !objectNameSchema.safeParse(name).success) throw missing();
    if (!canReadTenant(caller, namespace) && !(await publicationAllows(caller, namespace, name))) throw missing();
    facts = await deploymentFacts(namespace, name);
  } else {
    if (!objectNameSchema.safeParse(requested).success) throw missing();
    const tenants = Object.keys(caller.tenantRoles);
    const found = (await Promise.all(tenants.map((tenant) => deploymentFacts(tenant, requested)))).filter((item) => item !== null);
    if (found.length > 1) {
      const where = found.map((item) => item.namespace).join(", ");
      throw new AppError("bad_request", `The model '${requested}' exists in tenants ${where}; name it as '<namespace>/${requested}'.`);
    }
    facts = found[0] ?? null;
    if (!facts && caller.isAdmin) {
      throw new AppError("not_found", `No tenant of yours has a model '${requested}'; as an admin, name it as '<namespace>/${requested}'.`);
    }
  }
  if (!facts) throw missing();
  return targetOf(facts, need);
}

async function targetOf(facts: Facts, need: GatewayNeed): Promise<GatewayTarget> {
  const qualified = `${facts.namespace}/${facts.name}`;
  if (need === "openai" && !facts.openai) {
    throw new AppError(
      "bad_request",
      `The model '${qualified}' is a traditional model: send its requests to POST /models/${facts.name}/predict.`,
    );
  }
  if (need === "predict" && facts.backend === "kubeai") {
    throw new AppError(
      "bad_request",
      `The model '${qualified}' serves OpenAI's API: send its requests to /v1/chat/completions and the like.`,
    );
  }
  if (facts.status === "Stopped") {
    throw new AppError("unavailable", `The model '${qualified}' is stopped: start it before sending requests.`, { code: "model_stopped" });
  }
  let served = SERVED.get(facts);
  if (!served) {
    const target: ServingTarget = {
      backend: facts.backend,
      namespace: facts.namespace,
      name: facts.name,
      address: facts.address,
      protocol: facts.protocol,
    };
    served = { target, upstream: upstreamOf(target, await upstreamSettings()) };
    SERVED.set(facts, served);
  }
  const { target, upstream } = served;
  if ("problem" in upstream) throw new AppError("unavailable", `The model '${qualified}' cannot take requests: ${upstream.problem}.`);
  return { namespace: facts.namespace, name: facts.name, target, upstream, openai: facts.openai, proxy: facts.proxy };
}

/** Where a deployment's facts say it answers, worked out once per look-up of them. */
const SERVED = new WeakMap<Facts, { target: ServingTarget; upstream: ReturnType<typeof upstreamOf> }>();

/** OpenAI's model list: what the principal can call through the gateway with OpenAI's API. */
export async function gatewayModels(principal: GatewayPrincipal): Promise<{ object: "list"; data: Array<Record<string, unknown>> }> {
  if (principal.kind !== "caller") {
    const own = principal.kind === "key" ? principal.key : principal.location;
    const facts = await deploymentFacts(own.tenant, own.name);
    const data = facts?.openai ? [{ id: facts.name, object: "model", created: 0, owned_by: facts.namespace }] : [];
    return { object: "list", data };
  }
  const { caller } = principal;
  const items: Deployment[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDeployments(caller, { limit: 500, continue: cursor });
    items.push(...page.items);
    cursor = page.continue;
  } while (cursor && items.length < 5000);
  const callable = items.filter((item) => servesOpenAI(item));
  const names = new Map<string, number>();
  for (const item of callable) names.set(item.name, (names.get(item.name) ?? 0) + 1);
  // A name in several of the caller's tenants is listed qualified, so every id listed routes.
  return {
    object: "list",
    data: callable.map((item) => ({
      id: (names.get(item.name) ?? 0) > 1 ? `${item.namespace}/${item.name}` : item.name,
      object: "model",
      created: Math.floor((Date.parse(item.createdAt ?? "") || 0) / 1000),
      owned_by: item.namespace,
    })),
  };
}
