"use client";
// Search the Hugging Face Hub: a search box, a task filter and a sort; results a page at a time, each with what vLLM
// makes of it, its size, downloads, license and whether it is gated. The address keeps the search, so Back from a
// model's page shows the same list.
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatParameterCount } from "@/lib/client/preset-catalog";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { HUB_SORTS, type HubModelSummary, type HubSort } from "@/lib/schemas/hub";
import { hubModelHref, SORT_LABELS, TASK_CHOICES } from "./hub-format";
import { useHubSearch, type HubSearch } from "./queries";
import { GatedMark, VllmBadge } from "./vllm-badge";

const SEARCH_DELAY_MS = 400;
/** Radix's Select has no empty value: "every task" stands for "". */
const EVERY_TASK = "any";

function ModelRow({ model }: { model: HubModelSummary }) {
  return (
    <TableRow data-model={model.id}>
      <TableCell className="max-w-[26rem] whitespace-normal">
        <Link href={hubModelHref(model.id)} className="font-medium break-all underline-offset-4 hover:underline">
          {model.id}
        </Link>
        {model.pipelineTag ? <div className="text-xs text-muted-foreground">{model.pipelineTag}</div> : null}
      </TableCell>
      <TableCell>
        <VllmBadge vllm={model.vllm} />
      </TableCell>
      <TableCell>{formatParameterCount(model.parameters) || "—"}</TableCell>
      <TableCell className="text-right tabular-nums">{model.downloads.toLocaleString("en")}</TableCell>
      <TableCell className="max-w-[10rem] truncate" title={model.license ?? undefined}>
        {model.license ?? "—"}
      </TableCell>
      <TableCell>
        <GatedMark gated={model.gated} />
      </TableCell>
    </TableRow>
  );
}

function Filters({ value, onChange }: { value: HubSearch; onChange: (next: HubSearch) => void }) {
  return (
    <>
      <Select value={value.task || EVERY_TASK} onValueChange={(task) => onChange({ ...value, task: task === EVERY_TASK ? "" : task })}>
        <SelectTrigger aria-label="Task" className="w-full sm:w-56">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {TASK_CHOICES.map((choice) => (
            <SelectItem key={choice.value || EVERY_TASK} value={choice.value || EVERY_TASK}>
              {choice.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={value.sort} onValueChange={(sort) => onChange({ ...value, sort: sort as HubSort })}>
        <SelectTrigger aria-label="Sort by" className="w-full sm:w-44">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {HUB_SORTS.map((sort) => (
            <SelectItem key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </>
  );
}

function Results({ search }: { search: HubSearch }) {
  const list = useHubSearch(search);
  if (list.isPending)
    return (
      <div className="grid gap-2">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} className="h-10" />
        ))}
      </div>
    );
  if (list.isError)
    return (
      <p role="alert" className="text-destructive">
        Could not search the Hub: {list.error.message}
      </p>
    );
  if (list.items.length === 0) return <p className="text-muted-foreground">No model on the Hub matches the search.</p>;
  return (
    <>
      <Table aria-label="Models on the Hub">
        <TableHeader>
          <TableRow>
            <TableHead>Model</TableHead>
            <TableHead>vLLM</TableHead>
            <TableHead>Parameters</TableHead>
            <TableHead className="text-right">Downloads</TableHead>
            <TableHead>License</TableHead>
            <TableHead>
              <span className="sr-only">Gated</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((model) => (
            <ModelRow key={model.id} model={model} />
          ))}
        </TableBody>
      </Table>
      {list.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-center"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : "More models"}
        </Button>
      ) : null}
    </>
  );
}

export function HubSearchClient({ initial }: { initial: HubSearch }) {
  const [typed, setTyped] = useState(initial.search);
  const [filters, setFilters] = useState(initial);
  const settled = useDebouncedValue(typed.trim(), SEARCH_DELAY_MS);
  const search: HubSearch = { ...filters, search: settled };

  useEffect(() => {
    const params = new URLSearchParams({ sort: search.sort });
    if (search.search) params.set("search", search.search);
    if (search.task) params.set("task", search.task);
    window.history.replaceState(null, "", `/hub?${params}`);
  }, [search.search, search.task, search.sort]);

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">Hugging Face Hub</h1>
        <p className="text-muted-foreground">
          Find a model, see whether vLLM serves it and where it fits, then import it into the repository or make a preset of it.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Input
          type="search"
          aria-label="Search the Hub"
          placeholder="Search models, e.g. llama 8b instruct"
          className="w-full sm:w-80"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <Filters value={filters} onChange={setFilters} />
      </div>
      <Results search={search} />
    </div>
  );
}
