// Unit tests of the pieces: selectors, patches, ages, JSONPath, protobuf decoding, the generic CRD validator, versions.
import { describe, expect, it } from "vitest";
import { shareRepeatedSubschemas } from "./crd-schema";
import { CrdValidator } from "./crd-validator";
import { evaluateJsonPath } from "./json-path";
import { applyJsonPatch, applyMergePatch } from "./patch";
import { decodeProtobufObject } from "./protobuf";
import { compareVersions } from "./resources";
import { matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors";
import { ApiError } from "./status";
import { humanDuration } from "./table";
import type { KubeObject } from "./types";

describe("label selectors", () => {
  const labels = { app: "web", tier: "front", "example.com/team": "a" };
  const cases: [string, boolean][] = [
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["missing!=x", true],
    ["tier in (front, back)", true],
    ["tier notin (front)", false],
    ["example.com/team", true],
    ["!example.com/team", false],
    ["app=web,tier in (back)", false],
    ["", true],
    ["missing=", false],
  ];
  it.each(cases)("%s → %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });
  it("rejects malformed selectors with 400", () => {
    for (const bad of ["app=-x", "tier in (a", "a b", "=x", "bad key=1"]) {
      expect(() => parseLabelSelector(bad), bad).toThrow(ApiError);
    }
    expect(() => parseFieldSelector("spec.engine=VLLM", ["metadata.name"])).toThrow(/field label not supported: spec.engine/);
  });
});

describe("patches", () => {
  it("merge patch follows RFC 7386", () => {
    expect(applyMergePatch({ a: "b", c: { d: "e", f: "g" } }, { a: "z", c: { f: null } })).toEqual({ a: "z", c: { d: "e" } });
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(applyMergePatch({ a: 1 }, { b: { c: null } })).toEqual({ a: 1, b: {} });
  });
  it("JSON patch follows RFC 6902", () => {
    const doc = { spec: { args: ["a", "b"], n: 1 } };
    expect(
      applyJsonPatch(doc, [
        { op: "add", path: "/spec/args/-", value: "c" },
        { op: "remove", path: "/spec/args/0" },
        { op: "replace", path: "/spec/n", value: 2 },
        { op: "copy", from: "/spec/n", path: "/spec/m" },
        { op: "test", path: "/spec/m", value: 2 },
      ]),
    ).toEqual({ spec: { args: ["b", "c"], n: 2, m: 2 } });
    expect(doc.spec.args).toEqual(["a", "b"]);
    expect(() => applyJsonPatch(doc, [{ op: "test", path: "/spec/n", value: 9 }])).toThrow(ApiError);
  });
});

describe("table helpers", () => {
  it("formats ages like kubectl", () => {
    const s = 1000;
    expect(
      [5 * s, 119 * s, 150 * s, 10 * 60 * s, 3 * 3600 * s, 2.5 * 3600 * s, 30 * 3600 * s, 4 * 86400 * s, 400 * 86400 * s].map(
        humanDuration,
      ),
    ).toEqual(["5s", "119s", "2m30s", "10m", "3h", "150m", "30h", "4d", "400d"]);
  });
  it("evaluates printer-column JSONPath with filters", () => {
    const o = {
      status: {
        conditions: [
          { type: "Other", status: "False" },
          { type: "Ready", status: "True" },
        ],
        traffic: [{ latestRevision: true, percent: 100 }],
      },
    };
    expect(evaluateJsonPath(".status.conditions[?(@.type=='Ready')].status", o)).toEqual(["True"]);
    expect(evaluateJsonPath(".status.traffic[?(@.latestRevision==true)].percent", o)).toEqual([100]);
    expect(evaluateJsonPath(".status.missing", o)).toEqual([]);
  });
});

describe("protobuf", () => {
  it("reads the name and labels of kubectl's protobuf Namespace", () => {
    const str = (field: number, text: string): number[] => [(field << 3) | 2, Buffer.byteLength(text), ...Buffer.from(text)];
    const msg = (field: number, body: number[]): number[] => [(field << 3) | 2, body.length, ...body];
    const meta = [...str(1, "foo"), ...msg(11, [...str(1, "team"), ...str(2, "a")])];
    const raw = msg(1, meta);
    const unknown = [...msg(1, [...str(1, "v1"), ...str(2, "Namespace")]), ...msg(2, raw)];
    const body = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
    expect(decodeProtobufObject(body)).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "foo", labels: { team: "a" } } });
  });
});

