"use client";
// Query keys and hooks for tenants: their service accounts, members, quota and recent audit entries.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-client";
import type { AuditEvent } from "@/lib/schemas/audit";
import type { TenantQuota, TenantQuotaInput } from "@/lib/schemas/quota";
import type { ResourceProfileInfo } from "@/lib/schemas/resource-profile";
import type { ServiceAccount, ServiceAccountInput, Tenant, TenantMembers } from "@/lib/schemas/tenant";

export const tenantKeys = {
  all: ["tenants"] as const,
  list: () => [...tenantKeys.all, "list"] as const,
  /** Everything of one tenant: a quota change refreshes its use, its members and its audit entries together. */
  tenant: (tenant: string) => [...tenantKeys.all, tenant] as const,
  serviceAccounts: (tenant: string) => [...tenantKeys.tenant(tenant), "service-accounts"] as const,
  members: (tenant: string) => [...tenantKeys.tenant(tenant), "members"] as const,
  quota: (tenant: string) => [...tenantKeys.tenant(tenant), "quota"] as const,
  audit: (tenant: string, limit: number) => [...tenantKeys.tenant(tenant), "audit", limit] as const,
};

const tenantPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}`;
const accountsPath = (tenant: string) => `${tenantPath(tenant)}/service-accounts`;

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

export function useTenantMembers(tenant: string) {
  return useQuery({ queryKey: tenantKeys.members(tenant), queryFn: () => apiFetch<TenantMembers>(`${tenantPath(tenant)}/members`) });
}

/** The tenant's limits and their use; nothing asked while no tenant is chosen. Others' tenants answer 404. */
export function useTenantQuota(tenant: string) {
  return useQuery({
    queryKey: tenantKeys.quota(tenant),
    queryFn: () => apiFetch<TenantQuota>(`${tenantPath(tenant)}/quota`),
    enabled: tenant !== "",
  });
}

export function useSetTenantQuota(tenant: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TenantQuotaInput) => apiFetch<TenantQuota>(`${tenantPath(tenant)}/quota`, { method: "PUT", body: input }),
    onSuccess: (quota) => {
      client.setQueryData(tenantKeys.quota(tenant), quota);
      return client.invalidateQueries({ queryKey: tenantKeys.tenant(tenant) });
    },
  });
}

export function useRemoveTenantQuota(tenant: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<TenantQuota>(`${tenantPath(tenant)}/quota`, { method: "DELETE" }),
    onSuccess: (quota) => {
      client.setQueryData(tenantKeys.quota(tenant), quota);
      return client.invalidateQueries({ queryKey: tenantKeys.tenant(tenant) });
    },
  });
}

/** The tenant's latest audit entries, newest first (admins). */
export function useTenantAudit(tenant: string, limit: number) {
  return useQuery({
    queryKey: tenantKeys.audit(tenant, limit),
    queryFn: () => apiFetch<{ items: AuditEvent[] }>(`/api/v1/audit?${new URLSearchParams({ tenant, limit: String(limit) })}`),
  });
}

/** The cluster's resource profiles with what one unit requests: the quota note counts GPUs from them. */
export function useResourceProfileInfo(enabled: boolean) {
  return useQuery({
    queryKey: ["resource-profiles"] as const,
    queryFn: () => apiFetch<{ items: ResourceProfileInfo[] }>("/api/v1/resource-profiles"),
    enabled,
    staleTime: 5 * 60_000,
  });
}
