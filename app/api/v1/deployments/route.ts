import { apiHandler } from "@/lib/http/handler";
import { createDeployment, listDeployments } from "@/lib/services/deployments";

export const GET = apiHandler("/api/v1/deployments", async ({ caller, query }) => ({
  body: await listDeployments(caller, query),
}));

export const POST = apiHandler("/api/v1/deployments", async ({ caller, json, query }) => ({
  status: 201,
  body: await createDeployment(caller, await json(), query),
}));
