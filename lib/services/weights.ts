// The weights cache on the PVC: each imported version's directory `<tenant>/<model>/<id8>` with its size, files, source,
// repository version and the deployments using it; how full the volume is; deleting a directory. With an S3 artifact
// store nothing is cached on a PVC: the list is empty and says why, usage is a 409 and every name is not found.
import path from "node:path";
import type { Caller } from "@/lib/auth/caller";
import { canReadTenant, requireManageable, requireReadable } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import type { ModelVersion } from "@/lib/repository/repository";
import { notifyOnEdge } from "@/lib/notifications/notifications";
import { getRuntime } from "@/lib/runtime";
import {
  isWeightsId,
  isWeightsModel,
  isWeightsTenant,
  parseWeightsName,
  weightsNameOf,
  weightsPrefixOf,
  type DeletedWeights,
  type WeightsDirectory,
  type WeightsDirectoryDetail,
  type WeightsList,
  type WeightsLocation,
  type WeightsUsage,
} from "@/lib/schemas/weights";
import type { ArtifactStore, StoredFile } from "@/lib/storage/artifact-store";
import { directorySize } from "@/lib/storage/pvc-store";
import { lastModified, subfolderNames, volumeUsage } from "@/lib/storage/pvc-volume";
import { audited } from "./audit";
import { deploymentLocations, isWithin, type DeploymentLocations } from "./deployment-locations";
import { deployableUrlOf } from "./repository";
import { getArtifactStore, getRepository } from "./storage";

interface Volume {
  store: ArtifactStore;
  /** Where the volume is mounted in this process. */
  root: string;
  pvcName: string;
}

/** Versions of each registered model, by `<tenant>/<model>`. */
type VersionsByModel = Map<string, ModelVersion[]>;

const modelKey = (location: WeightsLocation) => `${location.tenant}/${location.model}`;

function volumeOf(): Volume | undefined {
  const store = getArtifactStore();
  const { config } = getRuntime();
  return store.kind === "pvc" ? { store, root: config.weightsPath, pvcName: config.WEIGHTS_PVC_NAME } : undefined;
}

function s3Note(): string {
  const { config } = getRuntime();
  const location = [config.S3_BUCKET, config.S3_PREFIX].filter(Boolean).join("/");
  return `Modelport keeps imported weights in S3 (s3://${location}), not on a PVC, so there is no weights cache to show`;
}

export async function listWeights(caller: Caller): Promise<WeightsList> {
  const volume = volumeOf();
  if (!volume) return { store: "s3", pvcName: null, note: s3Note(), items: [] };
  const locations = await locationsOn(volume, (tenant) => canReadTenant(caller, tenant));
  const [versions, usage] = await Promise.all([versionsOf(locations), locations.length > 0 ? deploymentLocations(caller) : []]);
  const described = await Promise.all(locations.map((location) => describeDirectory(volume, location, versions, usage)));
  return { store: "pvc", pvcName: volume.pvcName, note: null, items: described.map(({ directory }) => directory) };
}

export async function getWeights(caller: Caller, name: string): Promise<WeightsDirectoryDetail> {
  const { volume, location } = await locate(caller, name);
  const [versions, usage] = await Promise.all([versionsOf([location]), deploymentLocations(caller, location.tenant)]);
  const { directory, files } = await describeDirectory(volume, location, versions, usage);
  return { ...directory, files };
}

export async function getWeightsUsage(caller: Caller): Promise<WeightsUsage> {
  const volume = volumeOf();
  if (!volume) throw new AppError("conflict", s3Note());
  const [disk, locations] = await Promise.all([volumeUsage(volume.root), locationsOn(volume, (tenant) => canReadTenant(caller, tenant))]);
  const sizes = await Promise.all(
    locations.map(async (location) => ({ tenant: location.tenant, bytes: await directorySize(folderOf(volume, location)) })),
  );
  const usedFraction = disk.totalBytes > 0 ? disk.usedBytes / disk.totalBytes : 0;
  const threshold = getRuntime().config.PVC_ALERT_THRESHOLD;
  alertOnStorage(volume.pvcName, disk, threshold);
  return {
    pvcName: volume.pvcName,
    ...disk,
    usedFraction,
    threshold,
    warning: usageWarning(volume.pvcName, usedFraction, threshold),
    tenants: bytesPerTenant(sizes),
  };
}

