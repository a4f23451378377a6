"use client";
// The audit log for admins: newest first, filterable by tenant, with before/after for each change.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/client/api-client";
import type { AuditEvent } from "@/lib/schemas/audit";

export function AuditLogClient() {
  const [tenant, setTenant] = useState("");
  const log = useInfiniteQuery({
    queryKey: ["audit", { tenant }],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "100" });
      if (tenant) params.set("tenant", tenant);
      if (pageParam) params.set("before", String(pageParam));
      return apiFetch<{ items: AuditEvent[] }>(`/api/v1/audit?${params}`);
    },
    getNextPageParam: (last) => (last.items.length === 100 ? last.items[last.items.length - 1].id : undefined),
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Audit log</h1>
        <Input aria-label="Tenant" placeholder="Filter by tenant" className="w-56" value={tenant} onChange={(event) => setTenant(event.target.value.trim())} />
      </div>
      {log.isError ? <p role="alert" className="text-destructive">{log.error.message}</p> : null}
      <Table>
        <TableHeader><TableRow><TableHead>When</TableHead><TableHead>Who</TableHead><TableHead>Action</TableHead><TableHead>Tenant</TableHead><TableHead>Object</TableHead><TableHead>Before / after</TableHead></TableRow></TableHeader>
        <TableBody>
          {items.map((event) => (
            <TableRow key={event.id}>
              <TableCell>{new Date(event.at).toLocaleString()}</TableCell>
              <TableCell>{event.actor} <span className="text-muted-foreground">({event.actorKind})</span></TableCell>
              <TableCell className="font-mono text-xs">{event.action}</TableCell>
              <TableCell>{event.tenant ?? "—"}</TableCell>
              <TableCell>{event.resourceKind} {event.resourceName}</TableCell>
              <TableCell>
                <details>
                  <summary className="cursor-pointer text-sm">show</summary>
                  <pre className="max-h-64 max-w-xl overflow-auto rounded bg-muted p-2 font-mono text-xs">{JSON.stringify({ before: event.before, after: event.after }, null, 2)}</pre>
                </details>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {items.length === 0 && log.isSuccess ? <p className="text-muted-foreground">Nothing recorded yet.</p> : null}
      {log.hasNextPage ? <Button variant="outline" onClick={() => void log.fetchNextPage()}>Older events</Button> : null}
    </div>
  );
}
