// Sizing routes: whether and where a model fits, and a profile's recommended flags.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import { compatibilityRequestSchema, compatibilitySchema, recommendationsSchema } from "@/lib/schemas/sizing";

const TAG = "Sizing";

export const checkCompatibilityRoute = defineRoute({
  id: "checkCompatibility",
  method: "POST",
  path: "/api/v1/compatibility",
  summary: "Whether a model (its config.json) fits each resource profile, with the numbers, vLLM flags and where it would run now",
  tag: TAG,
  permission: "caller",
  body: compatibilityRequestSchema,
  success: { status: 200, description: "A verdict per profile", schema: compatibilitySchema },
  errors: [400, 401, 404, 413, 422],
});

export const profileRecommendationsRoute = defineRoute({
  id: "profileRecommendations",
  method: "GET",
  path: "/api/v1/recommendations/{profile}",
  summary: "The vLLM flags and notes for a resource profile, whatever the model, with its live capacity",
  tag: TAG,
  permission: "caller",
  params: z.object({ profile: z.string().min(1).max(100) }),
  success: { status: 200, description: "Flags, options and notes", schema: recommendationsSchema },
  errors: [401, 404],
});