const widgetCrd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Cluster",
    names: { kind: "Widget", plural: "widgets", singular: "widget", shortNames: ["wd"] },
    versions: [
      { name: "v1alpha1", served: true, storage: false, schema: { openAPIV3Schema: { type: "object" } } },
      {
        name: "v1",
        served: true,
        storage: true,
        additionalPrinterColumns: [{ name: "Size", type: "integer", jsonPath: ".spec.size" }],
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                properties: {
                  size: {
                    type: "integer",
                    default: 1,
                    "x-kubernetes-validations": [{ rule: "self % 2 == 1", message: "size must be odd" }],
                  },
                  ports: {
                    type: "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    items: {
                      type: "object",
                      properties: {
                        name: { type: "string" },
                        port: { type: "integer", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "port is immutable" }] },
                      },
                    },
                  },
                  extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe("generic CRD validator", () => {
  const v = new CrdValidator(widgetCrd);
  const widget = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: "example.com/v1",
    kind: "Widget",
    metadata: { name: "w" },
    spec,
  });

  it("describes the served storage version", () => {
    expect(v.info).toMatchObject({
      group: "example.com",
      version: "v1",
      plural: "widgets",
      kind: "Widget",
      namespaced: false,
      shortNames: ["wd"],
    });
    expect(v.info.printerColumns.map((c) => c.name)).toEqual(["Size"]);
  });

  it("defaults, keeps preserved unknown fields and evaluates integer CEL rules as ints", () => {
    const ok = v.validate(widget({ extra: { anything: { goes: true } } }), undefined, { fieldValidation: "Strict" });
    expect(ok.causes).toEqual([]);
    expect(ok.object.spec).toEqual({ size: 1, extra: { anything: { goes: true } } });
    const even = v.validate(widget({ size: 4 }), undefined, { fieldValidation: "Strict" });
    expect(even.causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.size", message: 'Invalid value: "integer": size must be odd' },
    ]);
  });

  it("correlates list-map items by key for transition rules", () => {
    const old = widget({ ports: [{ name: "http", port: 80 }] });
    const reordered = widget({
      ports: [
        { name: "grpc", port: 9000 },
        { name: "http", port: 80 },
      ],
    });
    expect(v.validate(reordered, old, { fieldValidation: "Strict" }).causes).toEqual([]);
    const changed = widget({ ports: [{ name: "http", port: 8080 }] });
    expect(v.validate(changed, old, { fieldValidation: "Strict" }).causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.ports[0].port", message: 'Invalid value: "integer": port is immutable' },
    ]);
  });
});

describe("large CRD schemas", () => {
  const container = {
    type: "object",
    properties: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, { type: "string", maxLength: 10 }])),
  };
  const withDefault = { ...container, default: {} };
  const schema = {
    type: "object",
    properties: { a: container, b: { type: "array", items: container }, c: withDefault, d: withDefault },
  };

  it("shares repeated subschemas through $ref, keeping default-carrying ones inline", () => {
    const shared = shareRepeatedSubschemas(schema);
    const props = shared.properties as Record<string, Record<string, unknown>>;
    expect(props.a).toEqual({ $ref: "#/definitions/s0" });
    expect(props.b.items).toEqual({ $ref: "#/definitions/s0" });
    expect(props.c).toEqual(withDefault);
    expect(Object.keys(shared.definitions as object)).toEqual(["s0"]);
  });

  it("validates and defaults the same through shared subschemas", () => {
    const crd = {
      kind: "CustomResourceDefinition",
      spec: {
        group: "example.com",
        names: { kind: "Widget", plural: "widgets" },
        versions: [
          { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: schema } } } },
        ],
      },
    };
    const outcome = new CrdValidator(crd).validate(
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { b: [{ field3: "far too long" }] } },
      undefined,
      { fieldValidation: "Strict" },
    );
    expect(outcome.causes).toEqual([
      { reason: "FieldValueTooLong", field: "spec.b[0].field3", message: "Too long: may not be more than 10 bytes" },
    ]);
    expect(outcome.object.spec).toEqual({ b: [{ field3: "far too long" }], c: {}, d: {} });
  });

  it("orders API versions as Kubernetes prefers them", () => {
    expect(["v1alpha1", "v1beta1", "v2", "v1", "v1beta2"].sort(compareVersions)).toEqual(["v2", "v1", "v1beta2", "v1beta1", "v1alpha1"]);
  });
});
