// A stand-in for OpenBao / Vault answering what Modelport uses of its HTTP API (../shared/reference/vault-kv2.md):
// KV v2 reads (?version=N), Kubernetes auth logins, token revoke-self, namespaces by header or path prefix, and the
// documented failures. Writes and deletes are not implemented: they answer 405 like any unsupported operation.
// Secret values are never logged; `requests` holds only "METHOD path?query".
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type StandInSecretVersion = Record<string, string> | "deleted" | "destroyed";

export interface KubernetesRole {
  /** The service account token (JWT) this role accepts. */
  jwt: string;
  /** The client token a login issues; it is valid only from a login until its lease runs out. */
  token: string;
  /** The issued token's lease; 2764800 (32 days) unless given. */
  leaseSeconds?: number;
}

export interface VaultStandInOptions {
  /** Tokens that may read every secret, as with a policy granting read on all paths. */
  tokens: string[];
  /** "<mount>/<path>" → versions 1..n, oldest first. The mount is the first segment. */
  secrets: Record<string, StandInSecretVersion[]>;
  /** Roles of the Kubernetes auth method. */
  kubernetesRoles?: Record<string, KubernetesRole>;
  /** Where the Kubernetes auth method is mounted; "kubernetes" unless given. */
  kubernetesMount?: string;
  /** The namespace holding the mounts, roles and tokens ("team-a", "ns1/ns2"); the root namespace unless given. */
  namespace?: string;
  sealed?: boolean;
}

export interface VaultStandIn {
  url: string;
  /** Requests received, as "METHOD path?query". */
  requests: string[];
  close(): Promise<void>;
}

const DEFAULT_LEASE_SECONDS = 2_764_800;

const send = (res: http.ServerResponse, status: number, body?: unknown) => {
  if (body === undefined) return res.writeHead(status).end();
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const fail = (res: http.ServerResponse, status: number, ...errors: string[]) => send(res, status, { errors });

const envelope = (fields: { data?: unknown; auth?: unknown }) => ({
  request_id: randomUUID(),
  lease_id: "",
  lease_duration: 0,
  renewable: false,
  data: fields.data ?? null,
  warnings: null,
  wrap_info: null,
  auth: fields.auth ?? null,
});

const segmentsOf = (text: string) => text.split("/").filter(Boolean);

/** Vault joins the X-Vault-Namespace header with namespace segments at the front of the path. */
function resolveNamespace(configured: string[], header: string, segments: string[]): { namespace: string; route: string[] } {
  const fromHeader = segmentsOf(header);
  const remaining = configured.slice(fromHeader.length);
  const headerIsParent = fromHeader.every((segment, index) => configured[index] === segment);
  const restInPath = remaining.length > 0 && remaining.every((segment, index) => segments[index] === segment);
  return headerIsParent && restInPath
    ? { namespace: configured.join("/"), route: segments.slice(remaining.length) }
    : { namespace: fromHeader.join("/"), route: segments };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

export async function startVaultStandIn(options: VaultStandInOptions): Promise<VaultStandIn> {
  const requests: string[] = [];
  const namespace = segmentsOf(options.namespace ?? "");
  const kubernetesMount = options.kubernetesMount ?? "kubernetes";
  const mounts = new Set(Object.keys(options.secrets).map((key) => key.split("/")[0]));
  const startedAt = Date.now();
  /** Token → when it stops being valid (ms since the epoch). */
  const validTokens = new Map<string, number>(options.tokens.map((token) => [token, Infinity]));

  const tokenOf = (req: http.IncomingMessage) =>
    req.headers["x-vault-token"]?.toString() ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const isValid = (token: string | undefined) => token !== undefined && (validTokens.get(token) ?? 0) > Date.now();

  const versionMetadata = (version: number, state: StandInSecretVersion) => {
    const created = startedAt + (version - 1) * 1000;
    return {
      version,
      created_time: new Date(created).toISOString(),
      deletion_time: state === "deleted" ? new Date(created + 500).toISOString() : "",
      destroyed: state === "destroyed",
      custom_metadata: null,
    };
  };

  const readSecret = (res: http.ServerResponse, key: string, versionParameter: string | null) => {
    const versions = options.secrets[key];
    if (versionParameter !== null && !/^\d+$/.test(versionParameter))
      return fail(res, 400, `error converting input ${versionParameter} for field "version"`);
    if (!versions || versions.length === 0) return fail(res, 404);
    const version = Number(versionParameter ?? 0) || versions.length;
    const state = versions[version - 1];
    if (state === undefined) return fail(res, 404);
    const metadata = versionMetadata(version, state);
    if (typeof state === "string") return send(res, 404, envelope({ data: { data: null, metadata } }));
    send(res, 200, envelope({ data: { data: state, metadata } }));
  };

  const logIn = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      return fail(res, 400, `failed to parse JSON input: ${(error as Error).message}`);
    }
    const { role, jwt } = (body ?? {}) as { role?: unknown; jwt?: unknown };
    if (typeof role !== "string" || role === "") return fail(res, 400, "missing role");
    if (typeof jwt !== "string" || jwt === "") return fail(res, 400, "missing jwt");
    const configured = options.kubernetesRoles?.[role];
    if (!configured) return fail(res, 400, `invalid role name "${role}"`);
    if (configured.jwt !== jwt) return fail(res, 400, "service account name not authorized");
    const leaseSeconds = configured.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
    validTokens.set(configured.token, Date.now() + leaseSeconds * 1000);
    const policies = ["default", `${role}-policy`];
    send(
      res,
      200,
      envelope({
        auth: {
          client_token: configured.token,
          accessor: randomUUID(),
          policies,
          token_policies: policies,
          metadata: { role, service_account_name: role, service_account_namespace: "modelport", service_account_uid: randomUUID() },
          lease_duration: leaseSeconds,
          renewable: true,
          entity_id: randomUUID(),
          token_type: "service",
          orphan: true,
          mfa_requirement: null,
          num_uses: 0,
        },
      }),
    );
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://vault");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== "v1") return fail(res, 404);
    if (options.sealed) return fail(res, 503, "Vault is sealed");
    const header = req.headers["x-vault-namespace"]?.toString() ?? "";
    const { namespace: requested, route } = resolveNamespace(namespace, header, segments.slice(1));
    const inNamespace = requested === namespace.join("/");
    const method = req.method === "PUT" ? "POST" : req.method;
    const noHandler = () => fail(res, 404, `no handler for route "${route.join("/")}". route entry not found.`);

    const isLogin = inNamespace && options.kubernetesRoles && route.join("/") === `auth/${kubernetesMount}/login`;
    if (isLogin) return method === "POST" ? logIn(req, res) : fail(res, 405, "unsupported operation");
    // Every other route, a login to an auth method that is not there included, needs a token valid in the
    // namespace asked for (Vault checks the token before routing); tokens here live in the stand-in's namespace.
    const token = tokenOf(req);
    if (!inNamespace || !isValid(token)) return fail(res, 403, "permission denied");

    if (route.join("/") === "auth/token/revoke-self") {
      if (method !== "POST") return fail(res, 405, "unsupported operation");
      validTokens.delete(token as string);
      return send(res, 204);
    }
    const [mount, kind, ...path] = route;
    if (!mounts.has(mount)) return noHandler();
    if (kind !== "data") return fail(res, 404);
    if (method !== "GET") return fail(res, 405, "unsupported operation");
    readSecret(res, `${mount}/${path.join("/")}`, url.searchParams.get("version"));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => fail(res, 500, (error as Error).message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
