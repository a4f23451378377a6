"use client";
// GPU use drawn with recharts: per tenant (held by scheduled pods, and waited for by pods without a node) and per node
// (requested against free).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { ClusterNamespace, ClusterNode } from "@/lib/schemas/admin";

const COLORS = { held: "var(--chart-1, #2563eb)", waiting: "var(--chart-2, #f59e0b)", free: "var(--chart-4, #16a34a)" };

function StackedBars({
  title,
  testId,
  data,
  categoryKey,
  bars,
  empty,
}: {
  title: string;
  testId: string;
  data: Array<Record<string, string | number>>;
  categoryKey: string;
  bars: Array<{ key: string; name: string; color: string }>;
  empty: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
      </CardHeader>
      <CardContent className="h-64" data-testid={testId}>
        {data.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey={categoryKey} fontSize={12} interval={0} />
              <YAxis allowDecimals={false} fontSize={12} />
              <Tooltip />
              <Legend />
              {bars.map((bar) => (
                <Bar key={bar.key} dataKey={bar.key} name={bar.name} stackId="gpus" fill={bar.color} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </CardContent>
    </Card>
  );
}

export function GpusPerTenantChart({ namespaces }: { namespaces: ClusterNamespace[] }) {
  const data = namespaces
    .filter((namespace) => namespace.isTenant)
    .map((namespace) => ({ tenant: namespace.name, held: namespace.gpus, waiting: namespace.pendingGpus }));
  return (
    <StackedBars
      title="GPUs per tenant"
      testId="chart-gpus-per-tenant"
      data={data}
      categoryKey="tenant"
      empty="No tenants yet."
      bars={[
        { key: "held", name: "Held", color: COLORS.held },
        { key: "waiting", name: "Waiting for a node", color: COLORS.waiting },
      ]}
    />
  );
}

export function GpusPerNodeChart({ nodes }: { nodes: ClusterNode[] }) {
  const data = nodes
    .filter((node) => node.gpu.capacity > 0)
    .map((node) => ({ node: node.name, requested: node.gpu.requested, free: node.gpu.free }));
  return (
    <StackedBars
      title="GPUs per node"
      testId="chart-gpus-per-node"
      data={data}
      categoryKey="node"
      empty="No node has GPUs."
      bars={[
        { key: "requested", name: "Requested", color: COLORS.held },
        { key: "free", name: "Free", color: COLORS.free },
      ]}
    />
  );
}
