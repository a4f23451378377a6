import { RepositoryPageClient } from "@/components/repository/repository-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames, visibleTenantNames } from "@/lib/services/tenants";

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `?namespace=<tenant>` chooses the tenant whose repository shows first; the caller's first tenant otherwise. */
export default async function RepositoryPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const caller = await requirePageCaller();
  const [namespaces, importable] = await Promise.all([visibleTenantNames(caller), manageableTenantNames(caller)]);
  if (namespaces.length === 0)
    return (
      <p className="text-muted-foreground">
        You belong to no tenant yet, so there is no repository to show. Ask an admin to add you to one.
      </p>
    );
  const asked = one(query.namespace);
  const initialNamespace = asked && namespaces.includes(asked) ? asked : namespaces[0];
  return <RepositoryPageClient namespaces={namespaces} initialNamespace={initialNamespace} importable={importable} />;
}
