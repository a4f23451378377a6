// Which repository and artifact store this process uses, from the configuration: built once and shared.
import { getRuntime, processSingleton } from "@/lib/runtime";
import { BuiltinRepository } from "@/lib/repository/builtin-repository";
import { MlflowRepository } from "@/lib/repository/mlflow-repository";
import type { Repository } from "@/lib/repository/repository";
import type { ArtifactStore } from "@/lib/storage/artifact-store";
import { PvcStore } from "@/lib/storage/pvc-store";
import { S3Store } from "@/lib/storage/s3-store";
import type { Config } from "@/lib/config";

const cache = processSingleton("storage", () => new WeakMap<Config, { repository: Repository; store: ArtifactStore }>());

function build(config: Config) {
  const repository: Repository = config.MLFLOW_TRACKING_URI
    ? new MlflowRepository({
        trackingUri: config.MLFLOW_TRACKING_URI,
        token: config.MLFLOW_TRACKING_TOKEN,
        username: config.MLFLOW_TRACKING_USERNAME,
        password: config.MLFLOW_TRACKING_PASSWORD,
      })
    : new BuiltinRepository();
  const store: ArtifactStore =
    config.artifactStore === "s3" && config.S3_BUCKET
      ? new S3Store({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET,
          prefix: config.S3_PREFIX,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.S3_FORCE_PATH_STYLE ?? Boolean(config.S3_ENDPOINT),
        })
      : new PvcStore({ root: config.weightsPath, pvcName: config.WEIGHTS_PVC_NAME });
  return { repository, store };
}

function current() {
  const { config } = getRuntime();
  let built = cache.get(config);
  if (!built) {
    built = build(config);
    cache.set(config, built);
  }
  return built;
}

export function getRepository(): Repository {
  return current().repository;
}

export function getArtifactStore(): ArtifactStore {
  return current().store;
}

/** The prefix a URL names inside Modelport's own weights store (`pvc://<claim>/…` or `s3://<bucket>/<prefix>/…`), if it does. */
export function storeLocationOf(url: string): string | undefined {
  return getArtifactStore().prefixOf(url.replace(/\/+$/, ""));
}

/**
 * Why a tenant's deployment may not load a URL: it points into Modelport's weights (the claim WEIGHTS_PVC_NAME, or
 * S3_BUCKET below S3_PREFIX) outside the tenant's own folder. Undefined when it is the tenant's own or elsewhere.
 */
export function foreignWeightsProblem(tenant: string, url: string): string | undefined {
  const { config } = getRuntime();
  const roots = [`pvc://${config.WEIGHTS_PVC_NAME}`];
  if (config.S3_BUCKET) roots.push(`s3://${[config.S3_BUCKET, config.S3_PREFIX.replace(/^\/+|\/+$/g, "")].filter(Boolean).join("/")}`);
  for (const root of roots) {
    if (url !== root && !url.startsWith(`${root}/`)) continue;
    const segments = url.slice(root.length).split("/").filter(Boolean);
    if (segments[0] === tenant && !segments.includes("..")) return undefined;
    return `${root} holds every tenant's imported weights; a deployment in ${tenant} may only load ${root}/${tenant}/…`;
  }
  return undefined;
}
