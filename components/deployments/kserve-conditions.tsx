"use client";
// An InferenceService's conditions as KServe reports them (Ready and PredictorReady first): why it is, or is not, serving.
import { RelativeTime } from "@/components/layout/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Condition } from "@/lib/schemas/deployment";

const STATUS_STYLE: Record<string, string> = { True: "text-success", False: "text-destructive" };

export function KServeConditions({ conditions }: { conditions: Condition[] }) {
  if (conditions.length === 0) return <p className="text-sm text-muted-foreground">KServe has not reported any conditions yet.</p>;
  return (
    <Table aria-label="Conditions">
      <TableHeader>
        <TableRow>
          <TableHead>Type</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Message</TableHead>
          <TableHead>Last transition</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {conditions.map((condition) => (
          <TableRow key={condition.type} data-condition={condition.type}>
            <TableCell className="font-medium">{condition.type}</TableCell>
            <TableCell className={STATUS_STYLE[condition.status] ?? "text-muted-foreground"}>{condition.status}</TableCell>
            <TableCell>{condition.reason ?? "—"}</TableCell>
            <TableCell className="min-w-[16rem] whitespace-normal break-words">{condition.message ?? "—"}</TableCell>
            <TableCell>
              <RelativeTime timestamp={condition.lastTransitionTime} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
