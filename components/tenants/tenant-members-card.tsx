"use client";
// A tenant's people as the identity provider tells them, read-only: roles are given in the provider (groups), not here.
// With Keycloak, which does not tell, the API's note says where to manage them.
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTenantMembers } from "./queries";

const ROLE_VARIANT = { member: "default", viewer: "secondary", admin: "outline" } as const;

export function TenantMembersCard({ tenant }: { tenant: string }) {
  const members = useTenantMembers(tenant);
  const data = members.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Members</CardTitle>
        <CardDescription>
          {data?.source === "embedded-issuer"
            ? "The embedded issuer's development users with a role here, and the administrators (who may act in every tenant)."
            : "Who may use this tenant, as the identity provider says."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {members.isError ? (
          <p role="alert" className="text-destructive">
            {members.error.message}
          </p>
        ) : null}
        {data?.note ? (
          <p data-testid="members-note" className="rounded-md border bg-muted/40 p-3 text-sm break-words">
            {data.note}
          </p>
        ) : null}
        {data && data.items.length > 0 ? (
          <Table aria-label={`Members of ${tenant}`}>
            <TableHeader>
              <TableRow>
                <TableHead>User</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((member) => (
                <TableRow key={member.username} data-testid={`member-${member.username}`}>
                  <TableCell className="font-medium">{member.username}</TableCell>
                  <TableCell>{member.displayName}</TableCell>
                  <TableCell>{member.email ?? "—"}</TableCell>
                  <TableCell>
                    <Badge variant={ROLE_VARIANT[member.role]}>{member.role}</Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
    </Card>
  );
}
