"use client";
// A model on the Hugging Face Hub: what it is, what vLLM makes of it, its configuration, its fit on every resource
// profile and its files; from here it is imported into the repository, or (admins) made into a preset.
import { Download } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { HubModelDetails } from "@/lib/schemas/hub";
import { CreatePresetFromHub } from "./create-preset-from-hub";
import { ConfigSummary, FilesTable, FitTable } from "./hub-model-sections";
import { GatedMark, VllmBadge } from "./vllm-badge";

function Alternatives({ model }: { model: HubModelDetails }) {
  if (model.alternatives.length === 0) return null;
  return (
    <ul className="grid gap-1 text-sm text-muted-foreground">
      {model.alternatives.map((alternative) => (
        <li key={alternative.engine}>
          <span className="font-medium text-foreground">{alternative.engine}</span>: {alternative.reason}
        </li>
      ))}
    </ul>
  );
}

export function HubModelClient({ model, isAdmin }: { model: HubModelDetails; isAdmin: boolean }) {
  const [org] = model.id.split("/");
  return (
    <div className="grid grid-cols-1 gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/hub" className="underline-offset-4 hover:underline">
          Hub
        </Link>{" "}
        / {org}
      </nav>
      <div className="grid gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="mr-auto text-2xl font-semibold break-all">{model.id}</h1>
          <Button asChild>
            <Link href={`/imports/new?repo=${encodeURIComponent(model.id)}`} aria-label="Import to repository">
              <Download /> Import to repository
            </Link>
          </Button>
          {isAdmin ? <CreatePresetFromHub id={model.id} /> : null}
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <VllmBadge vllm={model.vllm} />
          <GatedMark gated={model.gated} />
          {model.pipelineTag ? <Badge variant="outline">{model.pipelineTag}</Badge> : null}
          <span>License: {model.license ?? "not given"}</span>
          <span>{model.downloads.toLocaleString("en")} downloads</span>
          <span className="font-mono text-xs" title={model.commit}>
            {model.revision} @ {model.commit.slice(0, 10)}
          </span>
        </div>
        {model.vllm.note ? <p className="text-sm text-muted-foreground">{model.vllm.note}</p> : null}
        <Alternatives model={model} />
      </div>
      <ConfigSummary model={model} />
      <FitTable model={model} />
      <FilesTable model={model} />
    </div>
  );
}
