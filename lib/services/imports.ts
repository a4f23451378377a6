// Imports: bring a model's files from the Hugging Face Hub or an S3 bucket into the artifact store as a new version in
// the repository, as a background job. The version exists from the start (PENDING_REGISTRATION) and becomes READY, or
// FAILED_REGISTRATION with the reason, when the job ends; a retried job takes it back to pending.
import { createHash, randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { callerLabel, requireManageable } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { listRepoFiles, openRepoFile } from "@/lib/hub/hub-files";
import type { JobFile } from "@/lib/jobs/job";
import { TransientJobError } from "@/lib/jobs/job";
import { enqueueJob } from "@/lib/jobs/queue";
import { wakeLocalWorkers, type JobContext, type JobHandler } from "@/lib/jobs/worker";
import { getCluster } from "@/lib/k8s/cluster";
import { createCredentialsSecret, deleteSecret, readSecretData } from "@/lib/k8s/secrets";
import { notify } from "@/lib/notifications/notifications";
import { getRuntime } from "@/lib/runtime";
import type { ArtifactStore } from "@/lib/storage/artifact-store";
import {
  experimentNameFor,
  REGISTER_INFERENCE_FIELDS,
  type DownloadHfModelRequest,
  type DownloadS3ModelRequest,
  type ImportInput,
} from "@/lib/schemas/repository";
import { audited } from "./audit";
import { digestStored, transferFile, type FileSource } from "./file-transfer";
import { jobView } from "./jobs";
import { resolveNamespace } from "./management-models";
import { deployableUrlOf } from "./repository";
import { requireS3CredentialsPolicy, s3CredentialsOf, s3SourceFor, type S3Credentials } from "./s3-sources";
import { getArtifactStore, getRepository } from "./storage";
import { checkWeightsStorage } from "./weights";

export const HF_IMPORT = "huggingface-import";
export const S3_IMPORT = "s3-import";

/** What a job stores: where from, where to, and credentials only by reference. */
interface ImportParams {
  source: "huggingface" | "s3";
  model: string;
  version: string;
  /** Below the artifact store's root: `<tenant>/<model>/<id>/<artifactPath>`. */
  prefix: string;
  artifactPath: string;
  experimentName: string;
  repo?: string;
  revision?: string;
  s3?: { bucket: string; prefix: string; endpoint?: string; region: string };
  /** A Secret holding the credentials: `owned` ones were written for this job and are deleted when it succeeds. */
  credentialsSecret?: { name: string; owned: boolean };
  openbao?: { path: string; version?: number };
  /** /register_model fields, to deploy the version once it is READY. */
  inference?: Record<string, unknown>;
  /** The MLflow run the import is, when the repository is MLflow. */
  runId?: string;
  /** Who asked, to act for them when registering for inference. */
  requestedBy: { subject: string; email: string | null };
}

export type ImportRequest = ImportInput;

/** register_inference's fields: under `inference`, or at the body's top level as /register_model spells them. */
function inferenceOf(body: DownloadHfModelRequest | DownloadS3ModelRequest): ImportInput["inference"] {
  if (!body.register_inference) return undefined;
  const topLevel = Object.fromEntries(
    REGISTER_INFERENCE_FIELDS.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]),
  );
  return { ...topLevel, ...(body.inference ?? {}) };
}

export function fromDownloadHfModel(body: DownloadHfModelRequest, namespace: string): ImportRequest {
  return {
    source: "huggingface",
    namespace,
    repo: body.hf_model_name,
    revision: body.revision,
    model: body.registered_model_name,
    artifactPath: body.artifact_path,
    experimentName: body.experiment_name,
    hfToken: body.hf_token,
    inference: inferenceOf(body),
  };
}

export function fromDownloadS3Model(body: DownloadS3ModelRequest, namespace: string): ImportRequest {
  const credentials =
    body.aws_access_key_id && body.aws_secret_access_key
      ? { accessKeyId: body.aws_access_key_id, secretAccessKey: body.aws_secret_access_key, sessionToken: body.aws_session_token }
      : body.credentials_secret
        ? { secret: body.credentials_secret }
        : body.openbao_secret_path
          ? { openbaoPath: body.openbao_secret_path, version: body.openbao_secret_version }
          : undefined;
  return {
    source: "s3",
    namespace,
    bucket: body.bucket,
    prefix: body.prefix,
    endpoint: body.endpoint,
    region: body.region,
    model: body.model_name,
    artifactPath: body.artifact_path,
    experimentName: body.experiment_name,
    credentials,
    inference: inferenceOf(body),
  };
}

