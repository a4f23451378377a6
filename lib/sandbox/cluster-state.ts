// The state every handler works on, and the shape handlers answer with.
import type { ResourceDescriptor, ResourceRegistry } from "./resources";
import { resourceKey } from "./resources";
import type { ObjectStore } from "./store";
import { namespaceNotFound } from "./status";

export interface ClusterState {
  registry: ResourceRegistry;
  store: ObjectStore;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  warnings?: string[];
}

export const NAMESPACES = "/namespaces";

export function storeKey(d: ResourceDescriptor): string {
  return resourceKey(d);
}

export function requireNamespace(state: ClusterState, namespace: string): void {
  if (!state.store.get(NAMESPACES, undefined, namespace)) throw namespaceNotFound(namespace);
}
