import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function DeploymentNotFound() {
  return <NotFoundMessage what="Deployment" />;
}
