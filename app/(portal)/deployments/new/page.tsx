import Link from "next/link";
import { CreateDeploymentForm } from "@/components/deployments/create-deployment-form";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { presetFormDefaults } from "@/lib/client/preset-form";
import { isAppError } from "@/lib/errors";
import { getPreset } from "@/lib/services/presets";
import { knownResourceProfiles } from "@/lib/services/resource-profiles";
import { manageableTenantNames } from "@/lib/services/tenants";

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `?preset=<id>[&name=…&namespace=…]`: Customize deployment from Easy setup starts from that preset. */
export default async function NewDeploymentPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const caller = await requirePageCaller();
  const namespaces = await manageableTenantNames(caller);
  const profiles = (await knownResourceProfiles()).map((profile) => profile.name);
  const presetId = one(query.preset);
  // A preset that is gone or disabled leaves the form empty, and says so.
  const preset = presetId
    ? await getPreset(caller, presetId).catch((error: unknown) => {
        if (isAppError(error) && (error.code === "not_found" || error.code === "invalid")) return undefined;
        throw error;
      })
    : undefined;
  const prefill = preset ? presetFormDefaults(preset, namespaces, { name: one(query.name), namespace: one(query.namespace) }) : undefined;
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <h1 className="text-2xl font-semibold">New deployment</h1>
      {prefill ? (
        <p data-testid="prefilled-from" className="text-muted-foreground">
          Pre-filled from the preset <strong className="text-foreground">{prefill.presetName}</strong>. Change anything, then create it.
        </p>
      ) : presetId ? (
        <p role="status" className="text-muted-foreground">
          There is no preset {presetId} to start from (it may have been disabled). Choose another on{" "}
          <Link href="/deployments/easy" className="underline underline-offset-4">
            Easy setup
          </Link>
          , or fill in the form.
        </p>
      ) : null}
      {namespaces.length === 0 ? (
        <p className="text-muted-foreground">
          You can only read deployments: no tenant lets you create them. Ask an admin for the member role.
        </p>
      ) : (
        <CreateDeploymentForm namespaces={namespaces} profiles={profiles} prefill={prefill} />
      )}
    </div>
  );
}
