// The cluster's nodes: readiness, version, GPU model, taints, and CPU, memory and GPUs as requested of allocatable.
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ClusterNode } from "@/lib/schemas/admin";
import { formatCores, formatMemory } from "./cluster-format";

type Amount = ClusterNode["cpu"];

function AmountCell({ amount, format }: { amount: Amount; format: (value: number) => string }) {
  const title = `capacity ${format(amount.capacity)}, allocatable ${format(amount.allocatable)}, requested ${format(amount.requested)}, free ${format(amount.free)}`;
  return (
    <TableCell className="text-right tabular-nums" title={title}>
      {format(amount.requested)} / {format(amount.allocatable)}
      <div className="text-xs text-muted-foreground">{format(amount.free)} free</div>
    </TableCell>
  );
}

export function NodesTable({ nodes }: { nodes: ClusterNode[] }) {
  return (
    <Table aria-label="Nodes">
      <TableHeader>
        <TableRow>
          <TableHead>Node</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>GPU</TableHead>
          <TableHead className="text-right">GPUs</TableHead>
          <TableHead className="text-right">CPU</TableHead>
          <TableHead className="text-right">Memory</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {nodes.map((node) => (
          <TableRow key={node.name} data-testid={`node-${node.name}`}>
            <TableCell>
              <div className="font-medium">{node.name}</div>
              <div className="flex flex-wrap gap-1 pt-1">
                {node.taints.map((taint) => (
                  <Badge key={`${taint.key}:${taint.effect}`} variant="outline" className="font-mono">
                    {taint.key}
                    {taint.value ? `=${taint.value}` : ""}:{taint.effect}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell>
              <Badge variant={node.status === "Ready" ? "success" : "destructive"} data-node-status={node.status}>
                {node.status}
              </Badge>
              {node.unschedulable ? <div className="pt-1 text-xs text-muted-foreground">cordoned</div> : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{node.kubeletVersion ?? "—"}</TableCell>
            <TableCell>
              {node.gpu.capacity > 0 ? (
                <>
                  <div>{node.gpu.model ?? node.gpu.resource}</div>
                  <div className="text-xs text-muted-foreground">
                    {[node.gpu.profile, node.gpu.memoryMiB ? `${Math.round(node.gpu.memoryMiB / 1024)} GiB each` : null]
                      .filter(Boolean)
                      .join(" · ")}
                  </div>
                </>
              ) : (
                <span className="text-muted-foreground">none</span>
              )}
            </TableCell>
            <AmountCell amount={node.gpu} format={String} />
            <AmountCell amount={node.cpu} format={formatCores} />
            <AmountCell amount={node.memory} format={formatMemory} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
