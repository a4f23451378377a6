import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function TenantNotFound() {
  return <NotFoundMessage what="Tenant" backHref="/tenants" backLabel="Back to tenants" />;
}