/** Registers the pending version, keeps any credentials in a Secret, queues the job; answers with the job. */
export async function startImport(caller: Caller, request: ImportRequest) {
  const tenant = request.namespace;
  requireManageable(caller, tenant, `Tenant ${tenant}`);
  const id = randomUUID();
  const model = request.model ?? (request.source === "huggingface" ? (request.repo.split("/")[1] ?? request.repo) : "model");
  const experimentName =
    request.experimentName ?? (request.source === "huggingface" ? experimentNameFor(request.repo) : `s3-${request.bucket}`);
  const prefix = `${tenant}/${model}/${id.slice(0, 8)}/${request.artifactPath}`;
  const store = getArtifactStore();
  const repository = getRepository();
  const origin =
    request.source === "huggingface"
      ? `hf://${request.repo}@${request.revision}`
      : `s3://${request.bucket}/${request.prefix}`.replace(/\/+$/, "");

  if (request.source === "s3") {
    requireS3CredentialsPolicy(caller, tenant, s3CredentialsOf(request.credentials), "credentials");
  }

  const secretName = `modelport-import-${id.slice(0, 8)}`;
  let ownsSecret = false;
  return audited(caller, { action: "import.start", tenant, resourceKind: "Import", resourceName: `${model} from ${origin}` }, async () => {
    let credentialsSecret: ImportParams["credentialsSecret"];
    let openbao: ImportParams["openbao"];
    if (request.source === "huggingface" && request.hfToken) {
      ownsSecret = true;
      await createCredentialsSecret(getCluster(), tenant, secretName, { token: request.hfToken }, id);
      credentialsSecret = { name: secretName, owned: true };
    }
    if (request.source === "s3" && request.credentials) {
      const given = request.credentials;
      if ("accessKeyId" in given) {
        const data: Record<string, string> = { access_key_id: given.accessKeyId, secret_access_key: given.secretAccessKey };
        if (given.sessionToken) data.session_token = given.sessionToken;
        ownsSecret = true;
        await createCredentialsSecret(getCluster(), tenant, secretName, data, id);
        credentialsSecret = { name: secretName, owned: true };
      } else if ("secret" in given) {
        credentialsSecret = { name: given.secret, owned: false };
      } else {
        openbao = { path: given.openbaoPath, version: given.version };
      }
    }
    const tags: Record<string, string> =
      request.source === "huggingface"
        ? { source: "huggingface", hf_repo: request.repo, hf_revision: request.revision, experiment: experimentName, import_job: id }
        : { source: "s3", s3_uri: origin, experiment: experimentName, import_job: id };
    await repository.ensureModel(tenant, model);
    // In MLflow an import is a run of its experiment, which the version names as its origin.
    const run = await repository.startImportRun?.(tenant, experimentName, tags);
    const version = await repository.createVersion(tenant, model, {
      source: store.urlOf(prefix),
      tags,
      createdBy: callerLabel(caller),
      runId: run?.runId,
    });
    const params: ImportParams = {
      source: request.source,
      model,
      version: version.version,
      prefix,
      artifactPath: request.artifactPath,
      experimentName,
      ...(request.source === "huggingface"
        ? { repo: request.repo, revision: request.revision }
        : { s3: { bucket: request.bucket, prefix: request.prefix, endpoint: request.endpoint, region: request.region } }),
      credentialsSecret,
      openbao,
      inference: request.inference,
      runId: run?.runId,
      requestedBy: { subject: caller.subject, email: caller.email },
    };
    const job = await enqueueJob({
      id,
      tenant,
      kind: request.source === "huggingface" ? HF_IMPORT : S3_IMPORT,
      params: params as unknown as Record<string, unknown>,
      createdBy: callerLabel(caller),
    });
    wakeLocalWorkers();
    return jobView(job);
  }).catch(async (error: unknown) => {
    // Nothing was queued: credentials written for this import go now.
    if (ownsSecret) await deleteSecret(getCluster(), tenant, secretName).catch(() => undefined);
    throw error;
  });
}

// ---- running an import ----

