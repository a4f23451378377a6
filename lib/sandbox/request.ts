// Parses REST paths into resource targets and request bodies into objects (JSON, YAML, kubectl's protobuf).
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import type { FieldValidation } from "./crd-validator";
import { decodeProtobufObject } from "./protobuf";
import type { ResourceDescriptor, ResourceRegistry } from "./resources";
import { ApiError, badRequest, resourceNotFound, unsupportedMediaType } from "./status";

export interface Target {
  descriptor: ResourceDescriptor;
  /** Namespace from the URL; undefined for cluster-scoped resources and all-namespaces lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface RequestOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
}

export const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${MAX_BODY}`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** `/apis/kubeai.org/v1/namespaces/x/models/y/status` → descriptor, namespace, name, subresource. */
export function parseTarget(pathname: string, registry: ResourceRegistry): Target | undefined {
  const parts = pathname
    .split("/")
    .filter((p) => p !== "")
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  const namespacedForm =
    rest[0] === "namespaces" && rest.length >= 3 && !(group === "" && ["status", "finalize"].includes(rest[2]) && rest.length === 3);
  if (namespacedForm) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 3) throw resourceNotFound();
  const descriptor = registry.find(group, version, rest[0]);
  if (!descriptor) throw resourceNotFound();
  if (namespace !== undefined && !descriptor.namespaced) throw resourceNotFound();
  if (namespace === undefined && descriptor.namespaced && rest.length > 1) throw resourceNotFound();
  const target: Target = { descriptor };
  if (namespace !== undefined) target.namespace = namespace;
  if (rest[1] !== undefined) target.name = rest[1];
  if (rest[2] !== undefined) target.subresource = rest[2];
  return target;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

export function requestMediaType(req: IncomingMessage): string {
  return mediaType(req.headers["content-type"]);
}

/** Decodes a request body; protobuf only for built-in (core) kinds, as kubectl sends it only for those. */
export function decodeBody(body: Buffer, contentType: string, allowProtobuf: boolean): unknown {
  const type = mediaType(contentType);
  if (type === "application/vnd.kubernetes.protobuf") {
    if (!allowProtobuf) throw unsupportedMediaType(type);
    return decodeProtobufObject(body);
  }
  const text = body.toString("utf8");
  if (text.trim() === "") throw badRequest("the body of the request was empty");
  if (type === "application/yaml" || type === "application/apply-patch+yaml") {
    try {
      return parseYaml(text);
    } catch (error) {
      throw badRequest(`error converting YAML to JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (type === "" || type === "application/json" || type.endsWith("+json") || type === "*/*") {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw badRequest(`couldn't get version/kind; json parse error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw unsupportedMediaType(type);
}

export function requestOptions(query: URLSearchParams): RequestOptions {
  const dry = query.getAll("dryRun");
  for (const d of dry) if (d !== "All") throw badRequest(`Invalid dry run value: ${d}`);
  const fv = query.get("fieldValidation") ?? "Warn";
  if (fv !== "Strict" && fv !== "Warn" && fv !== "Ignore") {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got ${fv}`);
  }
  const options: RequestOptions = { dryRun: dry.length > 0, fieldValidation: fv };
  const manager = query.get("fieldManager");
  if (manager) options.fieldManager = manager;
  return options;
}
