"use client";
// A deployment's publication, its keys and the published models list: one hook per operation; mutations refresh what
// they change.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/lib/client/api-client";
import type { ApiKeyView, PublishConfig, PublishedModel } from "@/lib/schemas/publishing";

const base = (namespace: string, name: string) =>
  `/api/v1/deployments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/publish`;

export const publishingKeys = {
  all: ["publishing"] as const,
  list: () => [...publishingKeys.all, "list"] as const,
  one: (namespace: string, name: string) => [...publishingKeys.all, "one", namespace, name] as const,
  keys: (namespace: string, name: string) => [...publishingKeys.all, "keys", namespace, name] as const,
};

/** The publication, or null when the deployment is not published. Usage moves, so it is read again every 5 s. */
export function usePublication(namespace: string, name: string) {
  return useQuery({
    queryKey: publishingKeys.one(namespace, name),
    queryFn: async () => {
      try {
        return await apiFetch<PublishedModel>(base(namespace, name));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    refetchInterval: 5000,
  });
}

export function usePublishedModels() {
  return useQuery({
    queryKey: publishingKeys.list(),
    queryFn: () => apiFetch<{ publishedModels: PublishedModel[]; total: number }>("/api/v1/published-models"),
    refetchInterval: 5000,
  });
}

export function useKeys(namespace: string, name: string, enabled: boolean) {
  return useQuery({
    queryKey: publishingKeys.keys(namespace, name),
    queryFn: () => apiFetch<{ items: ApiKeyView[] }>(`${base(namespace, name)}/keys`),
    enabled,
  });
}

function useRefresh(namespace: string, name: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: publishingKeys.one(namespace, name) });
    void client.invalidateQueries({ queryKey: publishingKeys.keys(namespace, name) });
    void client.invalidateQueries({ queryKey: publishingKeys.list() });
  };
}

export function usePublish(namespace: string, name: string, mode: "publish" | "update") {
  const refresh = useRefresh(namespace, name);
  return useMutation({
    mutationFn: (config: PublishConfig) =>
      apiFetch<PublishedModel>(base(namespace, name), { method: mode === "publish" ? "POST" : "PUT", body: config }),
    onSuccess: refresh,
  });
}

export function useUnpublish(namespace: string, name: string) {
  const refresh = useRefresh(namespace, name);
  return useMutation({ mutationFn: () => apiFetch(base(namespace, name), { method: "DELETE" }), onSuccess: refresh });
}

export function useCreateKey(namespace: string, name: string) {
  const refresh = useRefresh(namespace, name);
  return useMutation({
    mutationFn: (input: { name: string; expiresAt?: string }) =>
      apiFetch<ApiKeyView & { apiKey: string }>(`${base(namespace, name)}/keys`, { method: "POST", body: input }),
    onSuccess: refresh,
  });
}

export function useRevokeKey(namespace: string, name: string) {
  const refresh = useRefresh(namespace, name);
  return useMutation({
    mutationFn: (id: string) => apiFetch<ApiKeyView>(`${base(namespace, name)}/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
}

export function useRotateKey(namespace: string, name: string) {
  const refresh = useRefresh(namespace, name);
  return useMutation({
    mutationFn: (input: { keyId: string; gracePeriodSeconds: number }) =>
      apiFetch<{ newApiKey: string; keyId: string; previousKeyValidUntil: string | null }>(`${base(namespace, name)}/rotate-key`, {
        method: "POST",
        body: input,
      }),
    onSuccess: refresh,
  });
}
