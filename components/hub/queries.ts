"use client";
// Query keys and one hook per Hub operation: the search page by page, and a preset drafted from a model, asked for on
// a click (a mutation: nothing is saved, and a draft is not kept).
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { HubModelList, HubPresetDraft, HubSort } from "@/lib/schemas/hub";
import { hubModelApiPath } from "./hub-format";

export interface HubSearch {
  search: string;
  /** A pipeline tag, or "" for every task. */
  task: string;
  sort: HubSort;
}

export const hubKeys = {
  all: ["hub"] as const,
  searches: () => [...hubKeys.all, "search"] as const,
  search: (search: HubSearch, pageSize: number) => [...hubKeys.searches(), { ...search, pageSize }] as const,
};

/** Models matching the search, a page at a time (`nextCursor`); the Hub is slow to change, so answers stay a minute. */
export function useHubSearch(search: HubSearch, pageSize = 20) {
  const query = useInfiniteQuery({
    queryKey: hubKeys.search(search, pageSize),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ sort: search.sort, limit: String(pageSize) });
      if (search.search) params.set("search", search.search);
      if (search.task) params.set("task", search.task);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<HubModelList>(`/api/v1/hub/models?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 60_000,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useDraftHubPreset() {
  return useMutation({
    mutationFn: (id: string) => apiFetch<HubPresetDraft>(`${hubModelApiPath(id)}/preset-draft`, { method: "POST" }),
  });
}
