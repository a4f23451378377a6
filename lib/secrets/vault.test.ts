// Reading KV v2 secrets from a stand-in OpenBao: tokens and Kubernetes logins, namespaces, versions, the failures a
// user has to tell apart, and S3 credentials from a secret's keys; no error ever carries a token or a secret value.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { startVaultStandIn, type VaultStandIn } from "@/tests/stand-ins/vault";
import { parseSecretReference, readKv2Secret, s3CredentialsFromSecret, type VaultConnection } from "./vault";

const TOKEN = "s.reader-token-1f2e3d";
const JWT = "eyJhbGciOiJSUzI1NiJ9.service-account.signature";
const ACME_V1 = { access_key_id: "AKIAOLDOLDOLD", secret_access_key: "old-secret-value-111" };
const ACME_V2 = { access_key_id: "AKIANEWNEWNEW", secret_access_key: "new-secret-value-222", endpoint: "https://s3.local" };
const SECRET_VALUES = [...Object.values(ACME_V1), ...Object.values(ACME_V2)];

const secrets = {
  "secret/modelport/s3/acme": [ACME_V1, ACME_V2],
  "secret/modelport/s3/rotated": [ACME_V1, "deleted" as const, "destroyed" as const],
  "secret/modelport/s3/gone": [ACME_V1, "deleted" as const],
  "kv/modelport/s3/other": [ACME_V2],
};

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("reading KV v2 secrets", () => {
  let vault: VaultStandIn;
  const messages: string[] = [];
  const failure = async (promise: Promise<unknown>) => {
    const error = await failureOf(promise);
    messages.push(error.message);
    return error;
  };
  const withToken = (token = TOKEN): VaultConnection => ({ address: vault.url, token });

  beforeAll(async () => {
    vault = await startVaultStandIn({ tokens: [TOKEN], secrets });
  });
  afterAll(() => vault?.close());

  it("reads the latest version with a token, sent as X-Vault-Token", async () => {
    const sent: Headers[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const secret = await readKv2Secret({ ...withToken(), fetch: recording }, { path: "modelport/s3/acme" });
    expect(secret).toEqual({ data: ACME_V2, version: 2 });
    expect(sent[0].get("x-vault-token")).toBe(TOKEN);
    expect(sent[0].get("x-vault-namespace")).toBeNull();
    expect(vault.requests).toContain("GET /v1/secret/data/modelport/s3/acme");
    for (const request of vault.requests) for (const value of SECRET_VALUES) expect(request).not.toContain(value);
  });

  it("reads a given version, and another mount", async () => {
    expect(await readKv2Secret(withToken(), { path: "modelport/s3/acme", version: 1 })).toEqual({ data: ACME_V1, version: 1 });
    expect(vault.requests).toContain("GET /v1/secret/data/modelport/s3/acme?version=1");
    const other = await readKv2Secret(withToken(), parseSecretReference("kv/data/modelport/s3/other"));
    expect(other.data).toEqual(ACME_V2);
  });

  it("tells a missing path, a missing version, a deleted and a destroyed version apart", async () => {
    const missing = await failure(readKv2Secret(withToken(), { path: "modelport/s3/nobody" }));
    expect(missing.code).toBe("not_found");
    expect(missing.message).toBe("OpenBao has no secret/modelport/s3/nobody: check the path, and that secret is a KV version 2 engine");
    const noVersion = await failure(readKv2Secret(withToken(), { path: "modelport/s3/acme", version: 7 }));
    expect(noVersion.message).toMatch(/^OpenBao has no version 7 of secret\/modelport\/s3\/acme: check the path and the version/);
    const deleted = await failure(readKv2Secret(withToken(), { path: "modelport/s3/rotated", version: 2 }));
    expect(deleted.code).toBe("not_found");
    expect(deleted.message).toBe(
      "Version 2 of secret/modelport/s3/rotated was deleted in OpenBao: undelete it, or refer to another version",
    );
    const destroyed = await failure(readKv2Secret(withToken(), { path: "modelport/s3/rotated", version: 3 }));
    expect(destroyed.message).toMatch(/^Version 3 of secret\/modelport\/s3\/rotated was destroyed in OpenBao and cannot be recovered/);
    const latestGone = await failure(readKv2Secret(withToken(), { path: "modelport/s3/gone" }));
    expect(latestGone.message).toMatch(/^The latest version \(2\) of secret\/modelport\/s3\/gone was deleted/);
    expect(await readKv2Secret(withToken(), { path: "modelport/s3/rotated", version: 1 })).toEqual({ data: ACME_V1, version: 1 });
  });

  it("says which token was refused and what to check, without the token", async () => {
    const refused = await failure(readKv2Secret(withToken("s.wrong-token"), { path: "modelport/s3/acme" }));
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toBe(
      'OpenBao refused the token for secret/modelport/s3/acme (permission denied): check the policy of the token in OPENBAO_TOKEN grants "read" on secret/data/modelport/s3/acme',
    );
  });

  it("refuses references that could leave the secret's mount, before sending anything", async () => {
    const before = vault.requests.length;
    const escaping = await failure(readKv2Secret(withToken(), { path: "../../sys/seal-status" }));
    expect(escaping.code).toBe("invalid");
    expect((await failure(readKv2Secret(withToken(), { path: "a//b" }))).code).toBe("invalid");
    expect((await failure(readKv2Secret(withToken(), { path: "a", version: -1 }))).code).toBe("invalid");
    expect(vault.requests.length).toBe(before);
  });

  it("says the server is unavailable when it cannot be reached or does not answer in time", async () => {
    const closed = await startVaultStandIn({ tokens: [TOKEN], secrets });
    await closed.close();
    const refused = await failure(readKv2Secret({ address: closed.url, token: TOKEN }, { path: "modelport/s3/acme" }));
    expect(refused.code).toBe("unavailable");
    expect(refused.message).toBe(
      `OpenBao at ${closed.url} is unavailable (ECONNREFUSED): check OPENBAO_ADDR and that the server is running`,
    );

    // Accepts connections and never answers; the aborted client leaves its socket open, so close it ourselves.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const slow = await failure(readKv2Secret({ address, token: TOKEN, timeoutMs: 200 }, { path: "modelport/s3/acme" }));
      expect(slow.message).toMatch(/is unavailable \(no answer within 200 ms\)/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("says a sealed server must be unsealed", async () => {
    const sealed = await startVaultStandIn({ tokens: [TOKEN], secrets, sealed: true });
    try {
      const error = await failure(readKv2Secret({ address: sealed.url, token: TOKEN }, { path: "modelport/s3/acme" }));
      expect(error.code).toBe("unavailable");
      expect(error.message).toMatch(/is sealed or in maintenance \(503\) while reading secret\/modelport\/s3\/acme: unseal it/);
    } finally {
      await sealed.close();
    }
  });

  it("asks for credentials when neither a token nor a Kubernetes role is set", async () => {
    const error = await failure(readKv2Secret({ address: vault.url }, { path: "modelport/s3/acme" }));
    expect(error.message).toMatch(/set OPENBAO_TOKEN, or OPENBAO_K8S_ROLE/);
  });

  // Runs last in this block (vitest keeps the order): every failure message collected above.
  it("never puts a token or a secret value in an error message", () => {
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      for (const secret of [TOKEN, "s.wrong-token", ...SECRET_VALUES]) expect(message).not.toContain(secret);
    }
  });
});

describe("namespaces", () => {
  let vault: VaultStandIn;
  beforeAll(async () => {
    vault = await startVaultStandIn({ tokens: [TOKEN], secrets, namespace: "team-a/ml" });
  });
  afterAll(() => vault?.close());

  it("sends the namespace in X-Vault-Namespace, and cannot read the secret without it", async () => {
    const secret = await readKv2Secret({ address: vault.url, token: TOKEN, namespace: "team-a/ml/" }, { path: "modelport/s3/acme" });
    expect(secret.version).toBe(2);
    const outside = await failureOf(readKv2Secret({ address: vault.url, token: TOKEN }, { path: "modelport/s3/acme" }));
    expect(outside.code).toBe("forbidden");
    const elsewhere = await failureOf(
      readKv2Secret({ address: vault.url, token: TOKEN, namespace: "team-b" }, { path: "modelport/s3/acme" }),
    );
    expect(elsewhere.message).toMatch(/in namespace team-b$/);
  });

  it("stand-in: takes the namespace from the header, the path prefix, or both", async () => {
    const read = (route: string, namespace?: string) =>
      fetch(`${vault.url}${route}`, { headers: { "x-vault-token": TOKEN, ...(namespace ? { "x-vault-namespace": namespace } : {}) } });
    expect((await read("/v1/team-a/ml/secret/data/modelport/s3/acme")).status).toBe(200);
    expect((await read("/v1/ml/secret/data/modelport/s3/acme", "team-a/")).status).toBe(200);
    expect((await read("/v1/secret/data/modelport/s3/acme", "team-a/ml")).status).toBe(200);
    expect((await read("/v1/secret/data/modelport/s3/acme", "team-a")).status).toBe(403);
  });
});

describe("Kubernetes auth", () => {
  let vault: VaultStandIn;
  let directory: string;
  let jwtPath: string;
  const kubernetes = () => ({ address: vault.url, kubernetes: { role: "modelport", jwtPath, mount: "k8s-prod" } });
  const logins = () => vault.requests.filter((request) => request === "POST /v1/auth/k8s-prod/login").length;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "modelport-vault-"));
    jwtPath = path.join(directory, "token");
    await writeFile(jwtPath, `${JWT}\n`);
  });
  afterAll(async () => {
    await vault?.close();
    await rm(directory, { recursive: true, force: true });
  });
  const start = async (leaseSeconds?: number) => {
    await vault?.close();
    vault = await startVaultStandIn({
      tokens: [],
      secrets,
      kubernetesMount: "k8s-prod",
      kubernetesRoles: { modelport: { jwt: JWT, token: "s.k8s-issued", leaseSeconds } },
    });
  };

  it("logs in with the service account token once, and reuses the client token for later reads", async () => {
    await start();
    expect((await readKv2Secret(kubernetes(), { path: "modelport/s3/acme" })).version).toBe(2);
    expect((await readKv2Secret(kubernetes(), { path: "modelport/s3/acme", version: 1 })).version).toBe(1);
    expect(logins()).toBe(1);
    expect(vault.requests.filter((request) => request.startsWith("GET "))).toHaveLength(2);
  });

  it("logs in again when the lease is about to run out", async () => {
    await start(1);
    await readKv2Secret(kubernetes(), { path: "modelport/s3/acme" });
    await sleep(1_100);
    await readKv2Secret(kubernetes(), { path: "modelport/s3/acme" });
    expect(logins()).toBe(2);
  });

  it("logs in again when the cached client token was revoked", async () => {
    await start();
    await readKv2Secret(kubernetes(), { path: "modelport/s3/acme" });
    const revoked = await fetch(`${vault.url}/v1/auth/token/revoke-self`, {
      method: "POST",
      headers: { authorization: "Bearer s.k8s-issued" },
    });
    expect(revoked.status).toBe(204);
    expect((await readKv2Secret(kubernetes(), { path: "modelport/s3/acme" })).version).toBe(2);
    expect(logins()).toBe(2);
  });

  it("says what to check when the login is refused or the token file is missing", async () => {
    await start();
    const wrongRole = await failureOf(
      readKv2Secret({ ...kubernetes(), kubernetes: { role: "nobody", jwtPath, mount: "k8s-prod" } }, { path: "x" }),
    );
    expect(wrongRole.code).toBe("unavailable");
    expect(wrongRole.message).toMatch(
      /^OpenBao refused the Kubernetes login as role "nobody" at auth\/k8s-prod \(400: invalid role name "nobody"\): check/,
    );
    const otherJwt = path.join(directory, "other");
    await writeFile(otherJwt, "eyJ.other-service-account.sig");
    const wrongJwt = await failureOf(
      readKv2Secret({ ...kubernetes(), kubernetes: { role: "modelport", jwtPath: otherJwt, mount: "k8s-prod" } }, { path: "x" }),
    );
    expect(wrongJwt.message).toMatch(/the role exists and is bound to this pod's service account and namespace \(OPENBAO_K8S_ROLE\)$/);
    expect(wrongJwt.message).not.toContain("eyJ.other-service-account.sig");
    const noFile = await failureOf(
      readKv2Secret({ ...kubernetes(), kubernetes: { role: "modelport", jwtPath: path.join(directory, "absent") } }, { path: "x" }),
    );
    expect(noFile.message).toMatch(/^Cannot read the service account token at .*absent for the OpenBao Kubernetes login \(ENOENT\)/);
    const wrongMount = await failureOf(readKv2Secret({ ...kubernetes(), kubernetes: { role: "modelport", jwtPath } }, { path: "x" }));
    expect(wrongMount.message).toMatch(
      /^OpenBao refused the Kubernetes login as role "modelport" at auth\/kubernetes \(403: permission denied\): check OPENBAO_K8S_MOUNT/,
    );
    for (const error of [wrongRole, wrongJwt, noFile, wrongMount]) expect(error.message).not.toContain(JWT);
  });
});

