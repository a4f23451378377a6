// The downloader form's values as the import API's body: empty optional boxes are left out, so the API's defaults
// apply. Pure.
import type { ImportInput } from "@/lib/schemas/repository";

export interface ImportFormValues {
  namespace: string;
  repo: string;
  revision: string;
  experimentName: string;
  artifactPath: string;
  model: string;
  hfToken: string;
}

export const IMPORT_FORM_FIELDS = ["namespace", "repo", "revision", "experimentName", "artifactPath", "model", "hfToken"] as const;

const given = (value: string) => (value.trim() === "" ? undefined : value.trim());

/** Not yet checked: the caller parses it with importInputSchema, whose messages land on the fields. */
export function importBody(values: ImportFormValues): Record<string, unknown> & { source: ImportInput["source"] } {
  return {
    source: "huggingface",
    namespace: values.namespace,
    repo: values.repo.trim(),
    revision: given(values.revision),
    model: given(values.model),
    artifactPath: given(values.artifactPath),
    experimentName: given(values.experimentName),
    hfToken: given(values.hfToken),
  };
}
