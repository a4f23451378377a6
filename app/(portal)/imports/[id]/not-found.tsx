import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function ImportNotFound() {
  return <NotFoundMessage what="Import" backHref="/imports" backLabel="Back to imports" />;
}
