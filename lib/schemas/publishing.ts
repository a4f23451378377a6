// Publishing a deployment: the inference-in-a-box publishing configuration (its field names, as its scripts send
// them), the published model as its answers show it, API keys, rotation and validation.
import { z } from "zod";
import { namespaceSchema, objectNameSchema } from "./deployment";
import { plainText, storableText } from "./text";

const perWindow = (what: string) =>
  z.number().int("Must be a whole number").min(1, "Must be at least 1").max(1_000_000_000, "Must be at most 1000000000").describe(what);

export const rateLimitingSchema = z
  .object({
    requestsPerMinute: perWindow("Requests per minute, per key"),
    requestsPerHour: perWindow("Requests per hour, per key"),
    requestsPerDay: perWindow("Requests per day, per key").nullable(),
    tokensPerHour: perWindow("Tokens (prompt and completion) per hour, per key").nullable(),
    tokensPerDay: perWindow("Tokens per day, per key").nullable(),
    burstLimit: perWindow("The most requests admitted back to back, refilled at the per-minute rate"),
  })
  .meta({ id: "RateLimiting" });
export type RateLimiting = z.infer<typeof rateLimitingSchema>;

/** The seed's own example values: what a publication gets for any limit it does not set. */
export const DEFAULT_RATE_LIMITING: RateLimiting = {
  requestsPerMinute: 100,
  requestsPerHour: 5000,
  requestsPerDay: null,
  tokensPerHour: 100_000,
  tokensPerDay: null,
  burstLimit: 10,
};

export const authenticationSchema = z
  .object({
    requireApiKey: z.boolean().describe("Callers from outside need one of the model's API keys"),
    allowedTenants: z
      .array(namespaceSchema)
      .max(100)
      .describe("Tenants whose users and service accounts may call it with their own tokens"),
  })
  .meta({ id: "PublishAuthentication" });
export type PublishAuthentication = z.infer<typeof authenticationSchema>;

export const MODEL_TYPES = ["openai", "traditional"] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

const hostnameSchema = plainText(253)
  .min(1)
  .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i, "Not a hostname");
const externalPathSchema = plainText(512).regex(
  /^(\/[A-Za-z0-9._~-]+)+$/,
  "Must start with / and hold only path segments of letters, digits and . _ ~ - (e.g. /models/my-model)",
);

/** What a publish or an update may say; every field is optional (defaults on publish, the current value on update). */
export const publishConfigSchema = z
  .object({
    tenantId: namespaceSchema.optional().describe("The tenant (namespace) the deployment is in"),
    modelType: z.enum(MODEL_TYPES).optional().describe("Detected from the deployment (OpenAI's API or a predictor) unless given"),
    externalPath: externalPathSchema.optional().describe("Default: /models/<name> (traditional) or /v1/models/<name> (openai)"),
    publicHostname: hostnameSchema.optional().describe("Default: the host of MODELPORT_PUBLIC_URL"),
    rateLimiting: rateLimitingSchema.partial().strict().optional(),
    authentication: authenticationSchema.partial().strict().optional(),
    metadata: z
      .object({ description: storableText(2000).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: "PublishConfig" });
export type PublishConfig = z.infer<typeof publishConfigSchema>;

/** The inference-in-a-box body: the configuration under `config`. */
export const publishRequestSchema = z.object({ config: publishConfigSchema }).strict().meta({ id: "PublishRequest" });

export const usageSchema = z
  .object({
    totalRequests: z.number().describe("Every request admitted with its keys, failed and abandoned ones included"),
    requestsToday: z.number().describe("Since midnight UTC"),
    tokensUsed: z.number().describe("Prompt and completion tokens, estimated ones included"),
    lastAccessTime: z.string().nullable(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    estimatedTokens: z.number().describe("Counted from what was sent, for streams abandoned before the server reported usage"),
    refused: z.number().describe("Requests refused by the rate limits"),
    errors: z.number().describe("Requests the model's server failed (5xx)"),
  })
  .meta({ id: "PublishedModelUsage" });

const exampleRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  description: z.string(),
});

export const documentationSchema = z
  .object({
    endpointUrl: z.string(),
    authHeaders: z.record(z.string(), z.string()),
    exampleRequests: z.array(exampleRequestSchema),
    sdkExamples: z.object({ python: z.string(), javascript: z.string(), curl: z.string() }),
  })
  .meta({ id: "PublishedModelDocumentation" });
export type Documentation = z.infer<typeof documentationSchema>;

export const publishedModelSchema = z
  .object({
    modelName: z.string(),
    namespace: z.string(),
    tenantId: z.string(),
    modelType: z.enum(MODEL_TYPES),
    externalUrl: z.string(),
    externalPath: z.string(),
    publicHostname: z.string(),
    apiKey: z.string().describe("In full only in the answer that creates it; elsewhere its prefix and last four characters"),
    rateLimiting: rateLimitingSchema,
    authentication: authenticationSchema,
    metadata: z.object({ description: z.string().nullable() }),
    status: z.enum(["active", "unavailable"]).describe("unavailable: the deployment is gone or stopped"),
    createdAt: z.string(),
    updatedAt: z.string(),
    usage: usageSchema,
    documentation: documentationSchema.optional(),
  })
  .meta({ id: "PublishedModel" });
export type PublishedModel = z.infer<typeof publishedModelSchema>;

export const publishedModelListSchema = z
  .object({ publishedModels: z.array(publishedModelSchema), total: z.number() })
  .meta({ id: "PublishedModelList" });

export const publishAnswerSchema = z.object({ message: z.string(), publishedModel: publishedModelSchema }).meta({ id: "PublishAnswer" });
export const unpublishAnswerSchema = z.object({ message: z.string() });

export const rotateKeyRequestSchema = z
  .object({
    gracePeriodSeconds: z
      .number()
      .int("Must be a whole number")
      .min(0, "Must be at least 0")
      .max(30 * 86_400, "Must be at most 2592000 (30 days)")
      .optional()
      .describe("How long the old key keeps working; default 86400, 0 ends it at once"),
    keyId: z.uuid().optional().describe("Which key to rotate; default the model's first active key"),
  })
  .strict();
export const rotateKeyAnswerSchema = z
  .object({
    message: z.string(),
    newApiKey: z.string().describe("Shown only here"),
    keyId: z.string().describe("The key's id, the same before and after"),
    previousKeyValidUntil: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: "RotatedKey" });

export const validateKeyRequestSchema = z.object({ apiKey: plainText(512).min(1, "apiKey is required") }).strict();
export const validateKeyAnswerSchema = z.object({ valid: z.boolean(), tenant: z.string().nullable(), model: z.string().nullable() });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    display: z.string().describe("Prefix and last four characters"),
    createdAt: z.string(),
    createdBy: z.string(),
    rotatedAt: z.string().nullable(),
    previousKeyValidUntil: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    state: z.enum(["active", "expired", "revoked"]),
  })
  .meta({ id: "ApiKey" });
