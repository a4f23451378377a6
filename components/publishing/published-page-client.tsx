"use client";
// Every published endpoint of the caller's tenants (every tenant's, for an admin): where it answers, its status and
// usage, refreshed every few seconds, with totals per tenant.
import Link from "next/link";
import { RelativeTime } from "@/components/layout/relative-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { usePublishedModels } from "./queries";

export function PublishedPageClient() {
  const list = usePublishedModels();
  const models = list.data?.publishedModels ?? [];
  const totals = new Map<string, { requests: number; tokens: number; models: number }>();
  for (const model of models) {
    const total = totals.get(model.tenantId) ?? { requests: 0, tokens: 0, models: 0 };
    totals.set(model.tenantId, {
      requests: total.requests + model.usage.totalRequests,
      tokens: total.tokens + model.usage.tokensUsed,
      models: total.models + 1,
    });
  }
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Published</h1>
        <p className="text-sm text-muted-foreground">Deployments reachable from outside with API keys. Publish one from its page.</p>
      </div>
      {list.isPending ? <Skeleton className="h-40" /> : null}
      {list.isError ? (
        <p role="alert" className="text-destructive">
          {list.error.message}
        </p>
      ) : null}
      {list.isSuccess && models.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing is published yet: open a deployment and use its Publishing tab.</p>
      ) : null}
      {models.length > 0 ? (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead>Tenant</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Endpoint</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Requests (today)</TableHead>
                <TableHead className="text-right">Tokens</TableHead>
                <TableHead>Last access</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {models.map((model) => (
                <TableRow key={`${model.namespace}/${model.modelName}`} data-testid={`published-${model.namespace}-${model.modelName}`}>
                  <TableCell className="font-medium">
                    <Link className="hover:underline" href={`/deployments/${model.namespace}/${model.modelName}`}>
                      {model.modelName}
                    </Link>
                  </TableCell>
                  <TableCell>{model.tenantId}</TableCell>
                  <TableCell>{model.modelType}</TableCell>
                  <TableCell className="max-w-72 truncate font-mono text-xs" title={model.externalUrl}>
                    {model.externalUrl}
                  </TableCell>
                  <TableCell>{model.status}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {model.usage.totalRequests} ({model.usage.requestsToday})
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{model.usage.tokensUsed}</TableCell>
                  <TableCell>{model.usage.lastAccessTime ? <RelativeTime timestamp={model.usage.lastAccessTime} /> : "never"}</TableCell>
                  <TableCell>
                    <Link className="text-sm underline" href={`/published/${model.namespace}/${model.modelName}`}>
                      Usage
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Per tenant</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="grid gap-1 text-sm">
                {[...totals].map(([tenant, total]) => (
                  <li key={tenant}>
                    <strong>{tenant}</strong>: {total.models} published, {total.requests} requests, {total.tokens} tokens
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}
