// The model repository: registered models and their versions, each version pointing at the weights it was made
// from. One interface, two implementations — the built-in registry in Modelport's own database (the default) and an
// MLflow tracking server (MLFLOW_TRACKING_URI). Every entry belongs to one tenant; names are unique per tenant.

export const VERSION_STATUSES = ["PENDING_REGISTRATION", "READY", "FAILED_REGISTRATION"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface ModelVersion {
  tenant: string;
  /** The registered model's name. */
  name: string;
  /** "1", "2", …: a string, as MLflow has it. */
  version: string;
  status: VersionStatus;
  statusMessage: string | null;
  /** Where the weights are: `pvc://…`, `s3://…`, `mlflow-artifacts:/…`, `hf://…`. */
  source: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

export interface RegisteredModel {
  tenant: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /** The highest version, whatever its status. */
  latestVersion: ModelVersion | null;
}

export interface NewVersion {
  source: string;
  description?: string;
  tags?: Record<string, string>;
  createdBy: string;
  /** The MLflow run that owns the uploaded artifacts, when there is one. */
  runId?: string;
}

export interface ModelPage {
  models: RegisteredModel[];
  /** Opaque; absent on the last page. */
  nextPageToken?: string;
}

export interface Repository {
  readonly kind: "builtin" | "mlflow";
  /** Models whose name contains `search` (case-insensitive), by name. */
  listModels(tenant: string, options?: { search?: string; limit?: number; pageToken?: string }): Promise<ModelPage>;
  getModel(tenant: string, name: string): Promise<RegisteredModel | undefined>;
  /** Creates the model if it does not exist; returns it either way. */
  ensureModel(tenant: string, name: string, options?: { description?: string; tags?: Record<string, string> }): Promise<RegisteredModel>;
  /** Deletes the model and all its versions; false when there was none. */
  deleteModel(tenant: string, name: string): Promise<boolean>;
  /** Versions of a model, newest first. */
  listVersions(tenant: string, name: string): Promise<ModelVersion[]>;
  getVersion(tenant: string, name: string, version: string): Promise<ModelVersion | undefined>;
  /** Adds the next version of an existing model. It starts PENDING_REGISTRATION; `settleVersion` makes it READY or FAILED. */
  createVersion(tenant: string, name: string, version: NewVersion): Promise<ModelVersion>;
  /** Sets a version's status with a message: READY or FAILED once an import ends, PENDING again when it is retried. */
  settleVersion(tenant: string, name: string, version: string, status: VersionStatus, message?: string): Promise<ModelVersion>;
  deleteVersion(tenant: string, name: string, version: string): Promise<boolean>;
  /**
   * Where the repository records an import as work of its own (MLflow: a run in the tenant's experiment, whose id the
   * version carries as its run_id): begun before the version is created, finished when the import ends.
   */
  startImportRun?(tenant: string, experimentName: string, tags: Record<string, string>): Promise<{ runId: string }>;
  finishImportRun?(runId: string, ok: boolean): Promise<void>;
}
