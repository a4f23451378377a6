import { apiHandler } from "@/lib/http/handler";
import { registerModel } from "@/lib/services/installer";

export const POST = apiHandler("/register_model", async ({ caller, json }) => ({
  status: 201,
  body: await registerModel(caller, await json()),
}));
