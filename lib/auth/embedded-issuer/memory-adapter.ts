// Per-issuer in-memory storage for oidc-provider models (and records of its JWT access tokens); sessions and refresh
// tokens end with the process, by design.
export type AdapterPayload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
};

export interface ModelAdapter {
  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

interface Entry {
  model: string;
  id: string;
  payload: AdapterPayload;
  expiresAt: number;
  /** A JWT access token's record: found through the JWT itself, never through its bare `jti`. */
  jwtBacked?: boolean;
}

export interface MemoryAdapterOptions {
  /** The `jti` of a JWT access token this issuer signed (signature checked), or undefined. */
  jwtAccessTokenId?(value: string): Promise<string | undefined>;
}

export type MemoryAdapterFactory = ((model: string) => ModelAdapter) & {
  /**
   * Keeps a record of a JWT access token, which oidc-provider stores nowhere, under its `jti` and grant: its
   * introspection, revocation and the end of its grant or session then work as for an opaque token.
   */
  rememberJwtAccessToken(payload: AdapterPayload & { jti: string }, expiresIn: number): void;
};

const SWEEP_EVERY_WRITES = 200;
// Kept a little past their expiry, as oidc-provider's own adapter does, so clock-tolerant checks still find them.
const CLOCK_TOLERANCE_SECONDS = 15;
const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PreAuthorizedCode",
]);

// An arrow-function factory: oidc-provider calls it once per model name. Using our own adapter (rather than
// the library's default) also avoids its "development-only adapter" warning on every start.
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapterFactory {
  const entries = new Map<string, Entry>();
  const sessionUids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  const grants = new Map<string, Set<string>>();
  let writes = 0;

  const keyOf = (model: string, id: string) => `${model}:${id}`;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const { uid, userCode, grantId } = entry.payload;
    if (uid && sessionUids.get(uid) === entry.id) sessionUids.delete(uid);
    if (userCode && userCodes.get(userCode) === entry.id) userCodes.delete(userCode);
    if (grantId && GRANTABLE.has(entry.model)) {
      const members = grants.get(grantId);
      members?.delete(key);
      if (members?.size === 0) grants.delete(grantId);
    }
  };

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      remove(key);
      return undefined;
    }
    return entry;
  };

  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) remove(key);
  };

  const store = (model: string, id: string, payload: AdapterPayload, expiresIn: number | undefined, jwtBacked: boolean) => {
    const key = keyOf(model, id);
    remove(key);
    const expiresAt = typeof expiresIn === "number" ? Date.now() + (expiresIn + CLOCK_TOLERANCE_SECONDS) * 1000 : Number.POSITIVE_INFINITY;
    entries.set(key, { model, id, payload, expiresAt, jwtBacked });
    if (model === "Session" && payload.uid) sessionUids.set(payload.uid, id);
    if (payload.userCode) userCodes.set(payload.userCode, id);
    if (payload.grantId && GRANTABLE.has(model)) {
      const members = grants.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      grants.set(payload.grantId, members);
    }
    writes += 1;
    if (writes % SWEEP_EVERY_WRITES === 0) sweep();
  };

  const findAccessToken = async (value: string) => {
    if (value.split(".").length !== 3) return undefined;
    const jti = await options.jwtAccessTokenId?.(value);
    return jti === undefined ? undefined : live(keyOf("AccessToken", jti))?.payload;
  };

  const factory = (model: string): ModelAdapter => ({
    async upsert(id, payload, expiresIn) {
      store(model, id, payload, expiresIn, false);
    },
    async find(id) {
      const entry = live(keyOf(model, id));
      if (entry?.jwtBacked) return undefined;
      if (!entry && model === "AccessToken") return findAccessToken(id);
      return entry?.payload;
    },
    async findByUid(uid) {
      const id = sessionUids.get(uid);
      return id === undefined ? undefined : live(keyOf(model, id))?.payload;
    },
    async findByUserCode(userCode) {
      const id = userCodes.get(userCode);
      return id === undefined ? undefined : live(keyOf(model, id))?.payload;
    },
    async consume(id) {
      const entry = live(keyOf(model, id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id) {
      remove(keyOf(model, id));
    },
    async revokeByGrantId(grantId) {
      for (const key of [...(grants.get(grantId) ?? [])]) remove(key);
      grants.delete(grantId);
    },
  });

  return Object.assign(factory, {
    rememberJwtAccessToken(payload: AdapterPayload & { jti: string }, expiresIn: number) {
      store("AccessToken", payload.jti, payload, expiresIn, true);
    },
  });
}
