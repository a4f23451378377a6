"use client";
// Tenants the caller may see; admins create and delete them; managers handle their service accounts.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/sonner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/api-client";
import { useCreateTenant, useDeleteTenant, useTenants } from "./queries";
import { ServiceAccountsCard } from "./service-accounts-card";

function CreateTenantForm() {
  const create = useCreateTenant();
  const [name, setName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await create.mutateAsync({ name, displayName: displayName || undefined });
      toast.success(`Tenant ${name} created`);
      setName("");
      setDisplayName("");
      setError(undefined);
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure.fields.find((problem) => problem.field === "name")?.message ?? failure.message);
      toast.error(failure instanceof Error ? failure.message : "Could not create the tenant");
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
      <FormField label="Tenant name (namespace)" htmlFor="tenant-name" error={error}>
        <Input id="tenant-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="team-vision" className="w-56" />
      </FormField>
      <FormField label="Display name" htmlFor="tenant-display-name">
        <Input id="tenant-display-name" value={displayName} onChange={(event) => setDisplayName(event.target.value)} className="w-56" />
      </FormField>
      <Button type="submit" disabled={create.isPending}>Create tenant</Button>
    </form>
  );
}

export function TenantsPageClient({ isAdmin, manageable }: { isAdmin: boolean; manageable: string[] }) {
  const tenants = useTenants();
  const remove = useDeleteTenant();
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold">Tenants</h1>
      <Card>
        <CardHeader><CardTitle className="text-base">{isAdmin ? "All tenants" : "Your tenants"}</CardTitle></CardHeader>
        <CardContent className="grid gap-4">
          {isAdmin ? <CreateTenantForm /> : null}
          {tenants.isError ? <p role="alert" className="text-destructive">{tenants.error.message}</p> : null}
          <Table>
            <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Display name</TableHead><TableHead>Your role</TableHead><TableHead>Created by</TableHead><TableHead /></TableRow></TableHeader>
            <TableBody>
              {(tenants.data?.items ?? []).map((tenant) => (
                <TableRow key={tenant.name}>
                  <TableCell className="font-medium">{tenant.name}</TableCell>
                  <TableCell>{tenant.displayName}</TableCell>
                  <TableCell>{tenant.role}</TableCell>
                  <TableCell>{tenant.createdBy}</TableCell>
                  <TableCell className="text-right">
                    {isAdmin ? (
                      <Button size="sm" variant="outline" onClick={() => {
                        if (window.confirm(`Delete tenant ${tenant.name}? Its service accounts are revoked; its namespace and deployments stay in the cluster.`)) {
                          remove.mutate(tenant.name, { onSuccess: () => toast.success(`Tenant ${tenant.name} deleted`), onError: (error) => toast.error(error.message) });
                        }
                      }}>Delete</Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {manageable.map((tenant) => <ServiceAccountsCard key={tenant} tenant={tenant} />)}
    </div>
  );
}