/**
 * After an import (and whenever the Storage page reads the volume): notifies once when the weights volume passes
 * PVC_ALERT_THRESHOLD, and again only after it has dropped below and passed it once more. Never throws.
 */
export async function checkWeightsStorage(): Promise<void> {
  const volume = volumeOf();
  if (!volume) return;
  const disk = await volumeUsage(volume.root).catch(() => undefined);
  if (disk) alertOnStorage(volume.pvcName, disk, getRuntime().config.PVC_ALERT_THRESHOLD);
}

function alertOnStorage(pvcName: string, disk: { usedBytes: number; totalBytes: number }, threshold: number): void {
  const ratio = disk.totalBytes > 0 ? disk.usedBytes / disk.totalBytes : 0;
  notifyOnEdge(`storage:${pvcName}`, ratio > threshold, () => ({
    kind: "storage.threshold",
    storage: pvcName,
    used: disk.usedBytes,
    capacity: disk.totalBytes,
    ratio,
    threshold,
  }));
}

/** The warning the Storage page shows, or null while the volume is at or below the threshold (both 0–1). */
export function usageWarning(pvcName: string, usedFraction: number, threshold: number): string | null {
  if (usedFraction <= threshold) return null;
  return (
    `The weights volume ${pvcName} is ${percent(usedFraction)} full, above the alert threshold of ${percent(threshold)}: ` +
    "delete weights no deployment uses, or give the volume more space"
  );
}

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(2))}%`;

function bytesPerTenant(sizes: Array<{ tenant: string; bytes: number }>): WeightsUsage["tenants"] {
  const totals = new Map<string, { tenant: string; bytes: number; directories: number }>();
  for (const { tenant, bytes } of sizes) {
    const total = totals.get(tenant) ?? { tenant, bytes: 0, directories: 0 };
    total.bytes += bytes;
    total.directories += 1;
    totals.set(tenant, total);
  }
  return [...totals.values()];
}

/**
 * Deletes a directory's files. Refused (409) while its import still runs, and while a deployment of the tenant loads
 * it unless `force`. The repository version that pointed here is kept, marked FAILED_REGISTRATION with the reason, so
 * it cannot be deployed again and still tells what it was.
 */
export async function deleteWeights(caller: Caller, name: string, options: { force: boolean }): Promise<DeletedWeights> {
  const { volume, location } = await locate(caller, name, { manage: true });
  const repository = getRepository();
  const [versions, usage] = await Promise.all([versionsOf([location]), deploymentLocations(caller, location.tenant)]);
  const { directory } = await describeDirectory(volume, location, versions, usage);
  const version = directory.version;
  if (version?.status === "PENDING_REGISTRATION") {
    const job = directory.source?.importJob;
    throw new AppError("conflict", `${name} is still being imported${job ? ` (job ${job})` : ""}: cancel the import first`);
  }
  if (directory.usedBy.length > 0 && !options.force) {
    const users = directory.usedBy.map((use) => use.name).join(", ");
    throw new AppError("conflict", `${name} is in use by ${users}. Delete those deployments first, or send ?force=true`, {
      usedBy: directory.usedBy,
    });
  }
  return audited(
    caller,
    {
      action: "weights.delete",
      tenant: location.tenant,
      resourceKind: "WeightsDirectory",
      resourceName: name,
      before: { pvcUrl: directory.pvcUrl, bytes: directory.bytes, version: version?.version ?? null, usedBy: directory.usedBy },
    },
    async () => {
      await volume.store.remove(directory.path);
      const marked = version
        ? await repository.settleVersion(
            location.tenant,
            location.model,
            version.version,
            "FAILED_REGISTRATION",
            `Its weights (${name}) were deleted from the volume ${volume.pvcName}`,
          )
        : undefined;
      return {
        message: `Deleted ${name} (${directory.bytes} bytes)${marked ? `; version ${marked.version} of ${marked.name} is marked FAILED_REGISTRATION` : ""}`,
        name,
        bytesFreed: directory.bytes,
        version: marked
          ? { model: marked.name, version: marked.version, status: marked.status, statusMessage: marked.statusMessage }
          : null,
        usedBy: directory.usedBy,
      };
    },
  );
}

/** The directory a name stands for, once the caller may see (or, with `manage`, change) it and it exists. */
async function locate(caller: Caller, name: string, options: { manage?: boolean } = {}) {
  const what = `Weights ${name}`;
  const volume = volumeOf();
  if (!volume) throw new AppError("not_found", `${what} not found: ${s3Note()}`);
  const location = parseWeightsName(name);
  if (!location) throw notFound(what);
  if (options.manage) requireManageable(caller, location.tenant, what);
  else requireReadable(caller, location.tenant, what);
  const siblings = await subfolderNames(path.join(volume.root, location.tenant, location.model));
  if (!siblings.includes(location.id)) throw notFound(what);
  return { volume, location };
}

/** Every `<tenant>/<model>/<id8>` folder of the tenants `isWanted` keeps; anything else on the volume is not ours. */
async function locationsOn(volume: Volume, isWanted: (tenant: string) => boolean): Promise<WeightsLocation[]> {
  const tenants = (await subfolderNames(volume.root)).filter((tenant) => isWeightsTenant(tenant) && isWanted(tenant));
  const perTenant = await Promise.all(
    tenants.map(async (tenant) => {
      const models = (await subfolderNames(path.join(volume.root, tenant))).filter(isWeightsModel);
      const perModel = await Promise.all(
        models.map(async (model) =>
          (await subfolderNames(path.join(volume.root, tenant, model))).filter(isWeightsId).map((id) => ({ tenant, model, id })),
        ),
      );
      return perModel.flat();
    }),
  );
  return perTenant.flat();
}

async function versionsOf(locations: WeightsLocation[]): Promise<VersionsByModel> {
  const repository = getRepository();
  const models = new Map(locations.map((location) => [modelKey(location), location]));
  const entries = await Promise.all(
    [...models].map(async ([key, location]) => [key, await repository.listVersions(location.tenant, location.model)] as const),
  );
  return new Map(entries);
}

const folderOf = (volume: Volume, location: WeightsLocation) => path.join(volume.root, weightsPrefixOf(location));

async function describeDirectory(
  volume: Volume,
  location: WeightsLocation,
  versions: VersionsByModel,
  usage: DeploymentLocations,
): Promise<{ directory: WeightsDirectory; files: StoredFile[] }> {
  const prefix = weightsPrefixOf(location);
  const pvcUrl = volume.store.urlOf(prefix);
  const folder = folderOf(volume, location);
  const [files, bytes, modifiedAt] = await Promise.all([volume.store.list(prefix), directorySize(folder), lastModified(folder)]);
  const version = (versions.get(modelKey(location)) ?? []).find((candidate) => {
    const url = deployableUrlOf(candidate);
    return url !== null && isWithin(url, pvcUrl);
  });
  const directory: WeightsDirectory = {
    name: weightsNameOf(location),
    tenant: location.tenant,
    model: location.model,
    version: version
      ? {
          version: version.version,
          status: version.status,
          statusMessage: version.statusMessage,
          deployableUrl: version.source,
        }
      : null,
    path: prefix,
    pvcUrl,
    bytes,
    fileCount: files.length,
    source: sourceOf(version),
    usedBy: usage
      .filter((use) => use.namespace === location.tenant && isWithin(use.url, pvcUrl))
      .map(({ namespace, name }) => ({ namespace, name })),
    modifiedAt: modifiedAt?.toISOString() ?? null,
  };
  return { directory, files };
}

/** Where the files came from, as the import tagged the version. */
function sourceOf(version: ModelVersion | undefined): WeightsDirectory["source"] {
  const tags = version?.tags ?? {};
  const importJob = tags.import_job ?? null;
  if (tags.hf_repo) return { kind: "huggingface", uri: `hf://${tags.hf_repo}@${tags.hf_revision ?? "main"}`, importJob };
  if (tags.s3_uri) return { kind: "s3", uri: tags.s3_uri, importJob };
  return null;
}
