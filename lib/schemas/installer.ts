// The Model Installer's `POST /register_model` body, field names as its documentation writes them (`resourceProfile`,
// `minReplicas`, `model_mode`, …), with the snake_case spellings earlier Modelport scripts used accepted as aliases.
import { z } from "zod";
import { ENGINES, FEATURES, type DeploymentInput } from "./deployment";
import { FEATURES_BY_MODEL_MODE, MODEL_MODES } from "./proxy-metadata";

const whole = (minimum: number) => z.number().int("Must be a whole number").min(minimum, `Must be at least ${minimum}`);

/** Deployment field → the installer's documented name, then its accepted aliases. */
const SPELLINGS = {
  resourceProfile: ["resourceProfile", "resource_profile"],
  minReplicas: ["minReplicas", "min_replicas"],
  maxReplicas: ["maxReplicas", "max_replicas"],
  targetRequests: ["targetRequests", "target_requests"],
  scaleDownDelaySeconds: ["scaleDownDelaySeconds", "scale_down_delay_seconds"],
  cacheProfile: ["cacheProfile", "cache_profile"],
  "proxy.embedding_dimensions": ["dimensions", "embedding_dimensions"],
} as const;

/** The body's fields, before the rule that one field is not sent under two spellings. */
export const registerModelFields = z
  .object({
    name: z.string().describe("Model name (the KubeAI Model's metadata.name)"),
    engine: z.enum(ENGINES),
    features: z.array(z.enum(FEATURES)),
    url: z.string(),
    namespace: z.string().optional().describe("Defaults to kubeai (MODELPORT_DEFAULT_NAMESPACE), or the caller's only tenant"),
    resourceProfile: z.string().optional().describe("<profile>:<count>, e.g. nvidia-gpu-l4:1"),
    replicas: whole(0).optional(),
    minReplicas: whole(0).optional(),
    maxReplicas: whole(1).optional(),
    targetRequests: whole(1).optional(),
    scaleDownDelaySeconds: whole(0).optional(),
    cacheProfile: z.string().optional().describe("For s3://, gs:// and oss:// URLs: serve from KubeAI's model cache"),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    timeout: whole(1).optional(),
    stream_timeout: whole(1).optional(),
    max_retries: whole(0).optional(),
    model_mode: z
      .enum(MODEL_MODES)
      .optional()
      .describe("chat, completion, embedding, audio_transcription, rerank (or audio-transcription, reranking)"),
    max_input_tokens: whole(1).optional(),
    max_output_tokens: whole(1).optional(),
    dimensions: whole(1).optional().describe("Embedding dimensions"),
    owner: z.string().optional().describe("Accepted for the portal's requests; the owner recorded is always the caller"),
    // Aliases from Modelport's first installer routes.
    resource_profile: z.string().optional().meta({ deprecated: true }),
    min_replicas: whole(0).optional().meta({ deprecated: true }),
    max_replicas: whole(1).optional().meta({ deprecated: true }),
    target_requests: whole(1).optional().meta({ deprecated: true }),
    scale_down_delay_seconds: whole(0).optional().meta({ deprecated: true }),
    cache_profile: z.string().optional().meta({ deprecated: true }),
    embedding_dimensions: whole(1).optional().meta({ deprecated: true }),
  })
  .strict();

export const registerModelSchema = registerModelFields
  .superRefine((body, ctx) => {
    for (const [documented, alias] of Object.values(SPELLINGS)) {
      if (body[documented] !== undefined && body[alias] !== undefined) {
        ctx.addIssue({ code: "custom", path: [alias], message: `Send ${documented} or ${alias}, not both` });
      }
    }
  })
  .meta({ id: "RegisterModelRequest" });
export type RegisterModelRequest = z.infer<typeof registerModelSchema>;

/** The body's value for a deployment field, under whichever spelling was sent. */
function pick<K extends keyof typeof SPELLINGS>(body: RegisterModelRequest, field: K) {
  const [documented, alias] = SPELLINGS[field];
  return body[documented] ?? body[alias];
}

export function deploymentInputFromRegisterRequest(body: RegisterModelRequest, namespace: string): DeploymentInput {
  const proxy = Object.fromEntries(
    Object.entries({
      timeout: body.timeout,
      stream_timeout: body.stream_timeout,
      max_retries: body.max_retries,
      model_mode: body.model_mode,
      max_input_tokens: body.max_input_tokens,
      max_output_tokens: body.max_output_tokens,
      embedding_dimensions: pick(body, "proxy.embedding_dimensions"),
    }).filter(([, value]) => value !== undefined),
  );
  const optional = {
    resourceProfile: pick(body, "resourceProfile"),
    replicas: body.replicas,
    minReplicas: pick(body, "minReplicas"),
    maxReplicas: pick(body, "maxReplicas"),
    targetRequests: pick(body, "targetRequests"),
    scaleDownDelaySeconds: pick(body, "scaleDownDelaySeconds"),
    cacheProfile: pick(body, "cacheProfile"),
    args: body.args,
    env: body.env,
  };
  return {
    name: body.name,
    namespace,
    url: body.url,
    engine: body.engine,
    // model_mode maps to its feature, as the Model Installer's portal does: a mode brings its feature along.
    features:
      body.model_mode && !body.features.includes(FEATURES_BY_MODEL_MODE[body.model_mode])
        ? [...body.features, FEATURES_BY_MODEL_MODE[body.model_mode]]
        : body.features,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    proxy,
  };
}

/** A deployment field path in an error → the name the script sent it under (`maxReplicas` or `max_replicas`). */
export function installerFieldOf(field: string, body: RegisterModelRequest): string {
  const [head, ...rest] = field.split(".");
  const key = (field in SPELLINGS ? field : head) as keyof typeof SPELLINGS | string;
  if (key in SPELLINGS) {
    const [documented, alias] = SPELLINGS[key as keyof typeof SPELLINGS];
    const sent = body[alias] !== undefined ? alias : documented;
    return key === field ? sent : [sent, ...rest].join(".");
  }
  if (head === "proxy" && rest.length > 0) return rest.join(".");
  if (head === "instanceCount") return body.resource_profile !== undefined ? "resource_profile" : "resourceProfile";
  return field;
}
