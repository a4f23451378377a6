"use client";
// The deployment's History tab: its timeline (GET …/history) newest first — what people did to it, from the audit log,
// and what the cluster said of it, from its events. A change that failed and the cluster's warnings stand out.
import {
  CirclePlay,
  CirclePlus,
  CircleStop,
  Globe,
  GlobeLock,
  Info,
  OctagonX,
  Pencil,
  RefreshCw,
  Trash2,
  TrendingUp,
  type LucideIcon,
} from "lucide-react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import type { HistoryEntry } from "@/lib/schemas/history";
import { useDeploymentHistory } from "./queries";

const KIND_ICONS: Record<HistoryEntry["kind"], LucideIcon> = {
  created: CirclePlus,
  changed: Pencil,
  scaled: TrendingUp,
  stopped: CircleStop,
  started: CirclePlay,
  failed: OctagonX,
  published: Globe,
  unpublished: GlobeLock,
  deleted: Trash2,
  synced: RefreshCw,
  event: Info,
};

/** Failed: a change that did not happen, or the cluster saying the deployment will not come up by itself. */
type Tone = "failed" | "warning" | "normal";

function toneOf(entry: HistoryEntry): Tone {
  if (entry.outcome === "failed" || entry.kind === "failed") return "failed";
  return entry.type === "Warning" ? "warning" : "normal";
}

const TONE_STYLES: Record<Tone, { row: string; icon: string }> = {
  failed: { row: "border-destructive/50 bg-destructive/5", icon: "text-destructive" },
  warning: { row: "border-amber-300 bg-amber-50 dark:bg-amber-950/30", icon: "text-amber-700" },
  normal: { row: "border-transparent", icon: "text-muted-foreground" },
};

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const tone = toneOf(entry);
  const Icon = KIND_ICONS[entry.kind];
  const by = entry.source === "cluster" ? `the cluster${entry.type ? ` (${entry.type})` : ""}` : (entry.actor ?? "unknown");
  return (
    <li
      data-testid="history-entry"
      data-kind={entry.kind}
      data-tone={tone}
      className={cn("flex items-start gap-3 rounded-md border p-3", TONE_STYLES[tone].row)}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", TONE_STYLES[tone].icon)} aria-hidden="true" />
      <div className="grid min-w-0 flex-1 gap-1">
        <p className="text-sm break-words [overflow-wrap:anywhere]">{entry.summary}</p>
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
          <RelativeTime timestamp={entry.at} />
          <span aria-hidden="true">·</span>
          <span className="break-all">{by}</span>
          {entry.outcome && entry.outcome !== "succeeded" ? (
            <Badge variant={entry.outcome === "failed" ? "destructive" : "warning"}>{entry.outcome}</Badge>
          ) : null}
        </p>
      </div>
    </li>
  );
}

export function HistoryTab({ namespace, name }: { namespace: string; name: string }) {
  const history = useDeploymentHistory(namespace, name);
  return (
    <Card>
      <CardContent>
        {history.isPending ? (
          <Skeleton className="h-32" />
        ) : history.isError ? (
          <p role="alert" className="text-destructive">
            {history.error.message}
          </p>
        ) : history.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
        ) : (
          <ol aria-label="History" className="grid gap-2">
            {history.data.items.map((entry, index) => (
              <HistoryItem key={`${entry.at}-${entry.source}-${index}`} entry={entry} />
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
