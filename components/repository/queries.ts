"use client";
// Query keys and one hook per repository and job operation; mutations invalidate by key. What is still moving
// (a pending version, a queued or running job) is polled until it settles.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "@/lib/client/api-client";
import type {
  ImportInput,
  JOB_STATES,
  JobView,
  ModelVersionView,
  modelVersionDetailSchema,
  registeredModelDetailSchema,
  registeredModelListSchema,
  registeredModelSchema,
} from "@/lib/schemas/repository";
import { isJobActive } from "./repository-format";

export type RegisteredModelView = z.infer<typeof registeredModelSchema>;
export type RegisteredModelDetail = z.infer<typeof registeredModelDetailSchema>;
export type ModelVersionDetail = z.infer<typeof modelVersionDetailSchema>;
type RegisteredModelPage = z.infer<typeof registeredModelListSchema>;
export type JobState = (typeof JOB_STATES)[number];

export const repositoryKeys = {
  all: ["repository"] as const,
  lists: () => [...repositoryKeys.all, "list"] as const,
  list: (namespace: string, search: string, pageSize: number) => [...repositoryKeys.lists(), { namespace, search, pageSize }] as const,
  details: () => [...repositoryKeys.all, "detail"] as const,
  detail: (namespace: string, name: string) => [...repositoryKeys.details(), namespace, name] as const,
  version: (namespace: string, name: string, version: string) => [...repositoryKeys.detail(namespace, name), "version", version] as const,
};

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (namespace: string | undefined) => [...jobKeys.lists(), { namespace: namespace ?? null }] as const,
  detail: (id: string) => [...jobKeys.all, "detail", id] as const,
};

const PENDING_POLL_MS = 2_000;
const JOB_POLL_MS = 1_000;

const modelPath = (namespace: string, name: string) =>
  `/api/v1/repository/models/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
const jobPath = (id: string) => `/api/v1/jobs/${encodeURIComponent(id)}`;
const isPending = (version: ModelVersionView | null) => version?.status === "PENDING_REGISTRATION";

/** A tenant's registered models page by page (`cursor`), searched by name; polled while a latest version is pending. */
export function useRegisteredModels(namespace: string, search: string, pageSize = 50) {
  const query = useInfiniteQuery({
    queryKey: repositoryKeys.list(namespace, search, pageSize),
    enabled: namespace !== "",
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ namespace, limit: String(pageSize) });
      if (search) params.set("search", search);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<RegisteredModelPage>(`/api/v1/repository/models?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (current) =>
      current.state.data?.pages.some((page) => page.items.some((model) => isPending(model.latestVersion))) ? PENDING_POLL_MS : false,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** One model with every version, newest first; polled while a version is still being imported. */
export function useRegisteredModel(namespace: string, name: string, options: { initial?: RegisteredModelDetail; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: repositoryKeys.detail(namespace, name),
    queryFn: ({ signal }) => apiFetch<RegisteredModelDetail>(modelPath(namespace, name), { signal }),
    initialData: options.initial,
    enabled: options.enabled ?? true,
    refetchInterval: (current) => (current.state.data?.versions.some(isPending) ? PENDING_POLL_MS : false),
  });
}

/** One version with its stored files, asked for only when a version is opened. */
export function useModelVersion(namespace: string, name: string, version: string, enabled: boolean) {
  return useQuery({
    queryKey: repositoryKeys.version(namespace, name, version),
    queryFn: ({ signal }) =>
      apiFetch<ModelVersionDetail>(`${modelPath(namespace, name)}/versions/${encodeURIComponent(version)}`, { signal }),
    enabled,
  });
}

export interface DeleteChoice {
  deleteArtifacts: boolean;
  force: boolean;
}

const deleteQuery = ({ deleteArtifacts, force }: DeleteChoice) => `?deleteArtifacts=${deleteArtifacts}&force=${force}`;

/** Deletes the whole model, or one version of it when `version` is given. */
export function useDeleteFromRepository(namespace: string, name: string, version?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (choice: DeleteChoice) =>
      apiFetch<{ message: string }>(
        `${modelPath(namespace, name)}${version === undefined ? "" : `/versions/${encodeURIComponent(version)}`}${deleteQuery(choice)}`,
        { method: "DELETE" },
      ),
    onSuccess: () => {
      if (version === undefined) client.removeQueries({ queryKey: repositoryKeys.detail(namespace, name) });
      return client.invalidateQueries({ queryKey: repositoryKeys.all });
    },
  });
}

/** Jobs newest first, of one tenant or of every tenant the caller sees; polled while one is queued or running. */
export function useJobs(namespace: string | undefined) {
  return useQuery({
    queryKey: jobKeys.list(namespace),
    queryFn: ({ signal }) => {
      const params = namespace ? `?namespace=${encodeURIComponent(namespace)}` : "";
      return apiFetch<{ items: JobView[] }>(`/api/v1/jobs${params}`, { signal });
    },
    refetchInterval: (current) => (current.state.data?.items.some(isJobActive) ? PENDING_POLL_MS : false),
  });
}

/** One job, every second while it is queued or running. */
export function useJob(id: string, initial?: JobView) {
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<JobView>(jobPath(id), { signal }),
    initialData: initial,
    refetchInterval: (current) => (current.state.data && !isJobActive(current.state.data) ? false : JOB_POLL_MS),
  });
}

export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportInput) => apiFetch<JobView>("/api/v1/imports", { method: "POST", body }),
    onSuccess: (job) => {
      client.setQueryData(jobKeys.detail(job.id), job);
      // The new version is listed (pending) from the start.
      void client.invalidateQueries({ queryKey: repositoryKeys.all });
      return client.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}

/** Cancel or retry: the answer is the job as it now is. */
export function useJobAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: "cancel" | "retry") => apiFetch<JobView>(`${jobPath(id)}/${action}`, { method: "POST" }),
    onSuccess: (job) => {
      client.setQueryData(jobKeys.detail(id), job);
      void client.invalidateQueries({ queryKey: repositoryKeys.all });
      return client.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
