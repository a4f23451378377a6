"use client";
// A published model's usage over time: requests (and refusals) per day, tokens per day, answers by status class, and
// per key. Drawn with recharts from GET …/publish/usage, read again every 5 s.
import { useQuery } from "@tanstack/react-query";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StackedBarCard } from "@/components/ui/stacked-bar-card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/client/api-client";
import type { UsageSeries } from "@/lib/schemas/publishing";

const COLORS = {
  requests: "var(--chart-1, #2563eb)",
  refused: "var(--chart-2, #f59e0b)",
  errors: "var(--chart-3, #dc2626)",
  prompt: "#0ea5e9",
  completion: "#8b5cf6",
};

export function UsageCharts({ namespace, name, days = 14 }: { namespace: string; name: string; days?: number }) {
  const usage = useQuery({
    queryKey: ["publishing", "usage", namespace, name, days],
    queryFn: () =>
      apiFetch<UsageSeries>(`/api/v1/deployments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/publish/usage?days=${days}`),
    refetchInterval: 5000,
  });
  if (usage.isPending) return <Skeleton className="h-64" />;
  if (usage.isError) {
    return (
      <p role="alert" className="text-destructive">
        {usage.error.message}
      </p>
    );
  }
  const series = usage.data.days.map((day) => ({ ...day, label: day.day.slice(5) }));
  const statuses = Object.entries(
    usage.data.days.reduce<Record<string, number>>((sum, day) => {
      for (const [status, count] of Object.entries(day.statuses)) sum[status] = (sum[status] ?? 0) + count;
      return sum;
    }, {}),
  ).map(([status, count]) => ({ status, count }));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <StackedBarCard
        categoryKey="label"
        title="Requests per day"
        testId="chart-requests"
        data={series}
        bars={[
          { key: "requests", name: "Requests", color: COLORS.requests },
          { key: "refused", name: "Refused by limits", color: COLORS.refused },
        ]}
      />
      <StackedBarCard
        categoryKey="label"
        title="Tokens per day"
        testId="chart-tokens"
        data={series}
        bars={[
          { key: "promptTokens", name: "Prompt", color: COLORS.prompt },
          { key: "completionTokens", name: "Completion", color: COLORS.completion },
        ]}
      />
      <StackedBarCard
        title="Answers by status"
        testId="chart-statuses"
        data={statuses}
        categoryKey="status"
        empty="No requests yet."
        bars={[{ key: "count", name: "Answers", color: COLORS.requests }]}
      />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Per key</CardTitle>
        </CardHeader>
        <CardContent>
          {usage.data.byKey.length === 0 ? (
            <p className="text-sm text-muted-foreground">No key has been used yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Key</TableHead>
                  <TableHead className="text-right">Requests</TableHead>
                  <TableHead className="text-right">Tokens</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {usage.data.byKey.map((key) => (
                  <TableRow key={key.keyId}>
                    <TableCell>{key.name}</TableCell>
                    <TableCell className="text-right tabular-nums">{key.requests}</TableCell>
                    <TableCell className="text-right tabular-nums">{key.tokens}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
