import { notFound } from "next/navigation";
import { ModelDetailClient } from "@/components/repository/model-detail-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { isAppError } from "@/lib/errors";
import { getRegisteredModel } from "@/lib/services/repository";

export default async function RegisteredModelPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const caller = await requirePageCaller();
  // Read here so a missing model (or one in a tenant the caller cannot see) is a real 404 page.
  const model = await getRegisteredModel(caller, namespace, name).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid")) notFound();
    throw error;
  });
  return <ModelDetailClient initial={model} canManage={canManageModels(caller, namespace)} />;
}
