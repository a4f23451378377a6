"use client";
// The deployments table: virtualised rows, so a thousand deployments scroll as smoothly as ten; sortable columns; the
// whole table scrolls sideways inside its own box when the window is narrower than its columns. KubeAI Models and
// KServe InferenceServices share the columns (./deployment-summary says what each shows in them).
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { SORT_LABELS, type DeploymentSort, type SortKey } from "@/lib/client/deployment-sort";
import { featuresLabel, modelLocation, servingLabel } from "@/lib/client/deployment-summary";
import type { Deployment } from "@/lib/schemas/deployment";
import { StatusBadge, StatusReason } from "./status-badge";

const COLUMNS: { title: string; sortKey?: SortKey; width: string }[] = [
  { title: "Name", sortKey: "name", width: "minmax(10rem,1.4fr)" },
  { title: "Namespace", sortKey: "namespace", width: "7rem" },
  { title: SORT_LABELS.engine, sortKey: "engine", width: "8rem" },
  { title: "URL", width: "minmax(8rem,1.2fr)" },
  { title: "Features", width: "8rem" },
  { title: "Profile", sortKey: "profile", width: "9rem" },
  { title: "Owner", sortKey: "owner", width: "minmax(9rem,1fr)" },
  { title: "Replicas", sortKey: "replicas", width: "6.5rem" },
  { title: "Status", sortKey: "status", width: "minmax(8rem,1.2fr)" },
  { title: "Age", sortKey: "age", width: "4.5rem" },
];
const TEMPLATE = COLUMNS.map((column) => column.width).join(" ");
const ROW_HEIGHT = 44;
const CELL = "truncate px-3";

function SortIcon({ active, direction }: { active: boolean; direction: DeploymentSort["direction"] }) {
  if (!active) return <ArrowUpDown className="size-3 opacity-40" aria-hidden="true" />;
  return direction === "asc" ? <ArrowUp className="size-3" aria-hidden="true" /> : <ArrowDown className="size-3" aria-hidden="true" />;
}

function HeaderRow({ sort, onSort }: { sort: DeploymentSort; onSort: (key: SortKey) => void }) {
  return (
    <div role="row" className="grid border-b bg-muted/50 font-medium text-muted-foreground" style={{ gridTemplateColumns: TEMPLATE }}>
      {COLUMNS.map(({ title, sortKey }) => {
        const active = sortKey === sort.key;
        return (
          <div
            role="columnheader"
            key={title}
            className="px-3 py-2"
            aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}
          >
            {sortKey ? (
              <button type="button" className="inline-flex items-center gap-1 hover:text-foreground" onClick={() => onSort(sortKey)}>
                {title}
                <SortIcon active={active} direction={sort.direction} />
              </button>
            ) : (
              title
            )}
          </div>
        );
      })}
    </div>
  );
}

function Row({ item }: { item: Deployment }) {
  const serving = servingLabel(item);
  const location = modelLocation(item);
  const features = featuresLabel(item);
  return (
    <>
      <div role="cell" className={`${CELL} font-medium`}>
        <Link className="hover:underline" href={`/deployments/${item.namespace}/${item.name}`} title={item.name}>
          {item.name}
        </Link>
      </div>
      <div role="cell" className={CELL} title={item.namespace}>
        {item.namespace}
      </div>
      <div role="cell" className={CELL} title={serving}>
        {serving}
      </div>
      <div role="cell" className={`${CELL} font-mono text-xs`} title={location}>
        {location}
      </div>
      <div role="cell" className={CELL} title={features}>
        {features}
      </div>
      <div role="cell" className={CELL} title={item.resourceProfile ?? undefined}>
        {item.resourceProfile ?? "—"}
      </div>
      <div role="cell" className={CELL} title={item.owner ?? undefined}>
        {item.owner ?? "—"}
      </div>
      <div role="cell" className="px-3 tabular-nums">
        {item.replicaStatus.ready}/{item.replicaStatus.desired}
      </div>
      <div role="cell" className="flex min-w-0 items-center gap-2 px-3">
        <StatusBadge status={item.status} title={item.statusMessage} />
        <StatusReason status={item.status} message={item.statusMessage} />
      </div>
      <div role="cell" className="px-3 text-muted-foreground">
        <RelativeTime timestamp={item.createdAt} suffix="" />
      </div>
    </>
  );
}

export function DeploymentsTable({ items, sort, onSort }: { items: Deployment[]; sort: DeploymentSort; onSort: (key: SortKey) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div className="overflow-x-auto rounded-md border">
      <div role="table" aria-label="Deployments" aria-rowcount={items.length + 1} className="min-w-fit text-sm">
        <HeaderRow sort={sort} onSort={onSort} />
        <div ref={scroller} className="max-h-[65vh] overflow-y-auto">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index];
              return (
                <div
                  role="row"
                  aria-rowindex={row.index + 2}
                  key={`${item.namespace}/${item.name}`}
                  data-deployment={`${item.namespace}/${item.name}`}
                  className="absolute left-0 grid w-full items-center border-b hover:bg-muted/40"
                  style={{ gridTemplateColumns: TEMPLATE, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                >
                  <Row item={item} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
