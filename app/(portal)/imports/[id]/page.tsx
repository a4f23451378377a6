import Link from "next/link";
import { notFound } from "next/navigation";
import { JobProgress } from "@/components/repository/job-progress";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { isAppError } from "@/lib/errors";
import { getJobView } from "@/lib/services/jobs";

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!JOB_ID.test(id)) notFound();
  const caller = await requirePageCaller();
  const job = await getJobView(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="mx-auto grid max-w-3xl gap-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/imports" className="underline-offset-4 hover:underline">
          Imports
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold">Import</h1>
      <JobProgress id={job.id} initial={job} canManage={canManageModels(caller, job.namespace)} />
    </div>
  );
}
