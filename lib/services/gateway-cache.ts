// What the gateway remembers of deployments for a moment (see ./gateway), and how a change forgets it at once.
import { getRuntime, processSingleton } from "@/lib/runtime";
import { refreshPublishedLocations } from "./published-locations";

export interface CachedEntry<T> {
  at: number;
  value: Promise<T>;
}

export function gatewayCache<T>(): Map<string, CachedEntry<T>> {
  return processSingleton(`gateway-facts:${getRuntime().startedAt.getTime()}`, () => new Map<string, CachedEntry<T>>());
}

/** Forgets what the gateway knows of a deployment (it changed, or its publication did), and where publications answer. */
export function forgetGatewayTarget(namespace: string, name: string): void {
  gatewayCache().delete(`${namespace}/${name}`);
  void refreshPublishedLocations();
}
