// The Hugging Face Hub, through @huggingface/hub pointed at HF_ENDPOINT: what sizing needs of a model — its
// config.json and the Hub's safetensors parameter counts. Errors become ours: a gated or private model says how to
// get access, an unknown one is not found, anything else is the Hub being unavailable.
import { downloadFile, HubApiError, modelInfo } from "@huggingface/hub";
import { AppError } from "@/lib/errors";

export interface HubSource {
  endpoint: string;
  token?: string;
  /** Milliseconds one call may take; the Hub may be far away or, on an offline machine, not there at all. */
  timeoutMs?: number;
}

/** `hf://org/name` or `hf://org/name@revision` (or `org/name`) → the repository and revision. */
export function parseHubUrl(url: string): { repo: string; revision: string } | undefined {
  const match = /^(?:hf:\/\/)?([A-Za-z0-9][\w.-]*\/[\w.-]+)(?:@([\w./-]+))?$/.exec(url.trim());
  return match ? { repo: match[1], revision: match[2] ?? "main" } : undefined;
}

export async function hubModelForSizing(
  source: HubSource,
  repo: string,
  revision: string,
): Promise<{ config: unknown; safetensors: unknown }> {
  const timeout = AbortSignal.timeout(source.timeoutMs ?? 10_000);
  const timed: typeof fetch = (input, init) => fetch(input, { ...init, signal: timeout });
  const credentials = source.token ? { accessToken: source.token } : {};
  try {
    const [info, file] = await Promise.all([
      modelInfo({ name: repo, revision, hubUrl: source.endpoint, additionalFields: ["safetensors"], fetch: timed, ...credentials }),
      downloadFile({ repo, path: "config.json", revision, hubUrl: source.endpoint, xet: false, fetch: timed, ...credentials }),
    ]);
    if (!file) throw new AppError("not_found", `${repo} has no config.json at ${revision} on the Hub`);
    return { config: JSON.parse(await file.text()), safetensors: (info as { safetensors?: unknown }).safetensors ?? null };
  } catch (error) {
    throw hubError(error, repo);
  }
}

function hubError(error: unknown, repo: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HubApiError) {
    if (error.statusCode === 401 || error.statusCode === 403) {
      return new AppError(
        "forbidden",
        `${repo} is gated or private on the Hub: accept its license there, or set HUGGINGFACE_API_TOKEN to a token that may read it`,
      );
    }
    if (error.statusCode === 404) return new AppError("not_found", `${repo} not found on the Hub`);
    return new AppError("unavailable", `The Hub answered ${error.statusCode} for ${repo}`);
  }
  const why = error instanceof Error ? error.message : String(error);
  return new AppError("unavailable", `The Hub could not be reached for ${repo}: ${why}`);
}
