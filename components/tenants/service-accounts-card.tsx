"use client";
// A tenant's service accounts: create one (its token shown once), see when each was last used, revoke (after asking).
// A revoked account is gone from the list: its token can never work again, so there is nothing left to manage.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretOnce } from "@/components/ui/secret-once";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/sonner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { issuesAsProblems, placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { serviceAccountInputSchema, TENANT_ROLES, type TenantRole } from "@/lib/schemas/tenant";
import { RelativeTime } from "@/components/layout/relative-time";
import { useCreateServiceAccount, useServiceAccounts } from "./queries";
import { RevokeServiceAccountButton } from "./revoke-service-account-button";

export function ServiceAccountsCard({ tenant }: { tenant: string }) {
  const accounts = useServiceAccounts(tenant);
  const create = useCreateServiceAccount(tenant);
  const [name, setName] = useState("");
  const [role, setRole] = useState<TenantRole>("member");
  const [nameError, setNameError] = useState<string>();
  const [issued, setIssued] = useState<{ id: string; name: string; token: string }>();
  const active = accounts.data?.items.filter((account) => !account.revokedAt) ?? [];
  // A token revoked (here or in another tab) is useless: stop showing it.
  const issuedRevoked = Boolean(issued && accounts.data?.items.some((account) => account.id === issued.id && account.revokedAt));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = serviceAccountInputSchema.safeParse({ name, role });
    if (!parsed.success) {
      setNameError(placeFieldErrors(issuesAsProblems(parsed.error.issues), ["name"]).byField.name);
      return;
    }
    try {
      const account = await create.mutateAsync(parsed.data);
      setIssued({ id: account.id, name: account.name, token: account.token });
      setName("");
      setNameError(undefined);
    } catch (error) {
      const { byField, unplaced } = placeFieldErrors(problemsOf(error), ["name"]);
      setNameError(byField.name);
      if (unplaced.length > 0 || !byField.name)
        toast.error(error instanceof Error ? error.message : "Could not create the service account");
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Service accounts of {tenant}</CardTitle>
        <CardDescription>Bearer tokens for scripts and CI. A token is shown once; only its hash is stored.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
          <FormField label="Name" htmlFor={`sa-name-${tenant}`} error={nameError}>
            <Input
              id={`sa-name-${tenant}`}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="ci-deployer"
              className="w-full sm:w-56"
            />
          </FormField>
          <FormField label="Role" htmlFor={`sa-role-${tenant}`}>
            <Select value={role} onValueChange={(value) => setRole(value as TenantRole)}>
              <SelectTrigger id={`sa-role-${tenant}`} className="w-36">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {TENANT_ROLES.map((option) => (
                  <SelectItem key={option} value={option}>
                    {option}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <Button type="submit" disabled={create.isPending}>
            Create service account
          </Button>
        </form>
        {issued && !issuedRevoked ? (
          <SecretOnce
            label={
              <>
                Token for <strong>{issued.name}</strong>.
              </>
            }
            secret={issued.token}
            testId="issued-token"
            onDone={() => setIssued(undefined)}
          />
        ) : null}
        {accounts.isError ? (
          <p role="alert" className="text-destructive">
            {accounts.error.message}
          </p>
        ) : null}
        {active.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Token</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {active.map((account) => (
                <TableRow key={account.id}>
                  <TableCell className="font-medium">{account.name}</TableCell>
                  <TableCell>{account.role}</TableCell>
                  <TableCell className="font-mono text-xs">{account.tokenHint}</TableCell>
                  <TableCell>
                    <RelativeTime timestamp={account.createdAt} /> by {account.createdBy}
                  </TableCell>
                  <TableCell>{account.lastUsedAt ? <RelativeTime timestamp={account.lastUsedAt} /> : "never"}</TableCell>
                  <TableCell className="text-right">
                    <RevokeServiceAccountButton
                      account={account}
                      onRevoked={() => {
                        if (issued?.id === account.id) setIssued(undefined);
                      }}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : accounts.isSuccess ? (
          <p className="text-sm text-muted-foreground">No service accounts yet.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
