"use client";
// The resource-profile picker, shared by the create form and the edit dialog so both offer the same choices; below it,
// what the tenant's quota has left when the form sets a quota note's scope (components/tenants/quota-note).
import { ScopedQuotaNote } from "@/components/tenants/quota-note";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const NONE = "__none__";

export function ResourceProfileSelect({
  id,
  value,
  profiles,
  onChange,
  invalid,
}: {
  id: string;
  value: string | undefined;
  profiles: string[];
  onChange: (value: string | undefined) => void;
  invalid?: boolean;
}) {
  // A Model made with kubectl may name a profile this cluster no longer lists: show it rather than hide it.
  const unknown = value && !profiles.includes(value) ? value : undefined;
  return (
    <>
      <Select value={value || NONE} onValueChange={(next) => onChange(next === NONE ? undefined : next)}>
        <SelectTrigger id={id} className="w-full" aria-invalid={invalid ? true : undefined}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={NONE}>None (cluster default)</SelectItem>
          {profiles.map((name) => (
            <SelectItem key={name} value={name}>
              {name}
            </SelectItem>
          ))}
          {unknown ? <SelectItem value={unknown}>{unknown} (not a known profile)</SelectItem> : null}
        </SelectContent>
      </Select>
      <ScopedQuotaNote id={`${id}-quota`} />
    </>
  );
}
