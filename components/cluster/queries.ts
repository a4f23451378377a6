"use client";
// Query keys and the one read of the Cluster page: GET /api/v1/admin/system, followed every 10 s.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { ClusterView } from "@/lib/schemas/admin";

export const clusterKeys = {
  all: ["cluster"] as const,
  view: () => [...clusterKeys.all, "view"] as const,
};

const REFRESH_MS = 10_000;

export function useClusterView() {
  return useQuery({
    queryKey: clusterKeys.view(),
    queryFn: ({ signal }) => apiFetch<ClusterView>("/api/v1/admin/system", { signal }),
    refetchInterval: REFRESH_MS,
  });
}
