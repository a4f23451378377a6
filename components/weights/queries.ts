"use client";
// Query keys and one hook per weights-cache operation; deleting invalidates the cache's lists and the repository
// (the version that pointed at the deleted files is marked failed).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { DeletedWeights, WeightsList, WeightsUsage } from "@/lib/schemas/weights";
import { repositoryKeys } from "@/components/repository/queries";

export const weightsKeys = {
  all: ["weights"] as const,
  list: () => [...weightsKeys.all, "list"] as const,
  usage: () => [...weightsKeys.all, "usage"] as const,
};

// A running import grows its directory; the page follows it without a reload.
const REFRESH_MS = 10_000;

export function useWeights() {
  return useQuery({
    queryKey: weightsKeys.list(),
    queryFn: ({ signal }) => apiFetch<WeightsList>("/api/v1/weights", { signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** The volume's usage: ask only when the weights are on a PVC (with S3 there is no volume to measure, and it is a 409). */
export function useWeightsUsage() {
  return useQuery({
    queryKey: weightsKeys.usage(),
    queryFn: ({ signal }) => apiFetch<WeightsUsage>("/api/v1/weights/usage", { signal }),
    refetchInterval: REFRESH_MS,
  });
}

export function useDeleteWeights(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ force }: { force: boolean }) =>
      apiFetch<DeletedWeights>(`/api/v1/weights/${encodeURIComponent(name)}?force=${force}`, { method: "DELETE" }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: repositoryKeys.all });
      return client.invalidateQueries({ queryKey: weightsKeys.all });
    },
  });
}
