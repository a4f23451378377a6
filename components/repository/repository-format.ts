// How the repository and import pages say sizes, speeds and times left, and where Deploy Model leads. Pure.
import type { JobView, ModelVersionView } from "@/lib/schemas/repository";

const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** 1.5 GB, 320 KB, 12 B: decimal units, as Hugging Face and S3 consoles show them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** 1h 5m, 4m 10s, 35s. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${whole % 60}s`;
  return `${whole}s`;
}

/** Whole percent done, or undefined while the total is not known yet (the bar is then indeterminate). */
export function percentDone(done: number, total: number | null, finished = false): number | undefined {
  if (finished) return 100;
  if (total === null) return undefined;
  if (total === 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

export const isJobActive = (job: Pick<JobView, "state">) => job.state === "queued" || job.state === "running";

/** The advanced form, told which repository version to start from; it fills the URL and name itself. */
export function deployHref(version: Pick<ModelVersionView, "namespace" | "name" | "version">): string {
  return `/deployments/new?repository=${[version.namespace, version.name, version.version].map(encodeURIComponent).join("/")}`;
}

/** `?repository=<namespace>/<model>/<version>` read back; undefined when it is not three parts. */
export function parseRepositoryRef(value: string | undefined): { namespace: string; name: string; version: string } | undefined {
  const parts = value?.split("/") ?? [];
  if (parts.length !== 3 || parts.some((part) => part === "")) return undefined;
  const [namespace, name, version] = parts;
  return { namespace, name, version };
}

export const modelHref = (namespace: string, name: string) => `/repository/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

/** The newest READY version with a deployable URL: what From Repository picks unless told otherwise. */
export function latestDeployable(versions: readonly ModelVersionView[]): ModelVersionView | undefined {
  return [...versions].sort((a, b) => Number(b.version) - Number(a.version)).find(isDeployable);
}

export const isDeployable = (version: Pick<ModelVersionView, "status" | "deployableUrl">) =>
  version.status === "READY" && version.deployableUrl !== null;

/** "1.2 GB of 4.5 GB", "3 of 7 files", "12 MB/s", "about 2m 10s left": what is known of a job's progress. */
export function progressSummary(progress: JobView["progress"], active: boolean): string[] {
  const parts = [
    progress.bytesTotal === null
      ? formatBytes(progress.bytesDone)
      : `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`,
  ];
  if (progress.filesTotal > 0) parts.push(`${progress.filesDone} of ${progress.filesTotal} files`);
  // Speed and time left only mean something while bytes are still moving.
  if (active && progress.bytesPerSecond !== null) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (active && progress.etaSeconds !== null) parts.push(`about ${formatDuration(progress.etaSeconds)} left`);
  return parts;
}
