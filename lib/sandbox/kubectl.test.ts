// The real kubectl against the sandbox: get, describe, apply (create/configure/unchanged/invalid), delete, watch, namespaces, nodes.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { record, waitFor } from "./testing";

const run = promisify(execFile);
const fixtures = path.join(__dirname, "fixtures");
let cluster: SandboxCluster;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sandbox-kubectl-"));
  cluster = await startSandboxCluster({ controller: { loadingDelayMs: 100, readyDelayMs: 200 } });
  kubeconfig = path.join(dir, "kubeconfig");
  writeFileSync(kubeconfig, cluster.kubeconfigYaml);
});
afterAll(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

function args(rest: string[]): string[] {
  return ["--kubeconfig", kubeconfig, "--cache-dir", path.join(dir, "cache"), ...rest];
}

async function kubectl(...rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("kubectl", args(rest), { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = record(error);
    return { code: typeof e.code === "number" ? e.code : -1, stdout: String(e.stdout ?? ""), stderr: String(e.stderr ?? "") };
  }
}

function lines(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s{2,}/));
}

describe("kubectl", () => {
  it("lists nodes and creates a namespace", async () => {
    const nodes = await kubectl("get", "nodes");
    expect(nodes.code).toBe(0);
    expect(lines(nodes.stdout)[0]).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    expect(
      lines(nodes.stdout)
        .slice(1)
        .map((r) => `${r[0]} ${r[1]}`),
    ).toEqual(["cpu-node-1 Ready", "gpu-h100-node-1 Ready", "gpu-l4-node-1 Ready"]);
    expect((await kubectl("create", "namespace", "foo")).stdout.trim()).toBe("namespace/foo created");
    const ns = await kubectl("get", "ns", "foo");
    expect(lines(ns.stdout)[1].slice(0, 2)).toEqual(["foo", "Active"]);
    const node = await kubectl("describe", "node", "gpu-h100-node-1");
    expect(node.stdout).toMatch(/Taints:\s+nvidia.com\/gpu=present:NoSchedule/);
    expect(node.stdout).toMatch(/nvidia.com\/gpu:\s+8/);
  });

  it("applies server-side: creates, then updates", async () => {
    const file = path.join(dir, "ssa.yaml");
    writeFileSync(
      file,
      "apiVersion: kubeai.org/v1\nkind: Model\nmetadata:\n  name: ssa\nspec:\n  engine: OLlama\n  url: ollama://gemma2:2b\n  features: [TextGeneration]\n",
    );
    expect((await kubectl("apply", "--server-side", "-n", "foo", "-f", file)).stdout.trim()).toBe(
      "model.kubeai.org/ssa serverside-applied",
    );
    writeFileSync(file, readFileSync(file, "utf8").replace("gemma2:2b", "gemma2:9b"));
    expect((await kubectl("apply", "--server-side", "-n", "foo", "-f", file)).stdout.trim()).toBe(
      "model.kubeai.org/ssa serverside-applied",
    );
    expect((await kubectl("get", "model", "ssa", "-n", "foo", "-o", "jsonpath={.spec.url} {.metadata.generation}")).stdout).toBe(
      "ollama://gemma2:9b 2",
    );
    expect((await kubectl("delete", "model", "ssa", "-n", "foo")).code).toBe(0);
  });

  it("applies catalog manifests: created, unchanged, configured", async () => {
    const qwen = path.join(fixtures, "qwen2.5-7b-instruct-l4.yaml");
    expect((await kubectl("apply", "-n", "kubeai", "-f", qwen)).stdout.trim()).toBe("model.kubeai.org/qwen2.5-7b-instruct-l4 created");
    expect((await kubectl("apply", "-n", "kubeai", "-f", qwen)).stdout.trim()).toBe("model.kubeai.org/qwen2.5-7b-instruct-l4 unchanged");
    const changed = path.join(dir, "qwen-changed.yaml");
    writeFileSync(changed, readFileSync(qwen, "utf8").replace(/^ {2}minReplicas: 1$/m, "  minReplicas: 2"));
    expect((await kubectl("apply", "-n", "kubeai", "-f", changed)).stdout.trim()).toBe(
      "model.kubeai.org/qwen2.5-7b-instruct-l4 configured",
    );
    const applied = await kubectl(
      "apply",
      "-n",
      "kubeai",
      "-f",
      path.join(fixtures, "opt-125m-cpu.yaml"),
      "-f",
      path.join(fixtures, "llama-3.1-70b-instruct-fp8-l4.yaml"),
    );
    expect(applied.stdout).toContain("model.kubeai.org/opt-125m-cpu created");
    expect(applied.stdout).toContain("model.kubeai.org/llama-3.1-70b-instruct-fp8-l4 created");
  });

  it("gets models in a namespace, across namespaces and as YAML", async () => {
    const table = lines((await kubectl("get", "models", "-n", "kubeai")).stdout);
    expect(table[0]).toEqual(["NAME", "ENGINE", "READY", "AGE"]);
    expect(table.slice(1).map((r) => r[0])).toEqual(["llama-3.1-70b-instruct-fp8-l4", "opt-125m-cpu", "qwen2.5-7b-instruct-l4"]);
    const all = lines((await kubectl("get", "models", "-A")).stdout);
    expect(all[0].slice(0, 2)).toEqual(["NAMESPACE", "NAME"]);
    expect(all.slice(1).every((r) => r[0] === "kubeai")).toBe(true);
    const yaml = record(parse((await kubectl("get", "model", "qwen2.5-7b-instruct-l4", "-n", "kubeai", "-o", "yaml")).stdout));
    expect(record(yaml.spec)).toMatchObject({
      minReplicas: 2,
      targetRequests: 100,
      scaleDownDelaySeconds: 30,
      resourceProfile: "nvidia-gpu-l4:1",
    });
    expect(record(yaml.metadata).generation).toBe(2);
  });

  it("describes models with their events", async () => {
    await waitFor(
      async () => (await kubectl("describe", "model", "qwen2.5-7b-instruct-l4", "-n", "kubeai")).stdout.includes("ModelReady"),
      5000,
      "ModelReady event",
    );
    const big = (await kubectl("describe", "model", "llama-3.1-70b-instruct-fp8-l4", "-n", "kubeai")).stdout;
    expect(big).toContain("Events:");
    expect(big).toMatch(/Warning\s+FailedScheduling\s+\S+\s+kubeai-sandbox-controller\s+0\/3 nodes are available/);
  });

  it("prints the causes of an invalid manifest", async () => {
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "apiVersion: kubeai.org/v1\nkind: Model\nmetadata:\n  name: broken\nspec:\n  engine: VLLM\n  url: gs://bucket/m\n  features: [TextGeneration]\n",
    );
    const result = await kubectl("apply", "-n", "kubeai", "-f", bad);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'The Model "broken" is invalid: spec: Invalid value: "object": urls of format "gs://..." only supported when using a cacheProfile',
    );
    writeFileSync(
      bad,
      "apiVersion: kubeai.org/v1\nkind: Model\nmetadata:\n  name: broken\nspec:\n  engine: Foo\n  url: hf://a/b\n  features: [TextGeneration]\n",
    );
    const many = await kubectl("apply", "-n", "kubeai", "-f", bad);
    expect(many.stderr).toContain(
      'The Model "broken" is invalid: \n* spec.engine: Unsupported value: "Foo": supported values: "OLlama", "VLLM", "FasterWhisper", "Infinity"\n* <nil>: Invalid value: "null": some validation rules were not checked',
    );
  });

  it("deletes promptly and then reports NotFound", async () => {
    const started = Date.now();
    const deleted = await kubectl("delete", "model", "opt-125m-cpu", "-n", "kubeai");
    expect(deleted.stdout.trim()).toBe('model.kubeai.org "opt-125m-cpu" deleted');
    expect(Date.now() - started).toBeLessThan(5000);
    const missing = await kubectl("get", "model", "opt-125m-cpu", "-n", "kubeai");
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): models.kubeai.org "opt-125m-cpu" not found');
  });

  it("watches: get models -w prints a row for a model created while it runs", async () => {
    const child = spawn("kubectl", args(["get", "models", "-n", "foo", "-w"]));
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect((await kubectl("apply", "-n", "foo", "-f", path.join(fixtures, "opt-125m-cpu.yaml"))).code).toBe(0);
      await waitFor(() => /opt-125m-cpu\s+VLLM\s+1\/1/.test(out), 8000, "watch row with 1/1 ready");
      expect(out).toMatch(/^NAME\s+ENGINE\s+READY\s+AGE/);
      expect(out.match(/^NAME/gm)).toHaveLength(1);
    } finally {
      child.kill();
    }
  });
});

