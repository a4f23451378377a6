// What the deployments list shows of a deployment, whatever serves it: one label for its serving stack, where its
// model lives, what it answers, and the text the filter searches.
import type { Deployment } from "@/lib/schemas/deployment";

/** The KubeAI engine (VLLM, OLlama…), or `KServe · <model format>` for an InferenceService. */
export function servingLabel(deployment: Deployment): string {
  switch (deployment.backend) {
    case "kubeai":
      return deployment.engine;
    case "kserve":
      return `KServe · ${deployment.modelFormat.name}`;
    default:
      return unknownBackend(deployment);
  }
}

/** The KubeAI Model's URL or the InferenceService's storageUri. */
export function modelLocation(deployment: Deployment): string {
  switch (deployment.backend) {
    case "kubeai":
      return deployment.url;
    case "kserve":
      return deployment.storageUri;
    default:
      return unknownBackend(deployment);
  }
}

/** The Kubernetes object behind the deployment, as a person names it. */
export function objectKindLabel(deployment: Deployment): string {
  switch (deployment.backend) {
    case "kubeai":
      return "KubeAI Model";
    case "kserve":
      return "KServe InferenceService";
    default:
      return unknownBackend(deployment);
  }
}

/** KubeAI's features; an InferenceService answers predictions (its protocol says how). */
export function featuresLabel(deployment: Deployment): string {
  switch (deployment.backend) {
    case "kubeai":
      return deployment.features.join(", ");
    case "kserve":
      return "predict";
    default:
      return unknownBackend(deployment);
  }
}

/** Whether the list filter's text (already trimmed and lower-cased) matches the deployment; empty matches all. */
export function matchesFilter(deployment: Deployment, needle: string): boolean {
  if (!needle) return true;
  const haystack = [
    deployment.name,
    modelLocation(deployment),
    servingLabel(deployment),
    deployment.status,
    deployment.owner ?? "",
    deployment.statusMessage ?? "",
  ];
  return haystack.join(" ").toLowerCase().includes(needle);
}

/**
 * The `default` of every switch over `backend`: typed `never`, so adding a backend to the union is a compile error
 * until each switch handles it; at run time (a server newer than this page) it names the backend rather than fail.
 */
export function unknownBackend(deployment: never): string {
  return String((deployment as { backend?: unknown }).backend ?? "unknown");
}
