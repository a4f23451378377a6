import Link from "next/link";
import { UsageCharts } from "@/components/publishing/usage-charts";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function PublishedUsagePage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  await requirePageCaller();
  const { namespace, name } = await params;
  return (
    <div className="grid gap-6">
      <div>
        <p className="text-sm text-muted-foreground">
          <Link href="/published" className="hover:underline">
            Published
          </Link>{" "}
          / {namespace}
        </p>
        <h1 className="text-2xl font-semibold">Usage of {name}</h1>
        <p className="text-sm text-muted-foreground">
          The last 14 days (UTC), refreshed every 5 seconds.{" "}
          <Link className="underline" href={`/deployments/${namespace}/${name}`}>
            Deployment and keys
          </Link>
        </p>
      </div>
      <UsageCharts namespace={namespace} name={name} />
    </div>
  );
}