describe("kubectl on InferenceServices", () => {
  const iris = path.join(fixtures, "sklearn-iris.isvc.yaml");
  const qwen = path.join(fixtures, "qwen-chat.isvc.yaml");
  const ready = (name: string, ns: string): Promise<unknown> =>
    waitFor(
      async () =>
        (await kubectl("get", "isvc", name, "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}")).stdout === "True",
      8000,
      `${name} Ready`,
    );

  it("applies them (created, unchanged, configured) and resolves the short name isvc", async () => {
    await kubectl("create", "namespace", "serving");
    expect((await kubectl("apply", "-n", "serving", "-f", iris)).stdout.trim()).toBe(
      "inferenceservice.serving.kserve.io/sklearn-iris created",
    );
    expect((await kubectl("apply", "-n", "serving", "-f", iris)).stdout.trim()).toBe(
      "inferenceservice.serving.kserve.io/sklearn-iris unchanged",
    );
    const changed = path.join(dir, "iris-changed.yaml");
    writeFileSync(changed, readFileSync(iris, "utf8").replace("minReplicas: 1", "minReplicas: 2"));
    expect((await kubectl("apply", "-n", "serving", "-f", changed)).stdout.trim()).toBe(
      "inferenceservice.serving.kserve.io/sklearn-iris configured",
    );
    expect((await kubectl("apply", "-n", "kubeai", "-f", qwen)).stdout.trim()).toBe("inferenceservice.serving.kserve.io/qwen-chat created");
    expect((await kubectl("get", "isvc", "sklearn-iris", "-n", "serving", "-o", "jsonpath={.spec.predictor.minReplicas}")).stdout).toBe(
      "2",
    );
  });

  it("gets them across namespaces with the CRD's printer columns, and as YAML", async () => {
    await ready("sklearn-iris", "serving");
    await ready("qwen-chat", "kubeai");
    const table = lines((await kubectl("get", "isvc", "-A")).stdout);
    expect(table[0]).toEqual([
      "NAMESPACE",
      "NAME",
      "URL",
      "READY",
      "PREV",
      "LATEST",
      "PREVROLLEDOUTREVISION",
      "LATESTREADYREVISION",
      "AGE",
    ]);
    expect(table.find((r) => r[1] === "qwen-chat")?.slice(0, 4)).toEqual([
      "kubeai",
      "qwen-chat",
      "http://qwen-chat.kubeai.example.com",
      "True",
    ]);
    expect(table.find((r) => r[1] === "qwen-chat")).toContain("qwen-chat-predictor-00001");
    expect(table.find((r) => r[1] === "sklearn-iris")?.slice(0, 4)).toEqual([
      "serving",
      "sklearn-iris",
      "http://sklearn-iris-serving.example.com",
      "True",
    ]);
    const yaml = record(parse((await kubectl("get", "isvc", "sklearn-iris", "-n", "serving", "-o", "yaml")).stdout));
    expect(record(yaml.status)).toMatchObject({
      deploymentMode: "Standard",
      address: { url: "http://sklearn-iris-predictor.serving.svc.cluster.local" },
      modelStatus: { transitionStatus: "UpToDate", copies: { totalCopies: 2 } },
    });
    expect((await kubectl("get", "pods", "-n", "serving", "-l", "serving.kserve.io/inferenceservice=sklearn-iris")).stdout).toMatch(
      /sklearn-iris-predictor-\S+\s+1\/1\s+Running/,
    );
  });

  it("reaches a Ready service's model server through the API server's service proxy, as kubectl get --raw does", async () => {
    const raw = (await kubectl("get", "--raw", "/api/v1/namespaces/serving/services/sklearn-iris-predictor/proxy/v1/models/sklearn-iris"))
      .stdout;
    expect(JSON.parse(raw)).toEqual({ name: "sklearn-iris", ready: true });
    const missing = await kubectl("get", "--raw", "/api/v1/namespaces/serving/services/no-such-predictor/proxy/v1/models/x");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NotFound|not found/);
  });

  it("describes them with the controller's events, including why one does not fit", async () => {
    const big = path.join(dir, "big.yaml");
    writeFileSync(
      big,
      readFileSync(qwen, "utf8").replace("name: qwen-chat", "name: qwen-big").replace('nvidia.com/gpu: "1"', 'nvidia.com/gpu: "12"'),
    );
    expect((await kubectl("apply", "-n", "serving", "-f", big)).code).toBe(0);
    const described = (await kubectl("describe", "isvc", "sklearn-iris", "-n", "serving")).stdout;
    expect(described).toMatch(
      /Normal\s+InferenceServiceReady\s+\S+\s+kserve-sandbox-controller\s+InferenceService \[sklearn-iris\] is Ready/,
    );
    await waitFor(
      async () => (await kubectl("describe", "isvc", "qwen-big", "-n", "serving")).stdout.includes("FailedScheduling"),
      5000,
      "FailedScheduling",
    );
    const blocked = (await kubectl("describe", "isvc", "qwen-big", "-n", "serving")).stdout;
    expect(blocked).toMatch(/Warning\s+FailedScheduling\s+\S+\s+kserve-sandbox-controller\s+0\/3 nodes are available/);
    expect(blocked).toMatch(/Reason:\s+Unschedulable/);
  });

  it("prints the causes of an invalid InferenceService", async () => {
    const bad = path.join(dir, "bad-isvc.yaml");
    writeFileSync(bad, readFileSync(iris, "utf8").replace("minReplicas: 1", "minReplicas: two"));
    const result = await kubectl("apply", "-n", "serving", "-f", bad);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'The InferenceService "sklearn-iris" is invalid: spec.predictor.minReplicas: Invalid value: "string": spec.predictor.minReplicas in body must be of type integer: "string"',
    );
  });

  it("watches: get isvc -w shows a service created while it runs become ready", async () => {
    await kubectl("create", "namespace", "watched");
    const child = spawn("kubectl", args(["get", "isvc", "-n", "watched", "-w"]));
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect((await kubectl("apply", "-n", "watched", "-f", iris)).code).toBe(0);
      await waitFor(() => /sklearn-iris\s+http:\/\/sklearn-iris-watched\.example\.com\s+True/.test(out), 8000, "watch row with Ready True");
      expect(out.match(/^NAME/gm)).toHaveLength(1);
    } finally {
      child.kill();
    }
  });

  it("deletes promptly, with the predictor pods, and lists the cluster serving runtimes", async () => {
    expect((await kubectl("delete", "isvc", "sklearn-iris", "-n", "serving")).stdout.trim()).toBe(
      'inferenceservice.serving.kserve.io "sklearn-iris" deleted',
    );
    expect((await kubectl("get", "isvc", "sklearn-iris", "-n", "serving")).stderr.trim()).toBe(
      'Error from server (NotFound): inferenceservices.serving.kserve.io "sklearn-iris" not found',
    );
    await waitFor(
      async () =>
        (
          await kubectl("get", "pods", "-n", "serving", "-l", "serving.kserve.io/inferenceservice=sklearn-iris", "-o", "name")
        ).stdout.trim() === "" || undefined,
      5000,
      "pods gone",
    );
    const runtimes = lines((await kubectl("get", "clusterservingruntimes")).stdout);
    expect(runtimes[0]).toEqual(["NAME", "DISABLED", "MODELTYPE", "CONTAINERS", "AGE"]);
    expect(runtimes.find((r) => r[0] === "kserve-huggingfaceserver")?.slice(1, 3)).toEqual(["huggingface", "kserve-container"]);
  });
});
