import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function RegisteredModelNotFound() {
  return <NotFoundMessage what="Registered model" backHref="/repository" backLabel="Back to the repository" />;
}
