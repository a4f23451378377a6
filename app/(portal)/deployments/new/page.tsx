import { CreateDeploymentForm } from "@/components/deployments/create-deployment-form";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { knownResourceProfiles } from "@/lib/services/resource-profiles";
import { manageableTenantNames } from "@/lib/services/tenants";

export default async function NewDeploymentPage() {
  const caller = await requirePageCaller();
  const namespaces = await manageableTenantNames(caller);
  const profiles = (await knownResourceProfiles()).map((profile) => profile.name);
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <h1 className="text-2xl font-semibold">New deployment</h1>
      {namespaces.length === 0 ? (
        <p className="text-muted-foreground">
          You can only read deployments: no tenant lets you create them. Ask an admin for the member role.
        </p>
      ) : (
        <CreateDeploymentForm namespaces={namespaces} profiles={profiles} />
      )}
    </div>
  );
}
