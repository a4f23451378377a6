// The one "not found" wording: the same for a missing deployment, one in a tenant the caller cannot see
// (no existence leak), one deleted while its page was open, and an unknown address.
import Link from "next/link";

export function NotFoundMessage({
  what,
  backHref = "/deployments",
  backLabel = "Back to deployments",
}: {
  what: string;
  backHref?: string;
  backLabel?: string;
}) {
  return (
    <div className="mx-auto grid max-w-xl gap-3 py-16 text-center" data-testid="not-found">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold break-words">{what} not found</h1>
      <p className="text-muted-foreground">It does not exist, or it is in a tenant you cannot see. It may have been deleted.</p>
      <p>
        <Link href={backHref} className="text-sm underline">
          {backLabel}
        </Link>
      </p>
    </div>
  );
}
