import Link from "next/link";
import { PresetsAdminClient } from "@/components/presets/presets-admin-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { listPresets } from "@/lib/services/presets";

export default async function PresetsPage() {
  const caller = await requirePageCaller();
  if (!caller.isAdmin)
    return (
      <p className="text-muted-foreground">
        Presets are managed by administrators. Deploy one from{" "}
        <Link href="/deployments/easy" className="underline underline-offset-4">
          Easy setup
        </Link>
        .
      </p>
    );
  return <PresetsAdminClient initialPresets={(await listPresets(caller)).items} />;
}
