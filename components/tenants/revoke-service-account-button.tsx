"use client";
// Revoking a service account stops its token at once and cannot be undone, so it asks first.
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/sonner";
import type { ServiceAccount } from "@/lib/schemas/tenant";
import { useRevokeServiceAccount } from "./queries";

export function RevokeServiceAccountButton({ account, onRevoked }: { account: ServiceAccount; onRevoked?: () => void }) {
  const revoke = useRevokeServiceAccount(account.tenant);
  const confirm = () =>
    revoke.mutate(account.id, {
      onSuccess: () => {
        onRevoked?.();
        toast.success(`${account.name} revoked`);
      },
      onError: (error) => toast.error(error.message),
    });
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="outline" disabled={revoke.isPending}>
          Revoke
        </Button>
      }
      title={`Revoke ${account.name}?`}
      description={`Its token (${account.tokenHint}) stops working at once, for every script and CI job that uses it. This cannot be undone: a new service account gets a new token.`}
      confirmLabel="Revoke service account"
      onConfirm={confirm}
    />
  );
}
