"use client";
// GPU use drawn with recharts: per tenant (held by scheduled pods, and waited for by pods without a node) and per node
// (requested against free).
import { StackedBarCard } from "@/components/ui/stacked-bar-card";
import type { ClusterNamespace, ClusterNode } from "@/lib/schemas/admin";

const COLORS = { held: "var(--chart-1, #2563eb)", waiting: "var(--chart-2, #f59e0b)", free: "var(--chart-4, #16a34a)" };

export function GpusPerTenantChart({ namespaces }: { namespaces: ClusterNamespace[] }) {
  const data = namespaces
    .filter((namespace) => namespace.isTenant)
    .map((namespace) => ({ tenant: namespace.name, held: namespace.gpus, waiting: namespace.pendingGpus }));
  return (
    <StackedBarCard
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
    <StackedBarCard
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
