"use client";
// The tenant's latest audit entries for admins: when, who, what, on which object, and how it ended; the whole log
// (with each entry's changes) is on the Audit page.
import Link from "next/link";
import { AuditOutcomeBadge } from "@/components/audit/audit-event-changes";
import { RelativeTime } from "@/components/layout/relative-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTenantAudit } from "./queries";

const RECENT = 20;

export function TenantAuditCard({ tenant }: { tenant: string }) {
  const audit = useTenantAudit(tenant, RECENT);
  const items = audit.data?.items ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Recent audit entries</CardTitle>
        <CardDescription>
          The last {RECENT} changes in {tenant}, newest first.{" "}
          <Link href="/audit" className="underline">
            The whole audit log
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {audit.isError ? (
          <p role="alert" className="text-destructive">
            {audit.error.message}
          </p>
        ) : null}
        {items.length > 0 ? (
          <Table aria-label={`Audit entries of ${tenant}`}>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Object</TableHead>
                <TableHead>Outcome</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((event) => (
                <TableRow key={event.id} data-testid="tenant-audit-entry">
                  <TableCell>
                    <RelativeTime timestamp={event.at} />
                  </TableCell>
                  <TableCell className="break-all">{event.actor}</TableCell>
                  <TableCell className="font-mono text-xs">{event.action}</TableCell>
                  <TableCell className="break-all">
                    {event.resourceKind} {event.resourceName}
                  </TableCell>
                  <TableCell title={event.error ?? undefined}>
                    <AuditOutcomeBadge outcome={event.outcome} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : audit.isSuccess ? (
          <p className="text-sm text-muted-foreground">Nothing recorded for {tenant} yet.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
