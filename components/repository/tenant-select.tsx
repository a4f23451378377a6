"use client";
// The tenant picker of the repository and import pages: shown only when the caller has more than one tenant.
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export const ALL_TENANTS = "__all__";

export function TenantSelect({
  namespaces,
  value,
  onChange,
  allowAll = false,
}: {
  namespaces: string[];
  value: string;
  onChange: (namespace: string) => void;
  /** Offers "All tenants" (value ALL_TENANTS) where the API can answer for every tenant at once. */
  allowAll?: boolean;
}) {
  if (namespaces.length < 2) return null;
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger aria-label="Tenant" className="w-44">
        <SelectValue placeholder="Choose a tenant" />
      </SelectTrigger>
      <SelectContent>
        {allowAll ? <SelectItem value={ALL_TENANTS}>All tenants</SelectItem> : null}
        {namespaces.map((name) => (
          <SelectItem key={name} value={name}>
            {name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