function paramsOf(context: JobContext): ImportParams {
  return context.job.params as unknown as ImportParams;
}

async function hubToken(context: JobContext): Promise<string | undefined> {
  const params = paramsOf(context);
  if (params.credentialsSecret) return (await readSecretData(getCluster(), context.job.tenant, params.credentialsSecret.name)).token;
  return getRuntime().config.hubToken;
}

async function runHubImport(context: JobContext): Promise<Record<string, unknown>> {
  const params = paramsOf(context);
  const { config } = getRuntime();
  const source = { endpoint: config.HF_ENDPOINT.replace(/\/+$/, ""), token: await hubToken(context) };
  const repo = params.repo as string;
  // The first attempt pins the commit; later attempts copy the same files, not a newer revision.
  let commit = context.checkpoint.commit as string | undefined;
  if (!commit || context.files.length === 0) {
    const listing = await listRepoFiles(source, repo, params.revision ?? "main").catch((error: unknown) => {
      throw importError(error, repo);
    });
    commit = listing.commit;
    // Files kept in git (not LFS) have no sha256 on the Hub; their git blob id is checked instead.
    const gitOids = Object.fromEntries(listing.files.filter((file) => !file.sha256 && file.gitOid).map((file) => [file.path, file.gitOid]));
    context.saveCheckpoint({ commit, gitOids });
    context.setFiles(listing.files.map((file) => pendingFile(file.path, file.bytes, file.sha256 ?? null)));
    context.log("info", `${repo}@${params.revision} is commit ${commit}: ${listing.files.length} files`);
  }
  const pinned = commit;
  const gitOids = (context.checkpoint.gitOids ?? {}) as Record<string, string>;
  await copyFiles(
    context,
    (file): FileSource => ({ open: (start, signal) => openRepoFile(source, repo, pinned, file.path, { start, signal }) }),
    async (file, key) => {
      const expected = gitOids[file.path];
      if (!expected) return;
      const actual = await gitBlobOid(getArtifactStore(), key);
      if (actual !== expected) {
        await getArtifactStore().remove(key);
        throw new AppError(
          "invalid",
          `Checksum mismatch for ${file.path}: the Hub lists git blob ${expected}, the bytes received are ${actual}`,
        );
      }
    },
  );
  return finish(context, { hf_commit: pinned });
}

async function runS3Import(context: JobContext): Promise<Record<string, unknown>> {
  const params = paramsOf(context);
  const location = params.s3 as NonNullable<ImportParams["s3"]>;
  const credentials: S3Credentials = params.credentialsSecret
    ? { kind: "secret", name: params.credentialsSecret.name }
    : params.openbao
      ? { kind: "openbao", path: params.openbao.path, version: params.openbao.version }
      : { kind: "default" };
  const source = await s3SourceFor(context.job.tenant, location, credentials);
  const objects = await source.list().catch((error: unknown) => {
    throw importError(error, `s3://${location.bucket}/${location.prefix}`);
  });
  if (objects.length === 0) throw new AppError("not_found", `Nothing is stored under s3://${location.bucket}/${location.prefix}`);
  if (context.files.length === 0) {
    context.setFiles(objects.map((object) => pendingFile(object.path, object.bytes, null)));
    context.log("info", `s3://${location.bucket}/${location.prefix}: ${objects.length} objects`);
  }
  const byPath = new Map(objects.map((object) => [object.path, object]));
  await copyFiles(context, (file): FileSource => {
    const object = byPath.get(file.path);
    if (!object) throw new AppError("not_found", `${file.path} is no longer in the bucket`);
    return { open: (start, signal) => source.open(object, start, signal) };
  });
  return finish(context, {});
}

function pendingFile(path: string, bytes: number | null, sha256: string | null): JobFile {
  return { path, bytesDone: 0, bytesTotal: bytes, sha256, state: "pending" };
}

/** Files copied at once within one import: enough to keep the source, the hash and the store busy together. */
const FILES_AT_ONCE = 2;

/**
 * Copies every file not yet done, FILES_AT_ONCE at a time. A file an earlier attempt finished is not fetched again;
 * it is re-hashed first, since the attempt that wrote it may have ended with the machine (files are not synced one by
 * one). The first failure stops the others.
 */
