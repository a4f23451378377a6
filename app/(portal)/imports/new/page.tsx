import Link from "next/link";
import { ImportForm } from "@/components/repository/import-form";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames } from "@/lib/services/tenants";

/**
 * The Model Downloader: imports a Hugging Face model into a tenant's repository; deploying it is a separate step.
 * `?repo=<org>/<name>` (from a model's page on the Hub) fills in the model.
 */
export default async function NewImportPage({ searchParams }: { searchParams: Promise<{ repo?: string | string[] }> }) {
  const caller = await requirePageCaller();
  const { repo } = await searchParams;
  const namespaces = await manageableTenantNames(caller);
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">Import from Hugging Face</h1>
        <p className="text-muted-foreground">
          Downloads the model&apos;s files into the{" "}
          <Link href="/repository" className="underline underline-offset-4">
            repository
          </Link>{" "}
          as a new version. Once it is ready, deploy it from there.
        </p>
      </div>
      {namespaces.length === 0 ? (
        <p className="text-muted-foreground">
          You can only read the repository: no tenant lets you import into it. Ask an admin for the member role.
        </p>
      ) : (
        <ImportForm namespaces={namespaces} initialRepo={typeof repo === "string" ? repo.trim().slice(0, 200) : ""} />
      )}
    </div>
  );
}
