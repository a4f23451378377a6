"use client";
// Query keys and hooks for tenants and their service accounts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { ServiceAccount, ServiceAccountInput, Tenant } from "@/lib/schemas/tenant";

export const tenantKeys = {
  all: ["tenants"] as const,
  list: () => [...tenantKeys.all, "list"] as const,
  serviceAccounts: (tenant: string) => [...tenantKeys.all, tenant, "service-accounts"] as const,
};

const accountsPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/service-accounts`;

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.list(), queryFn: () => apiFetch<{ items: Tenant[] }>("/api/v1/tenants") });
}

export function useCreateTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; displayName?: string }) => apiFetch<Tenant>("/api/v1/tenants", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}

export function useDeleteTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch(`/api/v1/tenants/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}

export function useServiceAccounts(tenant: string) {
  return useQuery({
    queryKey: tenantKeys.serviceAccounts(tenant),
    queryFn: () => apiFetch<{ items: ServiceAccount[] }>(accountsPath(tenant)),
  });
}

export function useCreateServiceAccount(tenant: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ServiceAccountInput) =>
      apiFetch<ServiceAccount & { token: string }>(accountsPath(tenant), { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tenantKeys.serviceAccounts(tenant) }),
  });
}

export function useRevokeServiceAccount(tenant: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<ServiceAccount>(`${accountsPath(tenant)}/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: tenantKeys.serviceAccounts(tenant) }),
  });
}
