import { HubSearchClient } from "@/components/hub/hub-search-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { hubModelQuerySchema } from "@/lib/schemas/hub";

type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/** The Hub search; the address's search, task and sort (kept there by the page) start it, when they are valid. */
export default async function HubPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageCaller();
  const params = await searchParams;
  const parsed = hubModelQuerySchema.safeParse({ search: one(params.search), task: one(params.task), sort: one(params.sort) });
  const query = parsed.success ? parsed.data : hubModelQuerySchema.parse({});
  return <HubSearchClient initial={{ search: query.search ?? "", task: query.task ?? "", sort: query.sort }} />;
}
