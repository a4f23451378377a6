"use client";
// Query keys and one hook per preset operation; mutations invalidate by key (a preset's fit answers hang under its
// key too, so a changed preset is checked again).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { Preset, PresetPatch } from "@/lib/schemas/preset";
import type { Compatibility } from "@/lib/schemas/sizing";

export const presetKeys = {
  all: ["presets"] as const,
  lists: () => [...presetKeys.all, "list"] as const,
  list: () => [...presetKeys.lists()] as const,
  fits: () => [...presetKeys.all, "fit"] as const,
  fit: (id: string) => [...presetKeys.fits(), id] as const,
};

const presetPath = (id: string) => `/api/v1/presets/${encodeURIComponent(id)}`;

/** The whole catalog the caller may see (members: enabled presets; admins: all); pages filter it in the browser. */
export function usePresets(initial?: Preset[]) {
  return useQuery({
    queryKey: presetKeys.list(),
    queryFn: async () => (await apiFetch<{ items: Preset[] }>("/api/v1/presets")).items,
    initialData: initial,
  });
}

/**
 * Every profile's verdict for one preset, asked once and read per picked profile. `enabled` holds the question back
 * until the card is on screen: a catalog of fifty presets need not cost fifty checks at once.
 */
export function usePresetFit(id: string, enabled: boolean) {
  return useQuery({
    queryKey: presetKeys.fit(id),
    queryFn: () => apiFetch<Compatibility>("/api/v1/compatibility", { method: "POST", body: { preset: id } }),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreatePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<Preset>("/api/v1/presets", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: presetKeys.all }),
  });
}

export function useUpdatePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PresetPatch | Record<string, unknown> }) =>
      apiFetch<Preset>(presetPath(id), { method: "PATCH", body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: presetKeys.all }),
  });
}

export function useDeletePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ deleted: string }>(presetPath(id), { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: presetKeys.all }),
  });
}
