// What the API server does with a pod created through the API: requests default to limits, the pod starts Pending,
// and it must name its containers and their images. (The simulated controllers build their pods themselves.)
import type { StatusCause } from "./status";
import { getPath, isRecord, type KubeObject } from "./types";

function containerLists(pod: KubeObject): [string, Record<string, unknown>[]][] {
  return (["containers", "initContainers"] as const).map((list) => {
    const value = getPath(pod, ["spec", list]);
    return [list, Array.isArray(value) ? value.filter(isRecord) : []];
  });
}

/** SetDefaults_Pod: a resource with a limit and no request requests its limit. */
export function preparePod(pod: KubeObject): void {
  for (const [, containers] of containerLists(pod)) {
    for (const c of containers) {
      const resources = isRecord(c.resources) ? c.resources : undefined;
      if (!resources || !isRecord(resources.limits)) continue;
      resources.requests = { ...resources.limits, ...(isRecord(resources.requests) ? resources.requests : {}) };
    }
  }
  pod.status = { phase: "Pending" };
}

export function validatePod(pod: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const [[, containers]] = containerLists(pod);
  if (containers.length === 0) causes.push({ reason: "FieldValueRequired", field: "spec.containers", message: "Required value" });
  for (const [list, items] of containerLists(pod)) {
    items.forEach((c, i) => {
      for (const field of ["name", "image"]) {
        if (typeof c[field] !== "string" || c[field] === "") {
          causes.push({ reason: "FieldValueRequired", field: `spec.${list}[${i}].${field}`, message: "Required value" });
        }
      }
    });
  }
  return causes;
}
