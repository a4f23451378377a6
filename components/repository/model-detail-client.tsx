"use client";
// A registered model's page: every version newest first, each deployable once READY; pending versions are polled
// until they settle. Deleting the model takes the person back to the repository.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { NotFoundMessage } from "@/components/layout/not-found-message";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/client/api-client";
import { DeleteFromRepositoryDialog } from "./delete-from-repository-dialog";
import { useRegisteredModel, type RegisteredModelDetail } from "./queries";
import { VersionCard } from "./version-card";

export function ModelDetailClient({ initial, canManage }: { initial: RegisteredModelDetail; canManage: boolean }) {
  const router = useRouter();
  const { namespace, name } = initial;
  const model = useRegisteredModel(namespace, name, { initial });
  const repositoryHref = `/repository?namespace=${encodeURIComponent(namespace)}`;
  // Deleted while the page was open (here or elsewhere).
  if (model.error instanceof ApiError && model.error.status === 404)
    return <NotFoundMessage what="Registered model" backHref={repositoryHref} backLabel="Back to the repository" />;
  const { versions, description } = model.data ?? initial;
  return (
    <div className="grid grid-cols-1 gap-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href={repositoryHref} className="underline-offset-4 hover:underline">
          Repository
        </Link>{" "}
        / {namespace}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold break-all">{name}</h1>
        {canManage ? (
          <DeleteFromRepositoryDialog
            namespace={namespace}
            name={name}
            onDeleted={() => router.push(repositoryHref)}
            trigger={<Button variant="destructive">Delete model</Button>}
          />
        ) : null}
      </div>
      {description ? <p className="text-muted-foreground">{description}</p> : null}
      {model.isError ? (
        <p role="alert" className="text-destructive">
          Could not refresh the model: {model.error.message}
        </p>
      ) : null}
      {versions.length === 0 ? (
        <p className="text-muted-foreground">This model has no versions left.</p>
      ) : (
        <section aria-label="Versions" className="grid gap-3">
          {versions.map((version) => (
            <VersionCard key={version.version} version={version} canManage={canManage} />
          ))}
        </section>
      )}
    </div>
  );
}
