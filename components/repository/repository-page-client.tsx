"use client";
// The model repository of one tenant: registered models with their latest version and its status, searched by name,
// page by page; the way in to importing a model from Hugging Face.
import { Download } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useRegisteredModels, type RegisteredModelView } from "./queries";
import { modelHref } from "./repository-format";
import { TenantSelect } from "./tenant-select";
import { VersionFailure, VersionStatusBadge } from "./version-status-badge";

const SEARCH_DELAY_MS = 300;

function ImportButton() {
  return (
    <Button asChild>
      <Link href="/imports/new">
        <Download /> Import from Hugging Face
      </Link>
    </Button>
  );
}

function ModelRow({ model }: { model: RegisteredModelView }) {
  const latest = model.latestVersion;
  return (
    <TableRow data-model={`${model.namespace}/${model.name}`}>
      <TableCell className="max-w-[24rem] whitespace-normal">
        <Link href={modelHref(model.namespace, model.name)} className="font-medium break-words underline-offset-4 hover:underline">
          {model.name}
        </Link>
        {model.description ? <div className="text-xs break-words text-muted-foreground">{model.description}</div> : null}
      </TableCell>
      <TableCell>{latest ? `Version ${latest.version}` : "—"}</TableCell>
      <TableCell className="max-w-[24rem] whitespace-normal">
        {latest ? (
          <div className="grid gap-1">
            <VersionStatusBadge status={latest.status} message={latest.statusMessage} />
            <VersionFailure status={latest.status} message={latest.statusMessage} />
          </div>
        ) : (
          <span className="text-muted-foreground">No versions</span>
        )}
      </TableCell>
      <TableCell>
        <RelativeTime timestamp={latest?.updatedAt ?? model.updatedAt} />
      </TableCell>
    </TableRow>
  );
}

function EmptyRepository({ namespace, searched, canImport }: { namespace: string; searched: boolean; canImport: boolean }) {
  if (searched) return <p className="text-muted-foreground">No model name matches the search.</p>;
  return (
    <div className="rounded-md border border-dashed p-10 text-center text-muted-foreground">
      <p className="font-medium text-foreground">No models in the repository of {namespace} yet</p>
      {canImport ? (
        <p className="mt-1">
          <Link href="/imports/new" className="underline underline-offset-4">
            Import a model from Hugging Face
          </Link>{" "}
          to keep its files here, then deploy it from its page.
        </p>
      ) : (
        <p className="mt-1">A member of the tenant can import a model from Hugging Face.</p>
      )}
    </div>
  );
}

export function RepositoryPageClient({
  namespaces,
  initialNamespace,
  importable,
}: {
  namespaces: string[];
  initialNamespace: string;
  /** Tenants the caller may import into. */
  importable: string[];
}) {
  const [namespace, setNamespace] = useState(initialNamespace);
  const [search, setSearch] = useState("");
  const settledSearch = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const list = useRegisteredModels(namespace, settledSearch);
  const chooseNamespace = (next: string) => {
    setNamespace(next);
    // The address names the tenant, so Back from a model's page and a reload show the same list.
    window.history.replaceState(null, "", `/repository?namespace=${encodeURIComponent(next)}`);
  };

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Model repository</h1>
        <Input
          type="search"
          aria-label="Search models"
          placeholder="Search by name"
          className="w-full sm:w-64"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <TenantSelect namespaces={namespaces} value={namespace} onChange={chooseNamespace} />
        {importable.length > 0 ? <ImportButton /> : null}
      </div>
      {list.isPending ? (
        <div className="grid gap-2">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-10" />
          ))}
        </div>
      ) : list.isError ? (
        <p role="alert" className="text-destructive">
          Could not load the repository: {list.error.message}
        </p>
      ) : list.items.length === 0 ? (
        <EmptyRepository namespace={namespace} searched={settledSearch !== ""} canImport={importable.includes(namespace)} />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead>Latest version</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.items.map((model) => (
                <ModelRow key={model.name} model={model} />
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
      )}
    </div>
  );
}
