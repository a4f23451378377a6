// Watch streams: replay from a resourceVersion (or 410 Expired), live changes, bookmarks, timeouts, Table rows.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ClusterState, storeKey } from "./cluster-state";
import { includeObject, matchesFilter, parseFilter, withTypeMeta, type Filter } from "./reads";
import type { Target } from "./request";
import { apiVersionOf } from "./resources";
import { badRequest, expired } from "./status";
import type { ChangeEvent, ChangeType } from "./store";
import { buildTable, wantsTable } from "./table";
import type { KubeObject } from "./types";

export const BOOKMARK_INTERVAL_MS = 10_000;

export function isWatchRequest(query: URLSearchParams): boolean {
  const w = query.get("watch");
  return w === "true" || w === "1";
}

/** The event type a filtered watcher should see for a change, or undefined when it should see nothing. */
function visibleType(filter: Filter, event: ChangeEvent): ChangeType | undefined {
  const now = matchesFilter(filter, event.object);
  if (event.type !== "MODIFIED" || !event.previous) return now ? event.type : undefined;
  const before = matchesFilter(filter, event.previous);
  if (before && now) return "MODIFIED";
  if (now) return "ADDED";
  if (before) return "DELETED";
  return undefined;
}

export class WatchHub {
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly state: ClusterState,
    private readonly bookmarkIntervalMs = BOOKMARK_INTERVAL_MS,
  ) {}

  start(target: Target, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const d = target.descriptor;
    const filter = parseFilter(target, query);
    const rvParam = query.get("resourceVersion") ?? "";
    const fromRv = rvParam === "" || rvParam === "0" ? undefined : Number(rvParam);
    if (fromRv !== undefined && !Number.isInteger(fromRv)) throw badRequest(`invalid resource version: ${rvParam}`);
    const table = wantsTable(req.headers.accept);
    const include = includeObject(query);
    let headersSent = false;

    const send = (type: string, object: unknown): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const sendObject = (type: ChangeType, object: KubeObject): void => {
      if (table) {
        const meta = { resourceVersion: object.metadata.resourceVersion ?? "" };
        send(type, buildTable(d.columns, [object], meta, include, !headersSent));
        headersSent = true;
      } else send(type, withTypeMeta(d, object));
    };

    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    res.flushHeaders();

    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = (): void => undefined;
    const close = (): void => {
      unsubscribe();
      timers.forEach((t) => clearTimeout(t));
      this.closers.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.closers.add(close);
    req.on("close", close);
    res.on("close", close);

    const key = storeKey(d);
    if (fromRv !== undefined) {
      const changes = this.state.store.changesSince(fromRv);
      if (!changes) {
        const oldest = this.state.store.oldestAvailableRv();
        send("ERROR", expired(`too old resource version: ${fromRv} (${oldest + 1})`).status);
        close();
        return;
      }
      for (const change of changes) {
        const type = change.resource === key ? visibleType(filter, change) : undefined;
        if (type) sendObject(type, change.object);
      }
    } else {
      for (const object of this.state.store.list(key, target.namespace)) {
        if (matchesFilter(filter, object)) sendObject("ADDED", object);
      }
      if (query.get("sendInitialEvents") === "true") {
        const metadata = { resourceVersion: String(this.state.store.currentRv()), annotations: { "k8s.io/initial-events-end": "true" } };
        send("BOOKMARK", { kind: d.kind, apiVersion: apiVersionOf(d), metadata });
      }
    }
    unsubscribe = this.state.store.subscribe((change) => {
      if (change.resource !== key) return;
      const type = visibleType(filter, change);
      if (type) sendObject(type, change.object);
    });

    if (query.get("allowWatchBookmarks") === "true") {
      const bookmark = (): void => {
        send("BOOKMARK", {
          kind: d.kind,
          apiVersion: apiVersionOf(d),
          metadata: { resourceVersion: String(this.state.store.currentRv()) },
        });
      };
      timers.push(setInterval(bookmark, this.bookmarkIntervalMs));
    }
    const timeout = Number(query.get("timeoutSeconds") ?? "0");
    if (Number.isFinite(timeout) && timeout > 0) timers.push(setTimeout(close, timeout * 1000));
  }

  closeAll(): void {
    for (const close of [...this.closers]) close();
  }
}