async function copyFiles(
  context: JobContext,
  sourceOf: (file: JobFile) => FileSource,
  verify?: (file: JobFile, key: string) => Promise<void>,
): Promise<void> {
  const params = paramsOf(context);
  const store = getArtifactStore();
  const stallMs = getRuntime().config.MODELPORT_IMPORT_STALL_SECONDS * 1000;
  const failed = new AbortController();
  const signal = AbortSignal.any([context.signal, failed.signal]);
  const copyOne = async (file: JobFile): Promise<void> => {
    const key = `${params.prefix}/${file.path}`;
    if (file.state === "done" && (await storedIntact(store, key, file))) return;
    context.updateFile(file.path, { state: "running" });
    // Bytes are counted per chunk but handed to the job every 250 ms (the heartbeat saves them once a second), so a
    // multi-gigabyte file does not rebuild the job's file list for each of its chunks.
    let bytesDone = 0;
    const report = setInterval(() => context.updateFile(file.path, { bytesDone }), 250);
    try {
      const copied = await transferFile(sourceOf(file), {
        store,
        key,
        bytesTotal: file.bytesTotal,
        expectedSha256: file.sha256,
        stallMs,
        signal,
        onProgress: (bytes) => (bytesDone = bytes),
      });
      await verify?.(file, key);
      context.updateFile(file.path, { state: "done", bytesDone: copied.bytes, bytesTotal: copied.bytes, sha256: copied.sha256 });
    } catch (error) {
      context.updateFile(file.path, { state: signal.aborted ? "pending" : "failed", bytesDone });
      throw importError(error, file.path);
    } finally {
      clearInterval(report);
    }
  };
  const queue = [...context.files];
  const lane = async (): Promise<void> => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      signal.throwIfAborted();
      try {
        await copyOne(file);
      } catch (error) {
        failed.abort(error);
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: FILES_AT_ONCE }, lane));
  context.signal.throwIfAborted();
  const first = lanes.find((lane): lane is PromiseRejectedResult => lane.status === "rejected");
  if (first) throw failed.signal.reason ?? first.reason;
}

async function storedIntact(store: ArtifactStore, key: string, file: JobFile): Promise<boolean> {
  const stored = await store.stat(key);
  if (!stored || (file.bytesTotal !== null && stored.bytes !== file.bytesTotal)) return false;
  return file.sha256 === null || (await digestStored(store, key)) === file.sha256;
}

async function finish(context: JobContext, extraTags: Record<string, string>): Promise<Record<string, unknown>> {
  const params = paramsOf(context);
  const repository = getRepository();
  const bytes = context.files.reduce((sum, file) => sum + file.bytesDone, 0);
  const version = await repository.settleVersion(
    context.job.tenant,
    params.model,
    params.version,
    "READY",
    `Imported ${context.files.length} files (${bytes} bytes)${Object.keys(extraTags).length ? ` from ${Object.values(extraTags).join(", ")}` : ""}`,
  );
  if (params.runId) await repository.finishImportRun?.(params.runId, true);
  const deployableUrl = deployableUrlOf(version);
  let deployment: string | null = null;
  let deploymentError: string | null = null;
  if (params.inference && deployableUrl) {
    // The version is imported whatever happens here: a refused deployment is reported, not a failed import.
    try {
      deployment = await registerForInference(context, deployableUrl);
    } catch (error) {
      deploymentError = error instanceof Error ? error.message : String(error);
      context.log("warn", `not registered for inference: ${deploymentError}`);
    }
  }
  await dropOwnedSecret(context.job.tenant, params);
  return { model: params.model, version: params.version, deployableUrl, deployment, deploymentError };
}

async function dropOwnedSecret(tenant: string, params: ImportParams): Promise<void> {
  if (params.credentialsSecret?.owned) await deleteSecret(getCluster(), tenant, params.credentialsSecret.name);
}

async function registerForInference(context: JobContext, url: string): Promise<string> {
  const params = paramsOf(context);
  // Imported lazily: the installer service imports this module's callers.
  const { registerModel } = await import("./installer");
  const caller: Caller = {
    kind: "user",
    subject: params.requestedBy.subject,
    email: params.requestedBy.email,
    displayName: params.requestedBy.email ?? params.requestedBy.subject,
    isAdmin: false,
    // The requester could manage models in this tenant when the job was accepted; the job acts for them there only.
    tenantRoles: { [context.job.tenant]: "member" },
  };
  const inference = params.inference ?? {};
  const registered = await registerModel(caller, {
    name:
      (inference.name as string | undefined) ??
      params.model
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40),
    engine: "VLLM",
    features: ["TextGeneration"],
    ...inference,
    url,
    namespace: context.job.tenant,
  } as Parameters<typeof registerModel>[1]);
  context.log("info", `registered for inference as ${registered.namespace}/${registered.name}`);
  return registered.name;
}

