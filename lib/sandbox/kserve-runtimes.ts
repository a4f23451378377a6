// KServe ClusterServingRuntimes in the sandbox: their CRD, the built-in runtimes, and KServe's runtime selection.
import type { KubeObject } from "./types";
import { getPath, isRecord } from "./types";

export const CLUSTER_SERVING_RUNTIMES = "serving.kserve.io/clusterservingruntimes";

/**
 * The reference holds no ClusterServingRuntime CRD, so the sandbox serves one of its own: the naming and printer
 * columns of KServe's, and a schema that types the fields the simulated controller reads and keeps the rest.
 */
export function clusterServingRuntimeCrd(): Record<string, unknown> {
  const format = {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string" },
      version: { type: "string" },
      autoSelect: { type: "boolean" },
      priority: { type: "integer", format: "int32", minimum: 1 },
    },
  };
  const spec = {
    type: "object",
    required: ["containers"],
    "x-kubernetes-preserve-unknown-fields": true,
    properties: {
      supportedModelFormats: { type: "array", items: format },
      protocolVersions: { type: "array", items: { type: "string" } },
      disabled: { type: "boolean" },
      multiModel: { type: "boolean" },
      containers: {
        type: "array",
        items: {
          type: "object",
          required: ["name"],
          "x-kubernetes-preserve-unknown-fields": true,
          properties: { name: { type: "string" } },
        },
      },
    },
  };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "clusterservingruntimes.serving.kserve.io" },
    spec: {
      group: "serving.kserve.io",
      scope: "Cluster",
      names: {
        kind: "ClusterServingRuntime",
        listKind: "ClusterServingRuntimeList",
        plural: "clusterservingruntimes",
        singular: "clusterservingruntime",
      },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { jsonPath: ".spec.disabled", name: "Disabled", type: "boolean" },
            { jsonPath: ".spec.supportedModelFormats[*].name", name: "ModelType", type: "string" },
            { jsonPath: ".spec.containers[*].name", name: "Containers", type: "string" },
            { jsonPath: ".metadata.creationTimestamp", name: "Age", type: "date" },
          ],
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec,
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
        },
      ],
    },
  };
}

type Format = [name: string, version: string, priority: number | undefined];

/** One built-in runtime: formats (priority undefined = not auto-selected), protocols and the server's arguments. */
interface BuiltIn {
  name: string;
  formats: Format[];
  protocols: string[];
  args: string[];
}

const MODEL_ARGS = ["--model_name={{.Name}}", "--model_dir=/mnt/models", "--http_port=8080"];

/**
 * KServe's `config/runtimes` besides the two in chart/files/crds (kserve-isvc.md, "Built-in ClusterServingRuntimes"): a
 * sandbox without them would refuse every sklearn, XGBoost, ONNX… service with NoSupportingRuntime. Images keep the
 * kustomize placeholders the reference files use.
 */
const BUILT_IN: BuiltIn[] = [
  { name: "kserve-sklearnserver", formats: [["sklearn", "1", 2]], protocols: ["v1", "v2"], args: MODEL_ARGS },
  { name: "kserve-xgbserver", formats: [["xgboost", "2", 2]], protocols: ["v1", "v2"], args: MODEL_ARGS },
  { name: "kserve-lgbserver", formats: [["lightgbm", "4", 2]], protocols: ["v1", "v2"], args: MODEL_ARGS },
  {
    name: "kserve-mlserver",
    formats: [
      ["sklearn", "1", 1],
      ["xgboost", "2", 1],
      ["lightgbm", "4", 1],
      ["mlflow", "1", 1],
      ["mlflow", "2", 1],
    ],
    protocols: ["v2"],
    args: [],
  },
  {
    name: "kserve-tensorflow-serving",
    formats: [
      ["tensorflow", "1", 2],
      ["tensorflow", "2", 2],
    ],
    protocols: ["v1", "grpc-v1"],
    args: ["--model_name={{.Name}}", "--port=9000", "--rest_api_port=8080", "--model_base_path=/mnt/models"],
  },
  {
    name: "kserve-torchserve",
    formats: [["pytorch", "1", 2]],
    protocols: ["v1", "v2", "grpc-v2"],
    args: ["torchserve", "--start", "--model-store=/mnt/models/model-store"],
  },
  {
    name: "kserve-tritonserver",
    formats: [
      ["tensorrt", "8", 1],
      ["tensorflow", "1", 1],
      ["tensorflow", "2", 1],
      ["onnx", "1", 1],
      ["pytorch", "1", undefined],
      ["triton", "2", 1],
    ],
    protocols: ["v2", "grpc-v2"],
    args: ["tritonserver", "--model-store=/mnt/models", "--grpc-port=9000", "--http-port=8080"],
  },
  {
    name: "kserve-pmmlserver",
    formats: [
      ["pmml", "3", 1],
      ["pmml", "4", 1],
    ],
    protocols: ["v1", "v2"],
    args: MODEL_ARGS,
  },
  { name: "kserve-paddleserver", formats: [["paddle", "2", 1]], protocols: ["v1", "v2"], args: MODEL_ARGS },
];

