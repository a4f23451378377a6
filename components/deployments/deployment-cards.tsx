"use client";
// The deployments list on a phone: one card per deployment (virtualised like the table), sorted by a picker.
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SORT_KEYS, SORT_LABELS, type DeploymentSort, type SortKey } from "@/lib/client/deployment-sort";
import { servingLabel } from "@/lib/client/deployment-summary";
import type { Deployment } from "@/lib/schemas/deployment";
import { StatusBadge, StatusReason } from "./status-badge";

const CARD_HEIGHT = 112;

function DeploymentCard({ item }: { item: Deployment }) {
  const facts = `${item.namespace} · ${servingLabel(item)} · ${item.resourceProfile ?? "no profile"}`;
  return (
    <div className="grid h-full content-start gap-1 rounded-md border p-3 text-sm">
      <div className="flex min-w-0 items-center gap-2">
        <Link
          className="min-w-0 truncate font-medium hover:underline"
          href={`/deployments/${item.namespace}/${item.name}`}
          title={item.name}
        >
          {item.name}
        </Link>
        <span className="ml-auto shrink-0">
          <StatusBadge status={item.status} title={item.statusMessage} />
        </span>
      </div>
      <div className="truncate text-xs text-muted-foreground" title={facts}>
        {facts}
      </div>
      <div className="truncate text-xs text-muted-foreground">
        <span className="tabular-nums">
          {item.replicaStatus.ready}/{item.replicaStatus.desired}
        </span>{" "}
        ready · <RelativeTime timestamp={item.createdAt} /> · {item.owner ?? "no owner"}
      </div>
      <StatusReason status={item.status} message={item.statusMessage} className="block" />
    </div>
  );
}

function SortPicker({ sort, onChange }: { sort: DeploymentSort; onChange: (sort: DeploymentSort) => void }) {
  const flipped = sort.direction === "asc" ? "desc" : "asc";
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="text-muted-foreground">Sort by</span>
      <Select value={sort.key} onValueChange={(key) => onChange({ key: key as SortKey, direction: "asc" })}>
        <SelectTrigger aria-label="Sort by" className="w-36">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {SORT_KEYS.map((key) => (
            <SelectItem key={key} value={key}>
              {SORT_LABELS[key]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Button
        type="button"
        variant="outline"
        size="icon"
        aria-label={sort.direction === "asc" ? "Ascending; sort descending" : "Descending; sort ascending"}
        onClick={() => onChange({ ...sort, direction: flipped })}
      >
        {sort.direction === "asc" ? <ArrowUp /> : <ArrowDown />}
      </Button>
    </div>
  );
}

export function DeploymentCards({
  items,
  sort,
  onSortChange,
}: {
  items: Deployment[];
  sort: DeploymentSort;
  onSortChange: (sort: DeploymentSort) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
  });
  return (
    <div className="grid gap-2">
      <SortPicker sort={sort} onChange={onSortChange} />
      <div ref={scroller} role="list" aria-label="Deployments" className="max-h-[70vh] overflow-y-auto">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            return (
              <div
                role="listitem"
                key={`${item.namespace}/${item.name}`}
                data-deployment={`${item.namespace}/${item.name}`}
                className="absolute left-0 w-full pb-2"
                style={{ height: CARD_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <DeploymentCard item={item} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
