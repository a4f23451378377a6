// One interface for each kind of serving object Modelport deploys — KubeAI's Model and KServe's InferenceService —
// so services dispatch on a deployment's backend and never learn a kind's API paths or field paths.
import type { DeploymentBackendName } from "@/lib/schemas/deployment";
import type { Deployment, DeploymentEvent, FieldIssue } from "@/lib/schemas/deployment";
import type { Cluster } from "./cluster";
import type { WatchEvent, WatchOptions } from "./object-watch";
import type { ResourceProfile } from "./resource-profiles";

/** What a view needs beyond the object: where KubeAI's own Service runs (its endpoint is there). */
export interface ViewSettings {
  kubeaiNamespace: string;
}

/** What every serving object has in common, as the Kubernetes API returns it. */
export interface ServingObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: unknown; [key: string]: unknown };
  spec: Record<string, unknown>;
  status?: unknown;
}

export interface DeploymentBackend<Object extends ServingObject, Input, Patch> {
  readonly name: DeploymentBackendName;
  /** The Kubernetes kind, as audit records name it. */
  readonly kind: string;

  /** Input (already parsed with the backend's schema) → the object to create; profiles size it. Pure. */
  build(input: Input, owner: string, profiles: readonly ResourceProfile[]): Object;
  /** The object with only the fields the patch names changed. Pure. */
  patch(current: Object, patch: Patch, profiles: readonly ResourceProfile[]): Object;
  /** The object → the view every surface shows, with the events that explain its status. Pure. */
  view(object: Object, events: DeploymentEvent[], settings: ViewSettings): Deployment;
  /** The raw object as a caller who may only view sees it: env values and args masked. Pure. */
  redactObject(object: Object): Record<string, unknown>;
  /** The CRD's rules and the size bound (errors), and Modelport's own rules and advice (warnings). Pure. */
  check(object: Object): { errors: FieldIssue[]; warnings: string[] };
  /** Whether the object's status needs its events to be explained (a ready one does not). Pure. */
  needsEvents(object: Object): boolean;
  /** The object as the audit log keeps it: secrets masked. Pure. */
  forAudit(object: Object): Record<string, unknown>;
  /** The object stopped without being deleted (no replica runs), keeping what start needs to bring it back.
   * A stopped one comes back as the same object, which tells the service there is nothing to write. Pure. */
  stop(object: Object): Object;
  /** The object as it was before it was stopped; a running one comes back as the same object. Pure. */
  start(object: Object): Object;
  /** Whether it was stopped with `stop` (and not started since). Pure. */
  isStopped(object: Object): boolean;

  list(
    cluster: Cluster,
    namespace: string,
    page: { limit: number; continueToken?: string },
  ): Promise<{ items: Object[]; continueToken?: string; resourceVersion?: string }>;
  /** Changes to the namespace's objects after resourceVersion, until the returned function is called (./object-watch). */
  watch(
    cluster: Cluster,
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: WatchEvent<Object>) => void,
    onEnd: (error: unknown) => void,
    options: WatchOptions,
  ): Promise<() => void>;
  get(cluster: Cluster, namespace: string, name: string): Promise<Object>;
  create(cluster: Cluster, object: Object, dryRun?: boolean): Promise<Object>;
  replace(cluster: Cluster, object: Object, dryRun?: boolean): Promise<Object>;
  remove(cluster: Cluster, namespace: string, name: string): Promise<void>;
  /** Events about this kind's objects in a namespace (or about one), to be picked per object with `eventsOf`. */
  events(cluster: Cluster, namespace: string, name?: string): Promise<Map<string, DeploymentEvent[]>>;
  eventsOf(events: Map<string, DeploymentEvent[]>, object: Object): DeploymentEvent[];
}
