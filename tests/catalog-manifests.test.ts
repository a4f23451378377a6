// Real manifests nobody here wrote: every entry of KubeAI's model catalog, applied straight to the cluster (as with
// kubectl), must show up in Modelport and stay editable without losing the fields Modelport does not manage.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { createModel } from "@/lib/k8s/kubeai-model-api";
import type { ModelObject } from "@/lib/k8s/kubeai-model";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

const catalog = parse(fs.readFileSync(path.join(process.cwd(), "lib/k8s/catalog/models-catalog.values.yaml"), "utf8")) as {
  catalog: Record<string, Record<string, unknown>>;
};
const entries = Object.entries(catalog.catalog).map(([name, entry]) => {
  const { enabled, ...spec } = entry;
  void enabled;
  return { name, spec };
});

describe("KubeAI's catalog manifests", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    const cluster = getCluster();
    for (const { name, spec } of entries) {
      const model = {
        apiVersion: "kubeai.org/v1",
        kind: "Model",
        metadata: { name, namespace: "tenant-a" },
        spec,
      } as unknown as ModelObject;
      await createModel(cluster, model);
    }
  });
  afterAll(async () => harness?.stop());

  it("lists every catalog Model with its engine, URL, features and profile", async () => {
    const list = await call("GET", "/api/v1/deployments?namespace=tenant-a&limit=500", { token: ADMIN_TOKEN });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(entries.length);
    for (const { name, spec } of entries) {
      const item = list.body.items.find((candidate: { name: string }) => candidate.name === name);
      expect(item, name).toMatchObject({ engine: spec.engine, url: spec.url, features: spec.features });
      expect(item.resourceProfile, name).toBe(spec.resourceProfile ?? null);
    }
  });

  it("edits each catalog Model's scaling and keeps its args, env and files", async () => {
    const failures: string[] = [];
    for (const { name, spec } of entries) {
      const result = await call("PATCH", `/api/v1/deployments/tenant-a/${name}`, {
        token: ADMIN_TOKEN,
        body: { minReplicas: 0, replicas: 0 },
      });
      if (result.status !== 200) {
        failures.push(`${name}: ${result.status} ${JSON.stringify(result.body.details?.fields ?? result.body.error)}`);
        continue;
      }
      const after = result.body.object.spec;
      expect(after.replicas, name).toBe(0);
      for (const field of ["args", "env", "files", "targetRequests", "url", "engine"]) {
        if (spec[field] !== undefined) expect(after[field], `${name} ${field}`).toEqual(spec[field]);
      }
    }
    expect(failures).toEqual([]);
  });
});
