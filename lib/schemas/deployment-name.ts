// Suggests a deployment name from a model URL: the last path segment, made a valid KubeAI Model name.
import { MAX_NAME_LENGTH } from "./deployment";

export function generateDeploymentName(url: string): string {
  const withoutScheme = url.includes("://") ? url.slice(url.indexOf("://") + 3) : url;
  const segments = withoutScheme.split("/").filter(Boolean);
  const last = segments.at(-1) ?? "";
  const slug = last
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const trimmed = slug.slice(0, MAX_NAME_LENGTH).replace(/-+$/, "");
  return trimmed || "model";
}
