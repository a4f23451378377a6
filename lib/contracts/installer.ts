// The Model Installer's routes, kept at its own paths with its own bodies for the scripts that call it.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import { deploymentSchema } from "@/lib/schemas/deployment";
import { registerModelSchema } from "@/lib/schemas/installer";

const TAG = "Model Installer";

export const registerModelRoute = defineRoute({
  id: "registerModel",
  method: "POST",
  path: "/register_model",
  summary: "Model Installer: register a model for inference (creates a KubeAI Model)",
  tag: TAG,
  permission: "caller",
  body: registerModelSchema,
  success: {
    status: 201,
    description: "Registered",
    schema: z.object({ message: z.string(), name: z.string(), namespace: z.string(), deployment: deploymentSchema }),
  },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const unregisterModelRoute = defineRoute({
  id: "unregisterModel",
  method: "DELETE",
  path: "/unregister_model/{name}/{namespace}",
  summary: "Model Installer: unregister a model",
  tag: TAG,
  permission: "caller",
  params: z.object({ name: z.string(), namespace: z.string() }),
  success: { status: 200, description: "Unregistered", schema: z.object({ message: z.string(), name: z.string(), namespace: z.string() }) },
  errors: [401, 403, 404],
});
