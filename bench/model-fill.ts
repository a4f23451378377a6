// The data both deployment benchmarks run against: 1,000 KubeAI Models over 10 tenant namespaces, created through
// client-node straight into the cluster (the API's per-tenant quota and dry runs would only slow the set-up).
import type { CustomObjectsApi } from "@kubernetes/client-node";
import { GROUP, model } from "@/lib/sandbox/testing";

export const NAMESPACES = Array.from({ length: 10 }, (_, index) => `bench-${String(index).padStart(2, "0")}`);
export const MODELS_PER_NAMESPACE = 100;
export const MODEL_COUNT = NAMESPACES.length * MODELS_PER_NAMESPACE;
// One Model in a hundred runs a replica (the sandbox nodes fit that many on CPU), so the list holds Ready deployments
// with pods next to ones scaled to zero.
const RUNNING_EVERY = 100;

export interface ModelList {
  items: { metadata?: { name?: string }; status?: { replicas?: { ready?: number } } }[];
  metadata?: { continue?: string };
}

/** Creates the Models, the namespaces in parallel and each namespace's Models one after another. */
export async function fillModels(custom: CustomObjectsApi): Promise<void> {
  await Promise.all(
    NAMESPACES.map(async (namespace, nsIndex) => {
      for (let index = 0; index < MODELS_PER_NAMESPACE; index += 1) {
        const number = nsIndex * MODELS_PER_NAMESPACE + index;
        const spec = number % RUNNING_EVERY === 0 ? { replicas: 1 } : {};
        const body = model(`model-${String(number).padStart(4, "0")}`, spec);
        await custom.createNamespacedCustomObject({ ...GROUP, namespace, body });
      }
    }),
  );
}

/** Waits until the simulated controller has every running Model Ready, so measurements see a cluster at rest. */
export async function waitUntilSettled(custom: CustomObjectsApi, timeoutMs = 120_000): Promise<void> {
  const expected = Math.ceil(MODEL_COUNT / RUNNING_EVERY);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ready = 0;
    for (const namespace of NAMESPACES) {
      const list = (await custom.listNamespacedCustomObject({ ...GROUP, namespace })) as ModelList;
      for (const item of list.items) ready += item.status?.replicas?.ready ?? 0;
    }
    if (ready >= expected) return;
    if (Date.now() > deadline) throw new Error(`only ${ready} of ${expected} running Models became Ready`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
