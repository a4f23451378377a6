// What vLLM makes of a Hub model, as a badge whose title says why when it does not serve it.
import { Lock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { HubModelSummary, VllmSupport } from "@/lib/schemas/hub";
import { vllmLabel } from "./hub-format";

export function VllmBadge({ vllm }: { vllm: VllmSupport }) {
  const { text, tone } = vllmLabel(vllm);
  return (
    <Badge variant={tone} title={vllm.note ?? (vllm.architecture ? `vLLM serves ${vllm.architecture}` : undefined)}>
      {text}
    </Badge>
  );
}

/** A lock for a gated model, read out as "Gated"; nothing for an open one. */
export function GatedMark({ gated }: { gated: HubModelSummary["gated"] }) {
  if (!gated) return null;
  return (
    <span
      className="inline-flex items-center gap-1 text-muted-foreground"
      title={`Gated (${gated} approval): accept its license on the Hub`}
    >
      <Lock className="size-3.5" aria-hidden="true" />
      <span className="sr-only">Gated</span>
    </span>
  );
}
