// A LiteLLM proxy's model management API (the Model Installer's "proxy layer"): add a model (POST /model/new),
// change it (POST /model/update), remove it (POST /model/delete), and list them (GET /model/info), authenticated with
// the proxy's master key. Models are addressed by the model_info.id Modelport gives them.
export interface LiteLLMSettings {
  url: string;
  masterKey: string;
  /** Per call; the proxy answering slowly must not hold a deployment's create for long. */
  timeoutMs?: number;
}

export interface LiteLLMModel {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: { id: string } & Record<string, unknown>;
}

export class LiteLLMError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call(settings: LiteLLMSettings, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${settings.url.replace(/\/+$/, "")}${path}`, {
      method,
      headers: { authorization: `Bearer ${settings.masterKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new LiteLLMError(0, `the LiteLLM proxy could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const detail =
      (parsed as { error?: { message?: string }; detail?: unknown } | null)?.error?.message ?? JSON.stringify(parsed)?.slice(0, 300);
    throw new LiteLLMError(response.status, `the LiteLLM proxy answered ${response.status} to ${path}: ${detail}`);
  }
  return parsed;
}

export const litellm = {
  add: (settings: LiteLLMSettings, model: LiteLLMModel) => call(settings, "POST", "/model/new", model),
  update: (settings: LiteLLMSettings, model: LiteLLMModel) => call(settings, "POST", "/model/update", model),
  remove: (settings: LiteLLMSettings, id: string) => call(settings, "POST", "/model/delete", { id }),
  async list(settings: LiteLLMSettings): Promise<LiteLLMModel[]> {
    return ((await call(settings, "GET", "/model/info")) as { data?: LiteLLMModel[] } | null)?.data ?? [];
  },
};
