// Events about one kind of object in a namespace, grouped per object by uid, so a new object with an old one's name
// does not inherit its events (`name:<name>` for events that carry no uid).
import type { CoreV1Event } from "@kubernetes/client-node";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import { callKubernetes, type Cluster } from "./cluster";

export type EventsByObject = Map<string, DeploymentEvent[]>;

/** Newest last, as the API returns them. */
export async function listObjectEvents(cluster: Cluster, namespace: string, kind: string, name?: string): Promise<EventsByObject> {
  const selector = [`involvedObject.kind=${kind}`, ...(name ? [`involvedObject.name=${name}`] : [])].join(",");
  const list = await callKubernetes("list", "events", `Events in ${namespace}`, () =>
    cluster.core.listNamespacedEvent({ namespace, fieldSelector: selector }),
  );
  const byObject: EventsByObject = new Map();
  for (const event of list.items) {
    const key = event.involvedObject.uid || `name:${event.involvedObject.name ?? ""}`;
    const events = byObject.get(key) ?? [];
    events.push(toDeploymentEvent(event));
    byObject.set(key, events);
  }
  return byObject;
}

/** The events of one object out of `listObjectEvents`' map. */
export function eventsOfObject(events: EventsByObject, object: { metadata: { name: string; uid?: string } }): DeploymentEvent[] {
  return [...(object.metadata.uid ? (events.get(object.metadata.uid) ?? []) : []), ...(events.get(`name:${object.metadata.name}`) ?? [])];
}

function toDeploymentEvent(event: CoreV1Event): DeploymentEvent {
  const when = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: event.message ?? "",
    count: event.count,
    lastTimestamp: when ? new Date(when).toISOString() : null,
    source: event.source?.component,
  };
}
