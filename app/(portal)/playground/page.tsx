import { PlaygroundClient } from "@/components/publishing/playground-client";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  await requirePageCaller();
  const { model } = await searchParams;
  return <PlaygroundClient initialModel={model} />;
}
