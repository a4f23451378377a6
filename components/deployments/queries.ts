"use client";
// Query keys and one hook per deployment operation; mutations invalidate by key.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiFetch } from "@/lib/client/api-client";
import { mergeWatchChange } from "@/lib/client/merge-watch-event";
import type {
  AnyDeploymentPatch,
  AnyValidDeployment,
  Deployment,
  DeploymentDetail,
  DeploymentInput,
  DeploymentList,
} from "@/lib/schemas/deployment";
import type { DeploymentHistory } from "@/lib/schemas/history";
import { FINAL_WATCH_END_REASONS, WATCH_EVENTS, type DeploymentChange, type WatchEnd } from "@/lib/schemas/deployment-watch";

export const deploymentKeys = {
  all: ["deployments"] as const,
  lists: () => [...deploymentKeys.all, "list"] as const,
  list: (namespace: string | undefined) => [...deploymentKeys.lists(), { namespace: namespace ?? null }] as const,
  details: () => [...deploymentKeys.all, "detail"] as const,
  detail: (namespace: string, name: string) => [...deploymentKeys.details(), namespace, name] as const,
  /** Under the detail's key: whatever refreshes the deployment (its watch, an edit, stop or start) refreshes it too. */
  history: (namespace: string, name: string) => [...deploymentKeys.detail(namespace, name), "history"] as const,
};

const HISTORY_POLL_MS = 10_000;

const PAGE_SIZE = 250;
const base = (namespace: string, name: string) => `/api/v1/deployments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

/** Every deployment, fetched page by page (the table is virtualised, so 1,000 rows stay cheap). */
export function useDeploymentList(namespace: string | undefined) {
  const query = useInfiniteQuery({
    queryKey: deploymentKeys.list(namespace),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (namespace) params.set("namespace", namespace);
      if (pageParam) params.set("continue", pageParam);
      return apiFetch<DeploymentList>(`/api/v1/deployments?${params}`);
    },
    getNextPageParam: (last) => last.continue,
  });
  const { hasNextPage, isFetching, fetchNextPage } = query;
  // The next page only once nothing else is in flight: a refetch (the watch's `ready` invalidates the list) racing a
  // page fetch could cancel it and leave the list stopped short, with no state change to resume it.
  useEffect(() => {
    if (hasNextPage && !isFetching) void fetchNextPage({ cancelRefetch: false });
  }, [hasNextPage, isFetching, fetchNextPage]);
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** Live updates over server-sent events, merged into the cached list and detail without a reload. */
export function useDeploymentWatch(namespace: string | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    const params = namespace ? `?namespace=${encodeURIComponent(namespace)}` : "";
    const source = new EventSource(`/api/v1/deployments/watch${params}`);
    source.addEventListener(WATCH_EVENTS.ready, () => void client.invalidateQueries({ queryKey: deploymentKeys.list(namespace) }));
    // EventSource reconnects by itself, which is right after a resync or a shutdown; not after a revoke or an expiry.
    source.addEventListener(WATCH_EVENTS.closed, (message) => {
      const end = JSON.parse((message as MessageEvent<string>).data) as WatchEnd;
      if (FINAL_WATCH_END_REASONS.includes(end.reason)) source.close();
    });
    source.addEventListener(WATCH_EVENTS.change, (message) => {
      const change = JSON.parse((message as MessageEvent<string>).data) as DeploymentChange;
      const key = deploymentKeys.list(namespace);
      const data = client.getQueryData<InfiniteData<DeploymentList, string | undefined>>(key);
      const settled = client.getQueryState(key)?.fetchStatus === "idle" && !data?.pages.at(-1)?.continue;
      // Merge only into a complete, settled list; while pages are still loading, a refetch is the safe answer.
      if (!data || !settled) void client.invalidateQueries({ queryKey: key });
      else {
        const items = mergeWatchChange(
          data.pages.flatMap((page) => page.items),
          change,
        );
        client.setQueryData(key, { pages: [{ items }], pageParams: [data.pageParams[0]] });
      }
      const { namespace: ns, name } = change.deployment;
      if (change.type === "DELETED") client.removeQueries({ queryKey: deploymentKeys.detail(ns, name) });
      else void client.invalidateQueries({ queryKey: deploymentKeys.detail(ns, name) });
    });
    return () => source.close();
  }, [client, namespace]);
}

export function useDeployment(namespace: string, name: string, initial?: DeploymentDetail) {
  return useQuery({
    queryKey: deploymentKeys.detail(namespace, name),
    queryFn: () => apiFetch<DeploymentDetail>(base(namespace, name)),
    initialData: initial,
  });
}

/** The deployment's timeline, newest first; polled as well, for the cluster's events change no object the watch sees. */
export function useDeploymentHistory(namespace: string, name: string) {
  return useQuery({
    queryKey: deploymentKeys.history(namespace, name),
    queryFn: () => apiFetch<DeploymentHistory>(`${base(namespace, name)}/history`),
    refetchInterval: HISTORY_POLL_MS,
  });
}

export function useCreateDeployment() {
  const client = useQueryClient();
  return useMutation({
    // A form sends what its schema made of the input (defaults applied); the API parses that again to the same result.
    mutationFn: (input: DeploymentInput | AnyValidDeployment) =>
      apiFetch<Deployment>("/api/v1/deployments", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: deploymentKeys.lists() }),
  });
}

export function useUpdateDeployment(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: AnyDeploymentPatch) => apiFetch<Deployment>(base(namespace, name), { method: "PATCH", body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: deploymentKeys.all }),
  });
}

/** A create the API server checks as for real (POST ?dryRun=All) without storing it: the object it would make. */
export function usePreviewCreate() {
  return useMutation({
    mutationFn: (input: DeploymentInput | AnyValidDeployment) =>
      apiFetch<Deployment>("/api/v1/deployments?dryRun=All", { method: "POST", body: input }),
  });
}

/** An edit the API server checks as for real (PATCH ?dryRun=All) without storing it: what would change. */
export function usePreviewUpdate(namespace: string, name: string) {
  return useMutation({
    mutationFn: (patch: AnyDeploymentPatch) =>
      apiFetch<Deployment>(`${base(namespace, name)}?dryRun=All`, { method: "PATCH", body: patch }),
  });
}

/** Stop or start without deleting; the detail and every list show the new status at once. */
export function useDeploymentPower(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: "stop" | "start") => apiFetch<Deployment>(`${base(namespace, name)}/${action}`, { method: "POST" }),
    onSuccess: (deployment) => {
      client.setQueryData<DeploymentDetail>(deploymentKeys.detail(namespace, name), (cached) =>
        cached ? { ...cached, ...deployment, events: cached.events } : cached,
      );
      return client.invalidateQueries({ queryKey: deploymentKeys.all });
    },
  });
}

export function useDeleteDeployment(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ deleted: true }>(base(namespace, name), { method: "DELETE" }),
    onSuccess: () => {
      client.removeQueries({ queryKey: deploymentKeys.detail(namespace, name) });
      return client.invalidateQueries({ queryKey: deploymentKeys.lists() });
    },
  });
}
