// The Model Installer's request bodies (snake_case, as its scripts send them), mapped onto the deployment contract.
import { z } from "zod";
import { ENGINES, FEATURES, MODEL_MODES, type DeploymentInput } from "./deployment";

export const registerModelSchema = z
  .object({
    name: z.string().describe("Model name (KubeAI Model metadata.name)"),
    engine: z.enum(ENGINES),
    features: z.array(z.enum(FEATURES)),
    url: z.string(),
    namespace: z.string().optional().describe("Defaults to MODELPORT_DEFAULT_NAMESPACE (kubeai)"),
    resource_profile: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*(:[1-9][0-9]*)?$/, "Use <profile> or <profile>:<count>, e.g. nvidia-gpu-l4:1")
      .optional(),
    replicas: z.number().int().min(0).optional(),
    min_replicas: z.number().int().min(0).optional(),
    max_replicas: z.number().int().min(1).optional(),
    target_requests: z.number().int().min(1).optional(),
    scale_down_delay_seconds: z.number().int().min(0).optional(),
    cache_profile: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    model_mode: z.enum(MODEL_MODES).optional(),
    timeout: z.number().int().min(1).optional(),
    stream_timeout: z.number().int().min(1).optional(),
    max_retries: z.number().int().min(0).optional(),
    max_input_tokens: z.number().int().min(1).optional(),
    max_output_tokens: z.number().int().min(1).optional(),
    dimensions: z.number().int().min(1).optional().describe("Embedding dimensions"),
  })
  .strict();
export type RegisterModelRequest = z.infer<typeof registerModelSchema>;

export function deploymentInputFromRegisterRequest(body: RegisterModelRequest, defaultNamespace: string): DeploymentInput {
  const [profile, count] = body.resource_profile?.split(":") ?? [];
  const proxy = Object.fromEntries(
    Object.entries({
      timeout: body.timeout,
      stream_timeout: body.stream_timeout,
      max_retries: body.max_retries,
      model_mode: body.model_mode,
      max_input_tokens: body.max_input_tokens,
      max_output_tokens: body.max_output_tokens,
      embedding_dimensions: body.dimensions,
    }).filter(([, value]) => value !== undefined),
  );
  return {
    name: body.name,
    namespace: body.namespace ?? defaultNamespace,
    url: body.url,
    engine: body.engine,
    features: body.features,
    resourceProfile: profile,
    instanceCount: count ? Number.parseInt(count, 10) : 1,
    replicas: body.replicas,
    minReplicas: body.min_replicas ?? 0,
    maxReplicas: body.max_replicas,
    targetRequests: body.target_requests ?? 100,
    scaleDownDelaySeconds: body.scale_down_delay_seconds ?? 30,
    cacheProfile: body.cache_profile,
    args: body.args ?? [],
    env: body.env ?? {},
    proxy,
  };
}

const INSTALLER_FIELDS: Record<string, string> = {
  resourceProfile: "resource_profile",
  instanceCount: "resource_profile",
  minReplicas: "min_replicas",
  maxReplicas: "max_replicas",
  targetRequests: "target_requests",
  scaleDownDelaySeconds: "scale_down_delay_seconds",
  cacheProfile: "cache_profile",
  "proxy.embedding_dimensions": "dimensions",
};

/** A deployment field path in an error → the Model Installer field the script sent (`maxReplicas` → `max_replicas`). */
export function installerFieldOf(field: string): string {
  const exact = INSTALLER_FIELDS[field];
  if (exact) return exact;
  if (field.startsWith("proxy.")) return field.slice("proxy.".length);
  const [head, ...rest] = field.split(".");
  return [INSTALLER_FIELDS[head] ?? head, ...rest].join(".");
}