describe("the stand-in follows the documented protocol", () => {
  let vault: VaultStandIn;
  beforeAll(async () => {
    vault = await startVaultStandIn({ tokens: [TOKEN], secrets, kubernetesRoles: { modelport: { jwt: JWT, token: "s.k8s-issued" } } });
  });
  afterAll(() => vault?.close());
  const get = (route: string, headers: Record<string, string> = { "x-vault-token": TOKEN }) => fetch(`${vault.url}${route}`, { headers });

  it("answers a read with the full envelope, and accepts the token as X-Vault-Token or Bearer", async () => {
    const response = await get("/v1/secret/data/modelport/s3/acme", { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual([
      "auth",
      "data",
      "lease_duration",
      "lease_id",
      "renewable",
      "request_id",
      "warnings",
      "wrap_info",
    ]);
    expect(body).toMatchObject({ lease_id: "", lease_duration: 0, renewable: false, warnings: null, wrap_info: null, auth: null });
    expect(body.data.metadata).toMatchObject({ version: 2, deletion_time: "", destroyed: false, custom_metadata: null });
    expect((await get("/v1/secret/data/modelport/s3/acme")).status).toBe(200);
  });

  it("answers the documented failures", async () => {
    expect(await (await get("/v1/secret/data/modelport/s3/acme", { "x-vault-token": "s.nope" })).json()).toEqual({
      errors: ["permission denied"],
    });
    const missing = await get("/v1/secret/data/modelport/s3/nobody");
    expect([missing.status, await missing.json()]).toEqual([404, { errors: [] }]);
    const deleted = await get("/v1/secret/data/modelport/s3/rotated?version=2");
    expect(deleted.status).toBe(404);
    expect((await deleted.json()).data).toMatchObject({
      data: null,
      metadata: { version: 2, destroyed: false, deletion_time: expect.stringMatching(/Z$/) },
    });
    const destroyed = await (await get("/v1/secret/data/modelport/s3/rotated?version=3")).json();
    expect(destroyed.data).toMatchObject({ data: null, metadata: { version: 3, destroyed: true, deletion_time: "" } });
    const wrongMethod = await fetch(`${vault.url}/v1/auth/kubernetes/login`);
    expect([wrongMethod.status, await wrongMethod.json()]).toEqual([405, { errors: ["unsupported operation"] }]);
  });

  it("issues a client token with a lease on a Kubernetes login, and refuses a wrong role or JWT with 400", async () => {
    const login = (body: unknown) => fetch(`${vault.url}/v1/auth/kubernetes/login`, { method: "PUT", body: JSON.stringify(body) });
    const accepted = await (await login({ role: "modelport", jwt: JWT })).json();
    expect(accepted.auth).toMatchObject({ client_token: "s.k8s-issued", lease_duration: 2_764_800, renewable: true });
    const wrongRole = await login({ role: "nobody", jwt: JWT });
    expect([wrongRole.status, await wrongRole.json()]).toEqual([400, { errors: ['invalid role name "nobody"'] }]);
    expect((await login({ role: "modelport", jwt: "eyJ.x.y" })).status).toBe(400);
  });
});

describe("secret references", () => {
  it("reads the mount from the first segment and drops the API's data/ segment", () => {
    expect(parseSecretReference("secret/data/modelport/s3/acme")).toEqual({ mount: "secret", path: "modelport/s3/acme" });
    expect(parseSecretReference("secret/modelport/s3/acme")).toEqual({ mount: "secret", path: "modelport/s3/acme" });
    expect(parseSecretReference("/kv/modelport/s3/acme/")).toEqual({ mount: "kv", path: "modelport/s3/acme" });
    expect(parseSecretReference("secret/data/data/x")).toEqual({ mount: "secret", path: "data/x" });
    expect(parseSecretReference("secret/data")).toEqual({ mount: "secret", path: "data" });
  });

  it("takes a version after # or ?version=, and 0 as the latest", () => {
    expect(parseSecretReference("secret/modelport/s3/acme#3")).toEqual({ mount: "secret", path: "modelport/s3/acme", version: 3 });
    expect(parseSecretReference("kv/data/modelport/s3/acme?version=2")).toEqual({ mount: "kv", path: "modelport/s3/acme", version: 2 });
    expect(parseSecretReference("secret/modelport/s3/acme#0").version).toBeUndefined();
  });

  it("refuses references without a path, with dot segments or with a bad version", () => {
    for (const text of ["secret", "secret/", "secret/../sys/seal-status", "secret/a//b", "secret/a#x", "secret/a?version=-1", ""]) {
      expect(() => parseSecretReference(text), text).toThrow(
        /^The secret reference is not valid: .* Write it as <mount>\/<path>\[#<version>\]/,
      );
    }
  });
});

describe("S3 credentials from a secret", () => {
  it("maps the common key spellings", () => {
    expect(
      s3CredentialsFromSecret({
        access_key_id: "a",
        secret_access_key: "s",
        session_token: "t",
        endpoint: "https://s3.local",
        region: "eu-1",
      }),
    ).toEqual({
      accessKeyId: "a",
      secretAccessKey: "s",
      sessionToken: "t",
      endpoint: "https://s3.local",
      region: "eu-1",
    });
    expect(
      s3CredentialsFromSecret({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_REGION: "r" }),
    ).toEqual({
      accessKeyId: "a",
      secretAccessKey: "s",
      sessionToken: "t",
      region: "r",
    });
    expect(s3CredentialsFromSecret({ accessKeyId: "a", secretAccessKey: "s", endpointUrl: "http://minio:9000" })).toEqual({
      accessKeyId: "a",
      secretAccessKey: "s",
      endpoint: "http://minio:9000",
    });
    expect(s3CredentialsFromSecret({ aws_access_key_id: "a", aws_secret_access_key: "s", sessionToken: "" })).toEqual({
      accessKeyId: "a",
      secretAccessKey: "s",
    });
  });

  it("names the missing key and the keys there are, never their values", () => {
    let error: unknown;
    try {
      s3CredentialsFromSecret({ access_key_id: "AKIAVISIBLE", secretKeyy: "do-not-show" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    expect((error as AppError).message).toBe(
      "The secret has no S3 secret access key: add the key secret_access_key (also read: aws_secret_access_key, secret_key, " +
        "in any letter case, with or without underscores). The secret's keys: access_key_id, secretKeyy",
    );
    expect(() => s3CredentialsFromSecret({})).toThrow(
      /^The secret has no S3 access key id: add the key access_key_id .* The secret's keys: none$/,
    );
  });
});
