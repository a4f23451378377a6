import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function HubModelNotFound() {
  return <NotFoundMessage what="Model on the Hub" backHref="/hub" backLabel="Back to the Hub search" />;
}
