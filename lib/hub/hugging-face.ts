// The Hugging Face Hub, through @huggingface/hub pointed at HF_ENDPOINT: what sizing needs of a model — its
// config.json and the Hub's safetensors parameter counts. Errors become ours: a gated or private model says how to
// get access, an unknown one is not found, a rate limit says when to retry, anything else is the Hub being unavailable.
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
  const timed = hubFetch(source, repo);
  const credentials = hubCredentials(source);
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

/** The token as @huggingface/hub takes it, when there is one. */
export function hubCredentials(source: HubSource): { accessToken?: string } {
  return source.token ? { accessToken: source.token } : {};
}

/**
 * fetch for @huggingface/hub calls: all of them bounded by the source's timeout from now, and a 429 thrown as ours
 * here, because the library's HubApiError drops the Retry-After header.
 */
export function hubFetch(source: HubSource, subject: string): typeof fetch {
  const timeout = AbortSignal.timeout(source.timeoutMs ?? 10_000);
  return async (input, init) => {
    const response = await fetch(input, { ...init, signal: timeout });
    if (response.status !== 429) return response;
    await response.body?.cancel();
    throw hubStatusError(429, subject, response.headers.get("retry-after"));
  };
}

/** Seconds to wait from a Retry-After header, which is either seconds or an HTTP date. */
function retryAfterSeconds(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : Math.ceil((Date.parse(header) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

/** One Hub answer's status as our error; `subject` is the repository (or what was asked) for the message. */
export function hubStatusError(status: number, subject: string, retryAfter?: string | null): AppError {
  if (status === 401) {
    return new AppError(
      "forbidden",
      `${subject} is gated or private on the Hub: accept its license there, and set HUGGINGFACE_API_TOKEN to a token that may read it`,
    );
  }
  if (status === 403) {
    return new AppError(
      "forbidden",
      `${subject} is gated or private on the Hub and the token given may not read it: accept its license there with the token's account, or set HUGGINGFACE_API_TOKEN to a token that may read it`,
    );
  }
  if (status === 404) return new AppError("not_found", `${subject} not found on the Hub`);
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter);
    const when = seconds === undefined ? "later" : `in ${seconds} s`;
    return new AppError("too_many_requests", `The Hub is rate limiting requests for ${subject}: try again ${when}`, {
      ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
    });
  }
  return new AppError("unavailable", `The Hub answered ${status} for ${subject}`);
}

export function hubError(error: unknown, subject: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HubApiError) return hubStatusError(error.statusCode, subject);
  const why = error instanceof Error ? error.message : String(error);
  return new AppError("unavailable", `The Hub could not be reached for ${subject}: ${why}`);
}
