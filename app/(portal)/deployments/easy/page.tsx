import { EasySetupClient } from "@/components/presets/easy-setup-client";
import { callerLabel } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { listPresets } from "@/lib/services/presets";
import { knownResourceProfiles } from "@/lib/services/resource-profiles";
import { manageableTenantNames } from "@/lib/services/tenants";

export default async function EasySetupPage() {
  const caller = await requirePageCaller();
  const [presets, namespaces, profiles] = await Promise.all([listPresets(caller), manageableTenantNames(caller), knownResourceProfiles()]);
  return (
    <EasySetupClient
      initialPresets={presets.items}
      namespaces={namespaces}
      profiles={profiles.map(({ name, accelerator }) => ({ name, accelerator }))}
      owner={callerLabel(caller)}
    />
  );
}
