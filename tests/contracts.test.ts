// The seeds' contracts and the deployment API's own: the Model Installer's documented request sent byte for byte,
// the namespace it defaults to, a GET body sent back as a copy, unknown profiles, warnings, and the per-tenant cap.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ROUTES } from "@/lib/contracts/all-routes";
import { routeFileOf } from "@/lib/http/contract";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";

// A verbatim copy of the Model Installer's documentation (shared/seeds/000_c706433d85309c28.txt).
const SEED = path.resolve(__dirname, "fixtures/seeds/model-installer-api.txt");

/** The JSON block under "Example: Deploy A Model Directly", exactly as the Model Installer's documentation has it. */
function seedExample(): string {
  const text = fs.readFileSync(SEED, "utf8");
  const section = text.slice(text.indexOf("Example: Deploy A Model Directly"));
  const match = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!match) throw new Error("the seed's example is missing");
  return match[1];
}

const fieldsOf = (body: { details?: { fields?: { field: string; message: string }[] } }) => body.details?.fields ?? [];

describe("the Model Installer's documented request", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness("pglite");
  });
  afterAll(async () => harness?.stop());

  it("registers the seed's example byte for byte and creates the Model it describes", async () => {
    const raw = seedExample();
    const result = await call("POST", "/register_model", {
      token: ADMIN_TOKEN,
      rawBody: raw,
      headers: { "content-type": "application/json" },
    });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body).toMatchObject({ name: "mistral-small", namespace: "kubeai" });
    const model = (await call("GET", "/api/v1/deployments/kubeai/mistral-small", { token: ADMIN_TOKEN })).body.object;
    expect(model.spec).toMatchObject({
      url: "hf://mistralai/Mistral-Small-3.2-24B-Instruct-2506",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "nvidia-gpu-l4:1",
      replicas: 1,
      minReplicas: 0,
      maxReplicas: 2,
    });
    expect(JSON.parse(model.metadata.annotations["modelport.dev/proxy"])).toEqual({
      timeout: 30,
      stream_timeout: 1,
      max_retries: 5,
      model_mode: "chat",
      max_input_tokens: 8192,
      max_output_tokens: 2048,
    });
  });

  it.each([
    ["chat", "TextGeneration"],
    ["completion", "TextGeneration"],
    ["embedding", "TextEmbedding"],
    ["audio_transcription", "SpeechToText"],
    ["audio-transcription", "SpeechToText"],
    ["rerank", "Reranking"],
    ["reranking", "Reranking"],
  ])("accepts model_mode %s with feature %s", async (mode, feature) => {
    const name = `mode-${mode.replace(/_/g, "u")}`;
    const body = { name, namespace: "tenant-a", engine: "VLLM", features: [feature], url: "hf://a/b", model_mode: mode, replicas: 0 };
    const result = await call("POST", "/register_model", { token: ADMIN_TOKEN, body });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body.deployment.proxy.model_mode).toBe(mode);
  });

  it("maps a mode to its feature when the body leaves it out", async () => {
    const body = {
      name: "mode-adds-feature",
      namespace: "tenant-a",
      engine: "Infinity",
      features: [],
      url: "hf://a/b",
      model_mode: "embedding",
      replicas: 0,
    };
    const result = await call("POST", "/register_model", { token: ADMIN_TOKEN, body });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body.deployment.features).toEqual(["TextEmbedding"]);
  });

  it("still takes the snake_case aliases, and refuses both spellings at once", async () => {
    const body = {
      name: "aliases",
      namespace: "tenant-a",
      engine: "VLLM",
      features: ["TextGeneration"],
      url: "hf://a/b",
      resource_profile: "cpu:2",
      min_replicas: 0,
      max_replicas: 3,
    };
    const created = await call("POST", "/register_model", { token: ADMIN_TOKEN, body });
    expect(created.status).toBe(201);
    expect(created.body.deployment).toMatchObject({ resourceProfile: "cpu:2", minReplicas: 0, maxReplicas: 3 });
    const both = await call("POST", "/register_model", { token: ADMIN_TOKEN, body: { ...body, name: "both", minReplicas: 1 } });
    expect(both.status).toBe(422);
    expect(fieldsOf(both.body).map((problem) => problem.field)).toEqual(["min_replicas"]);
  });

  it("names namespace when the default is not the caller's, or uses the caller's only tenant", async () => {
    const body = { name: "no-namespace", engine: "VLLM", features: ["TextGeneration"], url: "hf://a/b", replicas: 0 };
    const alice = await harness.tokenFor("alice"); // member of tenant-a only
    const mine = await call("POST", "/register_model", { token: alice, body });
    expect(mine.status).toBe(201);
    expect(mine.body.namespace).toBe("tenant-a");
    const victor = await harness.tokenFor("victor"); // viewer of tenant-a: no tenant to register in
    const refused = await call("POST", "/register_model", { token: victor, body: { ...body, name: "no-namespace-2" } });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual([
      { field: "namespace", message: expect.stringMatching(/defaults to kubeai, which you cannot use; pass namespace/) },
    ]);
    expect(JSON.stringify(refused.body)).not.toMatch(/not found/i);
  });
});

