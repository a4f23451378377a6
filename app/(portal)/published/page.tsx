import { PublishedPageClient } from "@/components/publishing/published-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function PublishedPage() {
  await requirePageCaller();
  return <PublishedPageClient />;
}
