// The browser's calls to Modelport's own HTTP API (same origin, session cookie), with errors that keep field details.
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** `signal` lets react-query abort a request nobody waits for any more (a model URL typed over). */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    signal: init.signal,
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = body as { error?: string; details?: { fields?: FieldProblem[] } } | null;
    throw new ApiError(response.status, error?.error ?? `Request failed (${response.status})`, error?.details?.fields ?? []);
  }
  return body as T;
}

/** One retry policy: never retry what will fail the same way again; at most three tries otherwise. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && [400, 401, 403, 404, 409, 422].includes(error.status)) return false;
  return failureCount < 2;
}
