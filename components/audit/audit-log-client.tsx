"use client";
// The audit log for admins: newest first, filterable by tenant; each event opens to show what it changed as a diff.
import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/client/api-client";
import type { AuditEvent } from "@/lib/schemas/audit";
import { AuditEventChanges, AuditOutcomeBadge, changesOf } from "./audit-event-changes";

const PAGE_SIZE = 100;

export function AuditLogClient() {
  const [tenant, setTenant] = useState("");
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const log = useInfiniteQuery({
    queryKey: ["audit", { tenant }],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (tenant) params.set("tenant", tenant);
      if (pageParam) params.set("before", String(pageParam));
      return apiFetch<{ items: AuditEvent[] }>(`/api/v1/audit?${params}`);
    },
    getNextPageParam: (last) => (last.items.length === PAGE_SIZE ? last.items[last.items.length - 1].id : undefined),
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Audit log</h1>
        <Input
          aria-label="Tenant"
          placeholder="Filter by tenant"
          className="w-56"
          value={tenant}
          onChange={(event) => setTenant(event.target.value.trim())}
        />
      </div>
      {log.isError ? (
        <p role="alert" className="text-destructive">
          {log.error.message}
        </p>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-8">
              <span className="sr-only">Details</span>
            </TableHead>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Tenant</TableHead>
            <TableHead>Object</TableHead>
            <TableHead>Outcome</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((event) => (
            <AuditEventRows key={event.id} event={event} isOpen={open.has(event.id)} onToggle={() => toggle(event.id)} />
          ))}
        </TableBody>
      </Table>
      {items.length === 0 && log.isSuccess ? <p className="text-muted-foreground">Nothing recorded yet.</p> : null}
      {log.hasNextPage ? (
        <Button variant="outline" onClick={() => void log.fetchNextPage()}>
          Older events
        </Button>
      ) : null}
    </div>
  );
}

function AuditEventRows({ event, isOpen, onToggle }: { event: AuditEvent; isOpen: boolean; onToggle: () => void }) {
  const count = changesOf(event).length;
  const summary = event.outcome === "succeeded" ? `${count} ${count === 1 ? "field" : "fields"}` : event.outcome;
  const detailsId = `audit-event-${event.id}`;
  return (
    <Fragment>
      <TableRow>
        <TableCell>
          <Button
            variant="ghost"
            size="icon"
            aria-expanded={isOpen}
            aria-controls={detailsId}
            aria-label={`${isOpen ? "Hide" : "Show"} changes (${summary})`}
            onClick={onToggle}
          >
            {isOpen ? <ChevronDown /> : <ChevronRight />}
          </Button>
        </TableCell>
        <TableCell className="whitespace-nowrap">{new Date(event.at).toLocaleString()}</TableCell>
        <TableCell>
          {event.actor} <span className="text-muted-foreground">({event.actorKind})</span>
        </TableCell>
        <TableCell className="font-mono text-xs">{event.action}</TableCell>
        <TableCell>{event.tenant ?? "—"}</TableCell>
        <TableCell>
          {event.resourceKind} {event.resourceName}
          {event.outcome === "succeeded" ? <span className="ml-2 text-xs text-muted-foreground">{summary}</span> : null}
        </TableCell>
        <TableCell>
          <AuditOutcomeBadge outcome={event.outcome} />
        </TableCell>
      </TableRow>
      {isOpen ? (
        <TableRow id={detailsId} className="hover:bg-transparent">
          <TableCell colSpan={7} className="whitespace-normal bg-muted/30">
            <AuditEventChanges event={event} />
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}
