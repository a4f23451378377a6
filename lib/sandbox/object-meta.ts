// ObjectMeta rules shared by every resource: name formats, labels, generateName, and the server-owned fields.
import { randomInt, randomUUID } from "node:crypto";
import { badRequest, type StatusCause } from "./status";
import { isStringMap, type KubeObject } from "./types";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export function generateName(prefix: string): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[randomInt(GENERATE_ALPHABET.length)];
  return `${prefix}${suffix}`;
}

function validKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : "";
  if (slash >= 0 && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Rejects wrongly typed metadata the way the decoder would, before any other processing. */
export function checkMetadataTypes(object: KubeObject): void {
  const m = object.metadata;
  for (const field of ["name", "generateName", "namespace", "resourceVersion", "uid"] as const) {
    if (m[field] !== undefined && m[field] !== null && typeof m[field] !== "string") {
      throw badRequest(`json: cannot unmarshal ${typeof m[field]} into Go struct field ObjectMeta.metadata.${field} of type string`);
    }
  }
  for (const field of ["labels", "annotations"] as const) {
    if (m[field] !== undefined && m[field] !== null && !isStringMap(m[field])) {
      throw badRequest(`json: cannot unmarshal object into Go struct field ObjectMeta.metadata.${field} of type map[string]string`);
    }
    if (m[field] === null) delete m[field];
  }
}

export function validateObjectMeta(object: KubeObject, labelNames: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const m = object.metadata;
  const name = m.name ?? "";
  if (name === "") {
    causes.push({ reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name or generateName is required" });
  } else if (labelNames ? name.length > 63 || !LABEL.test(name) : name.length > 253 || !SUBDOMAIN.test(name)) {
    causes.push({
      reason: "FieldValueInvalid",
      field: "metadata.name",
      message: `Invalid value: "${name}": ${labelNames ? LABEL_MSG : SUBDOMAIN_MSG}`,
    });
  }
  for (const [key, value] of Object.entries(m.labels ?? {})) {
    if (!validKey(key)) {
      causes.push({
        reason: "FieldValueInvalid",
        field: "metadata.labels",
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push({ reason: "FieldValueInvalid", field: "metadata.labels", message: `Invalid value: "${value}": ${LABEL_VALUE_MSG}` });
    }
  }
  for (const key of Object.keys(m.annotations ?? {})) {
    if (!validKey(key)) {
      causes.push({
        reason: "FieldValueInvalid",
        field: "metadata.annotations",
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
  }
  const size = Object.entries(m.annotations ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if (size > 262144) {
    causes.push({ reason: "FieldValueTooLong", field: "metadata.annotations", message: "Too long: may not be more than 262144 bytes" });
  }
  return causes;
}

const SERVER_FIELDS = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "selfLink",
  "managedFields",
];

/** Fields a client may not set: the server fills them in. */
export function stripServerFields(object: KubeObject): void {
  for (const f of SERVER_FIELDS) delete object.metadata[f];
}

export function newUid(): string {
  return randomUUID();
}
