// Kubernetes `Status` error objects and the ApiError that carries one through the handlers.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export interface ResourceRef {
  group: string;
  plural: string;
  kind: string;
}

export class ApiError extends Error {
  readonly status: StatusBody;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
    if (details) this.status.details = details;
  }
  get code(): number {
    return this.status.code;
  }
}

/** `models.kubeai.org` or `namespaces` for the core group. */
export function qualifiedResource(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
}

/** `Model.kubeai.org` or `Namespace` for the core group. */
export function qualifiedKind(ref: ResourceRef): string {
  return ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
}

function details(ref: ResourceRef, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: ref.plural };
  if (ref.group) d.group = ref.group;
  return d;
}

export function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError(404, "NotFound", `${qualifiedResource(ref)} "${name}" not found`, details(ref, name));
}

export function alreadyExists(ref: ResourceRef, name: string): ApiError {
  return new ApiError(409, "AlreadyExists", `${qualifiedResource(ref)} "${name}" already exists`, details(ref, name));
}

export function conflict(ref: ResourceRef, name: string, why?: string): ApiError {
  const reason = why ?? "the object has been modified; please apply your changes to the latest version and try again";
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(ref)} "${name}": ${reason}`,
    details(ref, name),
  );
}

/** Formats a field error the way apimachinery's field.Error.Error() does. */
export function causeText(cause: StatusCause): string {
  return `${cause.field ?? "<nil>"}: ${cause.message}`;
}

export function invalid(ref: ResourceRef, name: string, causes: StatusCause[]): ApiError {
  const texts = causes.map(causeText);
  const summary = texts.length === 0 ? "" : texts.length === 1 ? `: ${texts[0]}` : `: [${texts.join(", ")}]`;
  const d: StatusDetails = { name, kind: ref.kind, causes };
  if (ref.group) d.group = ref.group;
  return new ApiError(422, "Invalid", `${qualifiedKind(ref)} "${name}" is invalid${summary}`, d);
}

/** apierrors.NewForbidden: what admission (quota among it) answers when it refuses a request. */
export function forbidden(ref: ResourceRef, name: string, why: string): ApiError {
  return new ApiError(403, "Forbidden", `${qualifiedResource(ref)} "${name}" is forbidden: ${why}`, details(ref, name));
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/** A real API server's answer to a missing or wrong credential: no details, message "Unauthorized". */
export function unauthorized(): ApiError {
  return new ApiError(401, "Unauthorized", "Unauthorized");
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType || "none"})`,
  );
}

export function resourceNotFound(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource", {});
}

export function expired(message: string): ApiError {
  return new ApiError(410, "Expired", message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, "InternalError", `Internal error occurred: ${message}`);
}

export function namespaceNotFound(name: string): ApiError {
  return new ApiError(404, "NotFound", `namespaces "${name}" not found`, { name, kind: "namespaces" });
}
