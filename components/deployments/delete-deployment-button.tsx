"use client";
// Delete a deployment after a confirmation that names the Kubernetes object it removes.
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/sonner";
import { useDeleteDeployment } from "./queries";

export function DeleteDeploymentButton({ namespace, name, kind }: { namespace: string; name: string; kind: string }) {
  const router = useRouter();
  const remove = useDeleteDeployment(namespace, name);
  const confirm = async () => {
    try {
      await remove.mutateAsync();
      toast.success(`Deployment ${name} deleted`);
      router.push("/deployments");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Delete failed");
    }
  };
  return (
    <ConfirmDialog
      trigger={<Button variant="destructive">Delete</Button>}
      title={`Delete ${name}?`}
      description={`This deletes the ${kind} ${namespace}/${name} and stops every replica. It cannot be undone.`}
      confirmLabel="Delete deployment"
      onConfirm={() => void confirm()}
    />
  );
}