export type ApiKeyView = z.infer<typeof apiKeySchema>;

export const createKeyRequestSchema = z
  .object({
    name: plainText(100).min(1, "name is required"),
    expiresAt: z.iso.datetime({ offset: true }).optional().describe("When it stops working; never when absent"),
  })
  .strict();
export const createdKeySchema = apiKeySchema.extend({ apiKey: z.string().describe("Shown only here") }).meta({ id: "CreatedApiKey" });

export const keyListSchema = z.object({ items: z.array(apiKeySchema) });

export const publishParamsSchema = z.object({ namespace: namespaceSchema, name: objectNameSchema });
export const seedPublishParamsSchema = z.object({ name: objectNameSchema });
export const seedPublishQuerySchema = z.object({
  namespace: namespaceSchema.optional().describe("Which of your tenants (any, for an admin); without it, your only tenant"),
});

/** One published OpenAI-type model in OpenRouter's models list (what OpenRouter-compatible clients read). */
export const publicModelSchema = z
  .object({
    id: z.string().describe("<namespace>/<name>"),
    canonical_slug: z.string(),
    name: z.string(),
    created: z.number().describe("Unix seconds when it was published"),
    description: z.string(),
    context_length: z.number().nullable(),
    architecture: z.object({
      modality: z.string(),
      input_modalities: z.array(z.string()),
      output_modalities: z.array(z.string()),
      tokenizer: z.string(),
      instruct_type: z.null(),
    }),
    pricing: z.object({ prompt: z.string(), completion: z.string(), request: z.string() }),
    top_provider: z.object({
      context_length: z.number().nullable(),
      max_completion_tokens: z.number().nullable(),
      is_moderated: z.boolean(),
    }),
    per_request_limits: z.null(),
    supported_parameters: z.array(z.string()),
    default_parameters: z.null(),
  })
  .meta({ id: "PublicModel" });
export const publicModelListSchema = z
  .object({ data: z.array(publicModelSchema), links: z.object({ next: z.null() }), total_count: z.number() })
  .meta({ id: "PublicModelList" });
export type PublicModel = z.infer<typeof publicModelSchema>;

export const usageQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1, "Must be at least 1")
    .max(90, "Must be at most 90")
    .default(14)
    .describe("Days back, today included"),
});
export const usageSeriesSchema = z
  .object({
    totals: usageSchema,
    days: z.array(
      z.object({
        day: z.string().describe("YYYY-MM-DD (UTC)"),
        requests: z.number(),
        refused: z.number(),
        errors: z.number(),
        promptTokens: z.number(),
        completionTokens: z.number(),
        estimatedTokens: z.number(),
        statuses: z.record(z.string(), z.number()).describe('Answers by status class, e.g. {"2xx": 10, "4xx": 1}'),
      }),
    ),
    byKey: z.array(z.object({ keyId: z.string(), name: z.string(), requests: z.number(), tokens: z.number() })),
  })
  .meta({ id: "PublishedModelUsageSeries" });
export type UsageSeries = z.infer<typeof usageSeriesSchema>;
