import Link from "next/link";
import { CreateDeploymentForm } from "@/components/deployments/create-deployment-form";
import { parseRepositoryRef } from "@/components/repository/repository-format";
import type { RepositorySelection } from "@/components/repository/repository-url-source";
import type { Caller } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { presetFormDefaults } from "@/lib/client/preset-form";
import { isAppError } from "@/lib/errors";
import { getPreset } from "@/lib/services/presets";
import { deployableVersion } from "@/lib/services/repository";
import { knownResourceProfiles } from "@/lib/services/resource-profiles";
import { manageableTenantNames } from "@/lib/services/tenants";

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `?repository=<namespace>/<model>/<version>` (Deploy Model): that version, if the caller may deploy it. */
async function repositoryStart(caller: Caller, asked: string): Promise<{ choice?: RepositorySelection; problem?: string }> {
  const ref = parseRepositoryRef(asked);
  if (!ref) return { problem: `"${asked}" does not name a repository version (<tenant>/<model>/<version>).` };
  const found = await deployableVersion(caller, ref.namespace, ref.name, ref.version);
  return "problem" in found ? found : { choice: { namespace: ref.namespace, model: ref.name, version: ref.version, url: found.url } };
}

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
  const repositoryRef = one(query.repository);
  const repository = repositoryRef && !presetId ? await repositoryStart(caller, repositoryRef) : undefined;
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
      ) : repository?.choice ? (
        <p data-testid="prefilled-from-repository" className="text-muted-foreground">
          Deploying version {repository.choice.version} of <strong className="text-foreground">{repository.choice.model}</strong> from the
          repository. Choose the hardware, then create it.
        </p>
      ) : repository?.problem ? (
        <p role="status" className="text-muted-foreground">
          {repository.problem} Pick a version From Repository below, or go back to the{" "}
          <Link href="/repository" className="underline underline-offset-4">
            repository
          </Link>
          .
        </p>
      ) : null}
      {namespaces.length === 0 ? (
        <p className="text-muted-foreground">
          You can only read deployments: no tenant lets you create them. Ask an admin for the member role.
        </p>
      ) : (
        <CreateDeploymentForm namespaces={namespaces} profiles={profiles} prefill={prefill} repository={repository?.choice} />
      )}
    </div>
  );
}
