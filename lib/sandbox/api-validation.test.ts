// Validation as the API server does it for the KubeAI Model CRD: schema, CEL rules, pruning and field validation modes.
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { causesOf, clientsFor, failure, GROUP, model, record, sandboxFetch, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const ns = "kubeai";

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: false });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

const create = (body: Record<string, unknown>, fieldValidation?: string): Promise<unknown> =>
  api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body, fieldValidation });

describe("Model validation", () => {
  it("rejects an unknown engine with FieldValueNotSupported", async () => {
    const err = await failure(create(model("bad-engine", { engine: "Foo" })));
    expect(err.code).toBe(422);
    expect(err.body).toMatchObject({
      kind: "Status",
      reason: "Invalid",
      details: { name: "bad-engine", group: "kubeai.org", kind: "Model" },
    });
    const notChecked =
      "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";
    expect(causesOf(err)).toEqual([
      {
        reason: "FieldValueNotSupported",
        field: "spec.engine",
        message: 'Unsupported value: "Foo": supported values: "OLlama", "VLLM", "FasterWhisper", "Infinity"',
      },
      { reason: "FieldValueInvalid", field: "<nil>", message: `Invalid value: "null": ${notChecked}` },
    ]);
    expect(err.body.message).toBe(
      `Model.kubeai.org "bad-engine" is invalid: [spec.engine: Unsupported value: "Foo": supported values: "OLlama", "VLLM", "FasterWhisper", "Infinity", <nil>: Invalid value: "null": ${notChecked}]`,
    );
  });

  it("applies the CEL rule on gs:// URLs without a cacheProfile, and accepts them with one", async () => {
    const err = await failure(create(model("gs-url", { url: "gs://bucket/model" })));
    expect(causesOf(err)).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "spec",
        message: 'Invalid value: "object": urls of format "gs://..." only supported when using a cacheProfile',
      },
    ]);
    await expect(create(model("gs-url", { url: "gs://bucket/model", cacheProfile: "standard" }))).resolves.toBeTruthy();
  });

  it("rejects names over 40 characters with a root-level cause", async () => {
    const name = "a".repeat(41);
    const err = await failure(create(model(name)));
    expect(causesOf(err)).toEqual([
      { reason: "FieldValueInvalid", field: "<nil>", message: 'Invalid value: "object": name must not exceed 40 characters.' },
    ]);
    expect(err.body.message).toBe(
      `Model.kubeai.org "${name}" is invalid: <nil>: Invalid value: "object": name must not exceed 40 characters.`,
    );
  });

  it("rejects minReplicas > maxReplicas, and maxReplicas alone (CEL evaluation error)", async () => {
    const err = await failure(create(model("min-max", { minReplicas: 3, maxReplicas: 2 })));
    expect(causesOf(err)).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "spec",
        message: 'Invalid value: "object": minReplicas should be less than or equal to maxReplicas.',
      },
    ]);
    const noMin = await failure(create(model("only-max", { maxReplicas: 2 })));
    expect(causesOf(noMin)[0]).toMatchObject({ field: "spec", message: expect.stringContaining("no such key: minReplicas") });
  });

  it("reports unknown fields with fieldValidation=Strict and prunes them otherwise", async () => {
    const body = model("unknown-field", { bogus: 1 });
    const err = await failure(create(body, "Strict"));
    expect(err.code).toBe(422);
    expect(causesOf(err)).toEqual([{ reason: "FieldValueInvalid", field: "spec.bogus", message: 'unknown field "spec.bogus"' }]);
    const pruned = record(await create(body));
    expect(record(pruned.spec).bogus).toBeUndefined();
    const ignored = record(await create({ ...model("unknown-ignore", { bogus: 2 }), extra: true }, "Ignore"));
    expect(record(ignored.spec).bogus).toBeUndefined();
    expect(ignored.extra).toBeUndefined();
  });

  it("sends a Warning header for pruned fields with fieldValidation=Warn", async () => {
    const res = await sandboxFetch(cluster, `/apis/kubeai.org/v1/namespaces/${ns}/models?fieldValidation=Warn`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(model("warned", { bogus: 1 })),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBe('299 - "unknown field \\"spec.bogus\\""');
  });

  it("maps schema errors to field paths and reasons", async () => {
    const err = await failure(
      create(
        model("paths", {
          engine: "VLLM",
          adapters: [{ name: "Bad_Name", url: "hf://x/y" }, { url: "hf://a/b" }],
          features: ["TextGeneration", "Dancing"],
          files: Array.from({ length: 11 }, (_, i) => ({ path: `/f${i}`, content: "x" })),
          targetRequests: 0,
          replicas: "two",
        }),
      ),
    );
    const byField = Object.fromEntries(causesOf(err).map((c) => [String(c.field), c.reason]));
    expect(byField).toMatchObject({
      "spec.adapters[0].name": "FieldValueInvalid",
      "spec.adapters[1].name": "FieldValueRequired",
      "spec.features[1]": "FieldValueNotSupported",
      "spec.files": "FieldValueTooMany",
      "spec.targetRequests": "FieldValueInvalid",
      "spec.replicas": "FieldValueTypeInvalid",
    });
    const tooLong = await failure(create(model("long-adapter", { adapters: [{ name: "a".repeat(64), url: "hf://x/y" }] })));
    expect(causesOf(tooLong)).toContainEqual({
      reason: "FieldValueTooLong",
      field: "spec.adapters[0].name",
      message: "Too long: may not be more than 63 bytes",
    });
  });

  it("requires required fields and a valid object name", async () => {
    const missing = await failure(
      create({ apiVersion: "kubeai.org/v1", kind: "Model", metadata: { name: "bare" }, spec: { engine: "VLLM" } }),
    );
    expect(
      causesOf(missing)
        .map((c) => `${String(c.field)}:${String(c.reason)}`)
        .sort(),
    ).toEqual(["<nil>:FieldValueInvalid", "spec.features:FieldValueRequired", "spec.url:FieldValueRequired"]);
    const badName = await failure(create(model("Not_A_Name")));
    expect(causesOf(badName)[0]).toMatchObject({ field: "metadata.name", reason: "FieldValueInvalid" });
    const noName = await failure(create(model("")));
    expect(causesOf(noName)[0]).toMatchObject({ field: "metadata.name", reason: "FieldValueRequired" });
  });

  it("runs transition rules only on update (cacheProfile is immutable)", async () => {
    await create(model("cached", { cacheProfile: "standard" }));
    const err = await failure(
      api.custom.patchNamespacedCustomObject(
        { ...GROUP, namespace: ns, name: "cached", body: { spec: { cacheProfile: "other" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(causesOf(err)).toContainEqual({
      reason: "FieldValueInvalid",
      field: "spec.cacheProfile",
      message: 'Invalid value: "string": cacheProfile is immutable.',
    });
    await create(model("add-cache"));
    const added = record(
      await api.custom.patchNamespacedCustomObject(
        { ...GROUP, namespace: ns, name: "add-cache", body: { spec: { cacheProfile: "standard" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(record(added.spec).cacheProfile).toBe("standard");
  });

  it("rejects a body without kind and a wrong apiVersion with 400", async () => {
    const { kind: _kind, ...noKind } = model("nokind");
    expect((await failure(create(noKind))).code).toBe(400);
    expect((await failure(create({ ...model("wrongv"), apiVersion: "kubeai.org/v2" }))).code).toBe(400);
  });
});
