// Validation every write passes: CRD schema and CEL rules, or the built-in kind's checks, plus ObjectMeta rules.
import { checkMetadataTypes, validateObjectMeta } from "./object-meta";
import { apiVersionOf, type ResourceDescriptor } from "./resources";
import { badRequest, invalid } from "./status";
import type { FieldValidation } from "./crd-validator";
import { asKubeObject, type KubeObject } from "./types";

export interface AdmitOptions {
  fieldValidation: FieldValidation;
  statusOnly?: boolean;
}

export interface Admitted {
  object: KubeObject;
  warnings: string[];
}

/** Checks apiVersion and kind of a decoded body and returns it as an object. */
export function objectFromBody(d: ResourceDescriptor, body: unknown): KubeObject {
  const object = asKubeObject(body);
  if (!object) throw badRequest("the body of the request was not a JSON object");
  const expected = apiVersionOf(d);
  // Built-in kinds default a missing kind/apiVersion from the URL; the custom resource decoder does not.
  if (!d.validator && object.kind === undefined) {
    object.kind = d.kind;
    object.apiVersion ??= expected;
  }
  if (typeof object.kind !== "string" || object.kind === "") {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  }
  if (object.apiVersion !== undefined && object.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (object.kind !== d.kind) {
    throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${d.kind})`);
  }
  object.apiVersion = expected;
  checkMetadataTypes(object);
  return object;
}

export function admit(d: ResourceDescriptor, candidate: KubeObject, old: KubeObject | undefined, options: AdmitOptions): Admitted {
  const name = candidate.metadata.name ?? "";
  if (d.validator) {
    const outcome = d.validator.validate(candidate, old, { fieldValidation: options.fieldValidation, statusOnly: options.statusOnly });
    const causes = options.statusOnly ? outcome.causes : [...validateObjectMeta(outcome.object, d.labelNames === true), ...outcome.causes];
    if (causes.length > 0) throw invalid(d, name, causes);
    outcome.object.metadata = candidate.metadata;
    return { object: outcome.object, warnings: outcome.warnings };
  }
  const causes = [...validateObjectMeta(candidate, d.labelNames === true), ...(d.validateCore?.(candidate, old) ?? [])];
  if (causes.length > 0) throw invalid(d, name, causes);
  return { object: candidate, warnings: [] };
}