describe("the deployments API's contract", () => {
  let harness: Harness;
  let alice: string;
  const base = { namespace: "tenant-a", url: "hf://Qwen/Qwen2-0.5B-Instruct", engine: "VLLM", features: ["TextGeneration"] };

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("creates a copy from a GET body sent back with a new name", async () => {
    const created = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: {
        ...base,
        name: "original",
        resourceProfile: "nvidia-gpu-l4:1",
        minReplicas: 0,
        maxReplicas: 2,
        args: ["--max-model-len=4096"],
        proxy: { timeout: 60 },
      },
    });
    expect(created.status).toBe(201);
    const fetched = await call("GET", "/api/v1/deployments/tenant-a/original", { token: alice });
    const copy = await call("POST", "/api/v1/deployments", { token: alice, body: { ...fetched.body, name: "copy" } });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    const keep = [
      "url",
      "engine",
      "features",
      "resourceProfile",
      "replicas",
      "minReplicas",
      "maxReplicas",
      "targetRequests",
      "scaleDownDelaySeconds",
      "args",
      "env",
      "proxy",
    ];
    for (const key of keep) expect(copy.body[key], key).toEqual(fetched.body[key]);
  });

  it("refuses an unknown resource profile on create, dry run and edit, listing the known ones", async () => {
    for (const query of ["", "?dryRun=All"]) {
      const result = await call("POST", `/api/v1/deployments${query}`, {
        token: alice,
        body: { ...base, name: "odd-profile", resourceProfile: "nvidia-gpu-z9:1" },
      });
      expect(result.status).toBe(422);
      expect(fieldsOf(result.body)).toEqual([
        { field: "resourceProfile", message: expect.stringMatching(/Unknown resource profile "nvidia-gpu-z9".*nvidia-gpu-l4/) },
      ]);
    }
    expect((await call("GET", "/api/v1/deployments/tenant-a/odd-profile", { token: alice })).status).toBe(404);
    const edited = await call("PATCH", "/api/v1/deployments/tenant-a/original", {
      token: alice,
      body: { resourceProfile: "nvidia-gpu-z9:2" },
    });
    expect(edited.status).toBe(422);
    expect(fieldsOf(edited.body)[0].field).toBe("resourceProfile");
  });

  it("answers s3:// without a cache profile with a warning, on create and in the dry run", async () => {
    for (const query of ["?dryRun=All", ""]) {
      const result = await call("POST", `/api/v1/deployments${query}`, {
        token: alice,
        body: { ...base, name: "from-s3", url: "s3://bucket/qwen", replicas: 0 },
      });
      expect(result.status).toBe(201);
      expect(result.body.warnings).toEqual([expect.stringMatching(/^s3:\/\/ without a cache profile/)]);
    }
  });

  it("keeps a Model made with kubectl editable when it breaks Modelport's own rules, warning instead", async () => {
    // ollama:// with the VLLM engine is Modelport's rule, not the CRD's: write it straight to the cluster.
    const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "by-kubectl", replicas: 0 } });
    expect(created.status).toBe(201);
    const { getCluster } = await import("@/lib/k8s/cluster");
    const { getModel, replaceModel } = await import("@/lib/k8s/kubeai-model-api");
    const model = await getModel(getCluster(), "tenant-a", "by-kubectl");
    await replaceModel(getCluster(), { ...model, spec: { ...model.spec, url: "ollama://qwen2:0.5b" } });
    const edited = await call("PATCH", "/api/v1/deployments/tenant-a/by-kubectl", {
      token: alice,
      body: { targetRequests: 7, scaleDownDelaySeconds: 90, proxy: { timeout: 5, model_mode: "chat" } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ targetRequests: 7, scaleDownDelaySeconds: 90, proxy: { timeout: 5, model_mode: "chat" } });
    expect(edited.body.warnings.join(" ")).toMatch(/ollama:\/\/ URLs are only for the OLlama engine/);
  });

  it("refuses a PATCH that makes args and env too large together, as a create would be", async () => {
    const env = Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`V${index}`, "x".repeat(16 * 1024)]));
    const result = await call("PATCH", "/api/v1/deployments/tenant-a/original", { token: alice, body: { env } });
    expect(result.status).toBe(422);
    expect(fieldsOf(result.body)[0]).toEqual({ field: "env", message: expect.stringMatching(/args and env together/) });
  });

  it("changes only what a PATCH names: no defaults, no new owner, other tools' annotations kept", async () => {
    await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "hand-made", replicas: 0 } });
    const { getCluster } = await import("@/lib/k8s/cluster");
    const { getModel, replaceModel } = await import("@/lib/k8s/kubeai-model-api");
    const model = await getModel(getCluster(), "tenant-a", "hand-made");
    const { owner: _owner, targetRequests: _t, scaleDownDelaySeconds: _s, ...bareSpec } = model.spec;
    const annotations = { "modelport.dev/proxy": '{"model_mode":"chat","tags":["llm"]}', "team.example/note": "keep" };
    const handMade = await replaceModel(getCluster(), { ...model, metadata: { ...model.metadata, annotations }, spec: bareSpec });
    const edited = await call("PATCH", "/api/v1/deployments/tenant-a/hand-made", { token: alice, body: { replicas: 2 } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const spec = edited.body.object.spec;
    expect(spec.replicas).toBe(2);
    expect(spec).not.toHaveProperty("owner");
    expect(spec.targetRequests).toBe(handMade.spec.targetRequests); // whatever the CRD's defaults made it, untouched
    expect(edited.body.object.metadata.annotations).toMatchObject(annotations);
  });

  it("guards an edit with the spec's generation, which status updates do not move", async () => {
    const before = await call("GET", "/api/v1/deployments/tenant-a/original", { token: alice });
    const generation = before.body.generation;
    expect(typeof generation).toBe("number");
    // The sandbox controller writes status in the meantime; the spec's generation stays.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ok = await call("PATCH", "/api/v1/deployments/tenant-a/original", { token: alice, body: { targetRequests: 11, generation } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stale = await call("PATCH", "/api/v1/deployments/tenant-a/original", { token: alice, body: { targetRequests: 12, generation } });
    expect(stale.status).toBe(409);
  });

  it("does not show a deleted deployment's events on a new one with the same name", async () => {
    // Too big for any node: the scheduler records a FailedScheduling warning on the first one.
    const huge = { ...base, name: "reborn", resourceProfile: "nvidia-gpu-h100:64", replicas: 1 };
    expect((await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: huge })).status).toBe(201);
    await expect
      .poll(
        async () =>
          (await call("GET", "/api/v1/deployments/tenant-a/reborn", { token: alice })).body.events.map((e: { reason: string }) => e.reason),
        {
          timeout: 10_000,
        },
      )
      .toContain("FailedScheduling");
    expect((await call("DELETE", "/api/v1/deployments/tenant-a/reborn", { token: alice })).status).toBe(200);
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "reborn", replicas: 0 } })).status).toBe(201);
    const fresh = await call("GET", "/api/v1/deployments/tenant-a/reborn", { token: alice });
    expect(fresh.body.events.map((e: { reason: string }) => e.reason)).not.toContain("FailedScheduling");
    expect(fresh.body.status).not.toBe("Failed");
  });

  it("shows a name clash on the name field", async () => {
    const clash = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "original" } });
    expect(clash.status).toBe(409);
    expect(fieldsOf(clash.body)[0].field).toBe("name");
  });

  it("gives viewers env values and args masked, members in clear", async () => {
    await call("POST", "/api/v1/deployments", {
      token: alice,
      body: { ...base, name: "with-secrets", replicas: 0, env: { HF_TOKEN: "hf_secret_1" }, args: ["--api-key=sk-secret-2"] },
    });
    const victor = await harness.tokenFor("victor");
    for (const url of ["/api/v1/deployments/tenant-a/with-secrets", "/api/v1/deployments?namespace=tenant-a"]) {
      const seen = JSON.stringify((await call("GET", url, { token: victor })).body);
      expect(seen).toContain("HF_TOKEN");
      expect(seen).not.toContain("hf_secret_1");
      expect(seen).not.toContain("sk-secret-2");
    }
    const member = JSON.stringify((await call("GET", "/api/v1/deployments/tenant-a/with-secrets", { token: alice })).body);
    expect(member).toContain("hf_secret_1");
  });

  it("says which backend serves a deployment, and refuses one it does not know yet, naming the field", async () => {
    expect((await call("GET", "/api/v1/deployments/tenant-a/original", { token: alice })).body.backend).toBe("kubeai");
    const refused = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "elsewhere", backend: "seldon" } });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)[0].field).toBe("backend");
  });

  it("points the endpoint at KubeAI's own service in KubeAI's namespace", async () => {
    const fetched = await call("GET", "/api/v1/deployments/tenant-a/original", { token: alice });
    expect(fetched.body.endpoint).toBe("http://kubeai.kubeai.svc.cluster.local/openai/v1");
  });

  it("refuses a deployment beyond the tenant's cap, naming the setting", async () => {
    const { config } = harness.started.runtime;
    const saved = config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT;
    config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT = 2;
    try {
      await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...base, namespace: "tenant-b", name: "one", replicas: 0 } });
      await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...base, namespace: "tenant-b", name: "two", replicas: 0 } });
      const third = await call("POST", "/api/v1/deployments", {
        token: ADMIN_TOKEN,
        body: { ...base, namespace: "tenant-b", name: "three", replicas: 0 },
      });
      expect(third.status).toBe(403);
      expect(third.body.error).toMatch(/MODELPORT_MAX_DEPLOYMENTS_PER_TENANT/);
    } finally {
      config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT = saved;
    }
  });

  it("holds the per-tenant cap under concurrent creates", async () => {
    const { config } = harness.started.runtime;
    const saved = config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT;
    const existing = (await call("GET", "/api/v1/deployments?namespace=tenant-b", { token: ADMIN_TOKEN })).body.items.length;
    config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT = existing + 2;
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          call("POST", "/api/v1/deployments", {
            token: ADMIN_TOKEN,
            body: { ...base, namespace: "tenant-b", name: `race-${index}`, replicas: 0 },
          }),
        ),
      );
      expect(results.filter((result) => result.status === 201)).toHaveLength(2);
      expect(results.filter((result) => result.status === 403)).toHaveLength(4);
    } finally {
      config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT = saved;
    }
  });

  it("cuts a list page short by size and continues where it stopped", async () => {
    const { config } = harness.started.runtime;
    const saved = config.MODELPORT_MAX_PAGE_BYTES;
    config.MODELPORT_MAX_PAGE_BYTES = 200 * 1024;
    try {
      const env = { BIG: "x".repeat(15 * 1024), LARGE: "y".repeat(15 * 1024) };
      for (let index = 0; index < 8; index += 1) {
        const result = await call("POST", "/api/v1/deployments", {
          token: ADMIN_TOKEN,
          body: { ...base, namespace: "kubeai", name: `bulky-${index}`, replicas: 0, env },
        });
        expect(result.status).toBe(201);
      }
      const first = await call("GET", "/api/v1/deployments?namespace=kubeai&limit=100", { token: ADMIN_TOKEN });
      expect(first.body.items.length).toBeLessThan(8);
      expect(Buffer.byteLength(JSON.stringify(first.body))).toBeLessThan(200 * 1024 + 64 * 1024);
      const names = first.body.items.map((item: { name: string }) => item.name);
      let cursor = first.body.continue;
      while (cursor) {
        const next = await call("GET", `/api/v1/deployments?namespace=kubeai&limit=100&continue=${cursor}`, { token: ADMIN_TOKEN });
        names.push(...next.body.items.map((item: { name: string }) => item.name));
        cursor = next.body.continue;
      }
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((name: string) => name.startsWith("bulky-")).length).toBe(8);
    } finally {
      config.MODELPORT_MAX_PAGE_BYTES = saved;
    }
  });
});

describe("route contracts", () => {
  it("has a route file exporting each contract's method, and a contract for every route file", () => {
    for (const contract of ALL_ROUTES) {
      const source = fs.readFileSync(routeFileOf(contract.path), "utf8");
      expect(source, `${contract.method} ${contract.path}`).toMatch(
        new RegExp(`export (const|async function|function) ${contract.method}\\b`),
      );
    }
    const declared = new Set(ALL_ROUTES.map((contract) => routeFileOf(contract.path)));
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) =>
          entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name === "route.ts" ? [path.join(dir, entry.name)] : [],
        );
    // next-auth's own routes and the JSON 404 for unknown API paths are not operations.
    const files = walk("app").filter((file) => !file.includes("[...nextauth]") && !file.includes("[...path]"));
    for (const file of files) expect(declared, file).toContain(file);
  });

  it("answers 405 for a method a path does not have", async () => {
    expect((await callRaw("PATCH", "/api/v1/tenants")).status).toBe(405);
  });
});
