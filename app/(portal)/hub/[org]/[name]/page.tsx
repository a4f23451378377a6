import { notFound } from "next/navigation";
import { HubModelClient } from "@/components/hub/hub-model-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { isAppError } from "@/lib/errors";
import { hubModelParamsSchema, hubRevisionQuerySchema } from "@/lib/schemas/hub";
import { getHubModel } from "@/lib/services/hub";

export default async function HubModelPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; name: string }>;
  searchParams: Promise<{ revision?: string | string[] }>;
}) {
  const caller = await requirePageCaller();
  const named = hubModelParamsSchema.safeParse(await params);
  const { revision } = await searchParams;
  const at = hubRevisionQuerySchema.safeParse({ revision: typeof revision === "string" ? revision : undefined });
  if (!named.success || !at.success) notFound();
  const repo = `${named.data.org}/${named.data.name}`;
  // Read here so an unknown model is a real 404 page; a rate limit or an unreachable Hub is said on the page.
  const result = await getHubModel(caller, repo, at.data.revision).then(
    (model) => ({ model }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "not_found") notFound();
      if (isAppError(error)) return { problem: error.message };
      throw error;
    },
  );
  if ("problem" in result)
    return (
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold break-all">{repo}</h1>
        <p role="alert" className="text-destructive">
          {result.problem}
        </p>
      </div>
    );
  return <HubModelClient model={result.model} isAdmin={caller.isAdmin} />;
}