/** Git's id of a stored file: sha1 of "blob <size>\0" and its bytes (files kept in git are small). */
async function gitBlobOid(store: ArtifactStore, key: string): Promise<string> {
  const stored = await store.stat(key);
  const hash = createHash("sha1").update(`blob ${stored?.bytes ?? 0}\0`);
  for await (const chunk of await store.read(key)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Errors in words a user can act on; a dropped connection, a rate limit or an unavailable source is worth another attempt. */
function importError(error: unknown, path: string): Error {
  if (error instanceof TransientJobError) return error;
  if (error instanceof AppError) {
    if (error.code === "too_many_requests" || error.code === "unavailable") {
      const retryAfterSeconds = Number(error.details?.retryAfterSeconds);
      return new TransientJobError(error.message, Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : undefined);
    }
    return error;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC") {
    return new AppError(
      "unavailable",
      `The weights volume is full while writing ${path}: delete unused weights or give the volume more space`,
    );
  }
  if (code === "EACCES" || code === "EROFS")
    return new AppError("unavailable", `Modelport cannot write the weights volume (${code}) while writing ${path}`);
  const message = error instanceof Error ? error.message : String(error);
  return new TransientJobError(`${path}: ${message}`);
}

function handler(kind: string, run: (context: JobContext) => Promise<Record<string, unknown>>): JobHandler {
  return {
    kind,
    async run(context) {
      const params = paramsOf(context);
      await getRepository().settleVersion(context.job.tenant, params.model, params.version, "PENDING_REGISTRATION", "Importing");
      try {
        return await run(context);
      } finally {
        await checkWeightsStorage();
      }
    },
    // The version says why it is not usable; a retried job takes it back to pending.
    async ended(job, state, error) {
      const params = job.params as unknown as ImportParams;
      const repository = getRepository();
      await dropOwnedSecret(job.tenant, params).catch(() => undefined);
      if (params.runId) await repository.finishImportRun?.(params.runId, false).catch(() => undefined);
      await repository.settleVersion(
        job.tenant,
        params.model,
        params.version,
        "FAILED_REGISTRATION",
        state === "cancelled" ? "Import cancelled" : error,
      );
      if (state === "failed")
        notify({ kind: "import.failed", tenant: job.tenant, job: { id: job.id, kind: job.kind }, source: sourceOf(params), error });
    },
  };
}

/** Where an import's weights came from, as users write it (no credentials: those live in a Secret). */
function sourceOf(params: ImportParams): string | undefined {
  if (params.repo) return `hf://${params.repo}${params.revision ? `@${params.revision}` : ""}`;
  return params.s3 ? `s3://${params.s3.bucket}/${params.s3.prefix}` : undefined;
}

export const importHandlers: JobHandler[] = [handler(HF_IMPORT, runHubImport), handler(S3_IMPORT, runS3Import)];

/** The Model Installer's answer to a download: its message and job id, with the job. */
async function accepted(caller: Caller, request: ImportRequest) {
  const job = await startImport(caller, request);
  return { message: `Import of ${job.source} started`, job_id: job.id, job };
}

export async function downloadHfModel(caller: Caller, body: DownloadHfModelRequest) {
  return accepted(caller, fromDownloadHfModel(body, await resolveNamespace(caller, body.namespace)));
}

export async function downloadS3Model(caller: Caller, body: DownloadS3ModelRequest) {
  const request = fromDownloadS3Model(body, await resolveNamespace(caller, body.namespace));
  if (request.source === "s3") {
    // Checked here first to name the body's own field; startImport checks the same again.
    const field = body.openbao_secret_path ? "openbao_secret_path" : body.credentials_secret ? "credentials_secret" : "aws_access_key_id";
    requireS3CredentialsPolicy(caller, request.namespace, s3CredentialsOf(request.credentials), field);
  }
  return accepted(caller, request);
}
