"use client";
// Tenants the caller may see, each linking to its page; admins create and delete them; managers handle their service
// accounts.
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/sonner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { issuesAsProblems, placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { tenantInputSchema } from "@/lib/schemas/tenant";
import { useCreateTenant, useDeleteTenant, useTenants } from "./queries";
import { ServiceAccountsCard } from "./service-accounts-card";

const TENANT_FIELDS = ["name", "displayName"] as const;

function CreateTenantForm() {
  const create = useCreateTenant();
  const [name, setName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [errors, setErrors] = useState<Partial<Record<(typeof TENANT_FIELDS)[number], string>>>({});
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = tenantInputSchema.safeParse({ name, displayName: displayName || undefined });
    if (!parsed.success) {
      setErrors(placeFieldErrors(issuesAsProblems(parsed.error.issues), TENANT_FIELDS).byField);
      return;
    }
    try {
      await create.mutateAsync(parsed.data);
      toast.success(`Tenant ${name} created`);
      setName("");
      setDisplayName("");
      setErrors({});
    } catch (failure) {
      const { byField, unplaced } = placeFieldErrors(problemsOf(failure), TENANT_FIELDS);
      setErrors(byField);
      if (unplaced.length > 0 || Object.keys(byField).length === 0)
        toast.error(failure instanceof Error ? failure.message : "Could not create the tenant");
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
      <FormField label="Tenant name (namespace)" htmlFor="tenant-name" error={errors.name}>
        <Input
          id="tenant-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="team-vision"
          className="w-full sm:w-56"
        />
      </FormField>
      <FormField label="Display name" htmlFor="tenant-display-name" error={errors.displayName}>
        <Input
          id="tenant-display-name"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          className="w-full sm:w-56"
        />
      </FormField>
      <Button type="submit" disabled={create.isPending}>
        Create tenant
      </Button>
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
        <CardHeader>
          <CardTitle className="text-base">{isAdmin ? "All tenants" : "Your tenants"}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {isAdmin ? <CreateTenantForm /> : null}
          {tenants.isError ? (
            <p role="alert" className="text-destructive">
              {tenants.error.message}
            </p>
          ) : null}
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Display name</TableHead>
                <TableHead>Your role</TableHead>
                <TableHead>Created by</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {(tenants.data?.items ?? []).map((tenant) => (
                <TableRow key={tenant.name}>
                  <TableCell className="font-medium">
                    <Link href={`/tenants/${encodeURIComponent(tenant.name)}`} className="underline-offset-4 hover:underline">
                      {tenant.name}
                    </Link>
                  </TableCell>
                  <TableCell>{tenant.displayName}</TableCell>
                  <TableCell>{tenant.role}</TableCell>
                  <TableCell>{tenant.createdBy}</TableCell>
                  <TableCell className="text-right">
                    {isAdmin ? (
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() => {
                          if (
                            window.confirm(
                              `Delete tenant ${tenant.name}? Its service accounts are revoked; its namespace and deployments stay in the cluster.`,
                            )
                          ) {
                            remove.mutate(tenant.name, {
                              onSuccess: () => toast.success(`Tenant ${tenant.name} deleted`),
                              onError: (error) => toast.error(error.message),
                            });
                          }
                        }}
                      >
                        Delete
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {manageable.map((tenant) => (
        <ServiceAccountsCard key={tenant} tenant={tenant} />
      ))}
    </div>
  );
}
