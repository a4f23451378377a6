import { apiHandler } from "@/lib/http/handler";
import { listResourceProfiles } from "@/lib/services/resource-profiles";

export const GET = apiHandler("/api/v1/resource-profiles", async () => ({ body: await listResourceProfiles() }));
