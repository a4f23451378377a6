// Wires KServe into a starting sandbox: the ClusterServingRuntime kind, the runtimes created at start, the controller.
import type { ClusterState } from "./cluster-state";
import { CrdValidator } from "./crd-validator";
import { KServeController, type KServeControllerOptions } from "./kserve-controller";
import { builtInRuntimes, clusterServingRuntimeCrd } from "./kserve-runtimes";
import type { Delays } from "./model-pods";
import { apiVersionOf, descriptorFromCrd, resourceKey, type ResourceRegistry } from "./resources";
import type { ObjectStore } from "./store";
import { asKubeObject, isRecord } from "./types";
import { createObject } from "./writes";

export type KServeSettings = Partial<KServeControllerOptions>;

/** Files in chart/files/crds the sandbox serves by default: the CRDs and the ClusterServingRuntimes beside KServe's. */
export const DEFAULT_MANIFESTS = [
  "kubeai.org_models.yaml",
  "serving.kserve.io_inferenceservices.yaml",
  "kserve-huggingfaceserver.runtime.yaml",
  "kserve-vllmserver.runtime.yaml",
];

/** ClusterServingRuntimes are served wherever InferenceServices are. */
export function registerKServeKinds(registry: ResourceRegistry): void {
  if (registry.all().some((d) => d.group === "serving.kserve.io" && d.plural === "inferenceservices")) {
    registry.add(descriptorFromCrd(new CrdValidator(clusterServingRuntimeCrd())));
  }
}

/**
 * Creates the given objects (the non-CRD documents of the manifest files) and KServe's built-in runtimes unless an
 * object of that name exists: a runtime changed or added with kubectl survives restarts, a deleted one comes back.
 */
export function seedObjects(state: ClusterState, documents: unknown[]): void {
  const hasRuntimes = state.registry.all().some((d) => d.kind === "ClusterServingRuntime");
  const objects = [...documents, ...(hasRuntimes ? builtInRuntimes() : [])];
  for (const document of objects) {
    const object = asKubeObject(document);
    const descriptor = state.registry.all().find((d) => d.kind === object?.kind && apiVersionOf(d) === object?.apiVersion);
    if (!object || !descriptor || !isRecord(object.metadata) || typeof object.metadata.name !== "string") continue;
    const namespace = descriptor.namespaced ? (object.metadata.namespace ?? "default") : undefined;
    if (state.store.get(resourceKey(descriptor), namespace, object.metadata.name)) continue;
    const target = namespace === undefined ? { descriptor } : { descriptor, namespace };
    createObject(state, target, object, { dryRun: false, fieldValidation: "Strict" });
  }
}

/** The controller with its defaults: delays follow the KubeAI controller's, Knative is KServe's default mode. */
export function startKServeController(store: ObjectStore, settings: KServeSettings, delays: Delays): KServeController {
  const controller = new KServeController(store, {
    loadingDelayMs: settings.loadingDelayMs ?? delays.loadingDelayMs,
    readyDelayMs: settings.readyDelayMs ?? delays.readyDelayMs,
    idleDelayMs: settings.idleDelayMs ?? 60_000,
    defaultDeploymentMode: settings.defaultDeploymentMode ?? "Knative",
    ingressDomain: settings.ingressDomain ?? "example.com",
    existingClaims: settings.existingClaims ?? [],
  });
  controller.start();
  return controller;
}