export function builtInRuntimes(): KubeObject[] {
  return BUILT_IN.map((r) => ({
    apiVersion: "serving.kserve.io/v1alpha1",
    kind: "ClusterServingRuntime",
    metadata: { name: r.name },
    spec: {
      annotations: { "prometheus.kserve.io/port": "8080", "prometheus.kserve.io/path": "/metrics" },
      supportedModelFormats: r.formats.map(([name, version, priority]) =>
        priority === undefined ? { name, version, autoSelect: false } : { name, version, autoSelect: true, priority },
      ),
      protocolVersions: r.protocols,
      containers: [
        {
          name: "kserve-container",
          image: `${r.name}:replace`,
          args: r.args,
          resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
        },
      ],
    },
  }));
}

export interface ModelFormatRef {
  name: string;
  version?: string;
}

export type RuntimeChoice =
  | { ok: true; runtime: KubeObject }
  | { ok: false; reason: "RuntimeNotRecognized" | "RuntimeDisabled" | "NoSupportingRuntime"; message: string };

interface FormatEntry {
  name: string;
  version?: string;
  autoSelect: boolean;
  priority?: number;
}

function formatsOf(runtime: KubeObject): FormatEntry[] {
  const list = getPath(runtime, ["spec", "supportedModelFormats"]);
  return (Array.isArray(list) ? list.filter(isRecord) : []).map((f) => {
    const entry: FormatEntry = { name: String(f.name ?? ""), autoSelect: f.autoSelect === true };
    if (typeof f.version === "string") entry.version = f.version;
    if (typeof f.priority === "number") entry.priority = f.priority;
    return entry;
  });
}

function protocolsOf(runtime: KubeObject): string[] {
  const list = getPath(runtime, ["spec", "protocolVersions"]);
  return Array.isArray(list) ? list.map(String) : [];
}

function isDisabled(runtime: KubeObject): boolean {
  return getPath(runtime, ["spec", "disabled"]) === true;
}

/** KServe matches "name" or "name:version" labels exactly; without a named runtime only autoSelect formats count. */
function supportsFormat(runtime: KubeObject, format: ModelFormatRef, named: boolean): boolean {
  return formatsOf(runtime).some(
    (f) => (named || f.autoSelect) && f.name === format.name && (format.version === undefined || f.version === format.version),
  );
}

/** A runtime without protocolVersions accepts any protocol. */
function supportsProtocol(runtime: KubeObject, protocol: string): boolean {
  const protocols = protocolsOf(runtime);
  return protocols.length === 0 || protocols.includes(protocol);
}

const PROTOCOL_ORDER = ["v1", "v2", "grpc-v1", "grpc-v2"];

function protocolRank(runtime: KubeObject): number {
  const ranks = protocolsOf(runtime)
    .map((p) => PROTOCOL_ORDER.indexOf(p))
    .filter((r) => r >= 0);
  return ranks.length === 0 ? PROTOCOL_ORDER.length : Math.min(...ranks);
}

/**
 * KServe's choice of serving runtime for a predictor model: the named one (which must exist, be enabled and support the
 * format and protocol), or the enabled autoSelect runtimes that support the format and protocol (v1 when none is
 * given), highest priority first. Messages are KServe's.
 */
export function selectRuntime(
  runtimes: KubeObject[],
  format: ModelFormatRef,
  protocolVersion: string | undefined,
  runtimeName: string | undefined,
): RuntimeChoice {
  if (runtimeName !== undefined) {
    const runtime = runtimes.find((r) => r.metadata.name === runtimeName);
    if (!runtime) return { ok: false, reason: "RuntimeNotRecognized", message: "Waiting for runtime to become available" };
    if (isDisabled(runtime)) return { ok: false, reason: "RuntimeDisabled", message: "Specified runtime is disabled" };
    if (protocolVersion !== undefined && !supportsProtocol(runtime, protocolVersion)) {
      return { ok: false, reason: "NoSupportingRuntime", message: "Specified runtime does not support specified protocol version" };
    }
    if (!supportsFormat(runtime, format, true)) {
      return { ok: false, reason: "NoSupportingRuntime", message: "Specified runtime does not support specified framework/version" };
    }
    return { ok: true, runtime };
  }
  const protocol = protocolVersion ?? "v1";
  const priority = (r: KubeObject): number => formatsOf(r).find((f) => f.name === format.name)?.priority ?? 0;
  const candidates = runtimes
    .filter((r) => !isDisabled(r) && supportsFormat(r, format, false) && supportsProtocol(r, protocol))
    .sort(
      (a, b) =>
        priority(b) - priority(a) || protocolRank(a) - protocolRank(b) || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
    );
  if (candidates.length === 0) {
    return { ok: false, reason: "NoSupportingRuntime", message: "No runtime found to support specified framework/version" };
  }
  return { ok: true, runtime: candidates[0] };
}
