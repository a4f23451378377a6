"use client";
// The deployments table: virtualised rows, so a thousand Models scroll as smoothly as ten.
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { formatAge } from "@/lib/client/format-age";
import type { Deployment } from "@/lib/schemas/deployment";
import { StatusBadge } from "./status-badge";

const COLUMNS = "minmax(12rem,1.4fr) 7rem 6rem minmax(12rem,2fr) 9rem 9rem 5rem 8rem 4rem";
const ROW_HEIGHT = 44;

export function DeploymentsTable({ items }: { items: Deployment[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div role="table" aria-label="Deployments" aria-rowcount={items.length + 1} className="rounded-md border text-sm">
      <div role="row" className="grid border-b bg-muted/50 font-medium text-muted-foreground" style={{ gridTemplateColumns: COLUMNS }}>
        {["Name", "Namespace", "Engine", "URL", "Features", "Profile", "Replicas", "Status", "Age"].map((title) => (
          <div role="columnheader" key={title} className="px-3 py-2">
            {title}
          </div>
        ))}
      </div>
      <div ref={scroller} className="max-h-[65vh] overflow-auto">
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
                style={{ gridTemplateColumns: COLUMNS, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <div role="cell" className="truncate px-3 font-medium">
                  <Link className="hover:underline" href={`/deployments/${item.namespace}/${item.name}`}>
                    {item.name}
                  </Link>
                </div>
                <div role="cell" className="truncate px-3">{item.namespace}</div>
                <div role="cell" className="truncate px-3">{item.engine}</div>
                <div role="cell" className="truncate px-3 font-mono text-xs" title={item.url}>{item.url}</div>
                <div role="cell" className="truncate px-3">{item.features.join(", ")}</div>
                <div role="cell" className="truncate px-3">{item.resourceProfile ?? "—"}</div>
                <div role="cell" className="px-3 tabular-nums">{item.replicas.ready}/{item.replicas.desired}</div>
                <div role="cell" className="px-3"><StatusBadge status={item.status} title={item.statusMessage} /></div>
                <div role="cell" className="px-3 text-muted-foreground">{formatAge(item.createdAt)}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
