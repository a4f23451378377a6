"use client";
// The deployments page: filter, tenant picker, and the list — a sortable table, or cards on a phone.
import { Plus } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { nextSort, sortDeployments, type DeploymentSort } from "@/lib/client/deployment-sort";
import { matchesFilter } from "@/lib/client/deployment-summary";
import { useMediaQuery } from "@/lib/client/use-media-query";
import { DeploymentCards } from "./deployment-cards";
import { DeploymentsTable } from "./deployments-table";
import { useDeploymentList, useDeploymentWatch } from "./queries";

const ALL = "__all__";
// Below Tailwind's md breakpoint the table's ten columns would not fit: cards instead.
const PHONE = "(max-width: 767px)";

export function DeploymentsPageClient({ namespaces, canCreate }: { namespaces: string[]; canCreate: boolean }) {
  const [namespace, setNamespace] = useState<string>(ALL);
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<DeploymentSort>({ key: "name", direction: "asc" });
  const isPhone = useMediaQuery(PHONE);
  const selected = namespace === ALL ? undefined : namespace;
  const list = useDeploymentList(selected);
  useDeploymentWatch(selected);
  const items = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return sortDeployments(
      list.items.filter((item) => matchesFilter(item, needle)),
      sort,
    );
  }, [list.items, filter, sort]);

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Deployments</h1>
        <Input
          aria-label="Filter deployments"
          placeholder="Filter by name, URL, engine, status, owner"
          className="w-full sm:w-72"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <Select value={namespace} onValueChange={setNamespace}>
          <SelectTrigger aria-label="Namespace" className="w-44">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All namespaces</SelectItem>
            {namespaces.map((name) => (
              <SelectItem key={name} value={name}>
                {name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {canCreate ? (
          <Button asChild>
            <Link href="/deployments/new">
              <Plus /> New deployment
            </Link>
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <div className="grid gap-2">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-10" />
          ))}
        </div>
      ) : list.isError ? (
        <p role="alert" className="text-destructive">
          Could not load deployments: {list.error.message}
        </p>
      ) : list.items.length === 0 ? (
        <div className="rounded-md border border-dashed p-10 text-center text-muted-foreground">
          <p className="font-medium text-foreground">No deployments yet</p>
          <p className="mt-1">
            {canCreate
              ? "Create one with New deployment, or POST /api/v1/deployments from a script."
              : "Nothing is deployed in your tenants yet."}
          </p>
        </div>
      ) : (
        <>
          {isPhone ? (
            <DeploymentCards items={items} sort={sort} onSortChange={setSort} />
          ) : (
            <DeploymentsTable items={items} sort={sort} onSort={(key) => setSort(nextSort(sort, key))} />
          )}
          <p className="text-sm text-muted-foreground">
            {items.length} of {list.items.length} deployments{list.hasNextPage ? " (loading more…)" : ""}
          </p>
        </>
      )}
    </div>
  );
}
