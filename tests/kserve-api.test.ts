// InferenceServices through client-node against the sandbox, as against a real API server: built by Modelport's
// builder, dry-run and created, listed, read back with their status moving to Ready, stopped, and deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { buildInferenceService, inferenceServiceFromObject, withStop } from "@/lib/k8s/kserve-inference-service";
import {
  createInferenceService,
  deleteInferenceService,
  eventsOfInferenceService,
  getInferenceService,
  listInferenceServiceEvents,
  listInferenceServices,
  replaceInferenceService,
} from "@/lib/k8s/kserve-inference-service-api";
import { deriveInferenceServiceStatus } from "@/lib/k8s/kserve-status";
import { kserveDeploymentInputSchema } from "@/lib/schemas/kserve";
import { startHarness, type Harness } from "./harness";

describe("InferenceServices over the Kubernetes API", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness("pglite");
  });
  afterAll(async () => harness?.stop());

  const iris = () =>
    buildInferenceService(
      kserveDeploymentInputSchema.parse({
        backend: "kserve",
        name: "sklearn-iris",
        namespace: "tenant-a",
        modelFormat: { name: "sklearn" },
        storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
        deploymentMode: "RawDeployment",
      }),
      "alice@modelport.local",
      [],
    );

  it("creates (after a dry run that stores nothing), lists, and reads back what it built", async () => {
    const cluster = getCluster();
    await createInferenceService(cluster, iris(), true);
    expect((await listInferenceServices(cluster, "tenant-a")).items).toEqual([]);
    const created = await createInferenceService(cluster, iris());
    expect(created.metadata.uid).toBeTruthy();
    expect((await listInferenceServices(cluster, "tenant-a")).items.map((item) => item.metadata.name)).toEqual(["sklearn-iris"]);
    expect(inferenceServiceFromObject(created)).toMatchObject({ name: "sklearn-iris", modelFormat: { name: "sklearn" } });
  });

  it("becomes Ready through the simulated controller, then Stopped with the stop annotation", async () => {
    const cluster = getCluster();
    const statusNow = async () => {
      const isvc = await getInferenceService(cluster, "tenant-a", "sklearn-iris");
      const events = eventsOfInferenceService(await listInferenceServiceEvents(cluster, "tenant-a", "sklearn-iris"), isvc);
      return deriveInferenceServiceStatus(isvc, events).status;
    };
    await expect.poll(statusNow, { timeout: 15_000 }).toBe("Ready");
    const current = await getInferenceService(cluster, "tenant-a", "sklearn-iris");
    await replaceInferenceService(cluster, withStop(current, true));
    await expect.poll(statusNow, { timeout: 15_000 }).toBe("Stopped");
  });

  it("deletes, then answers 404", async () => {
    const cluster = getCluster();
    await deleteInferenceService(cluster, "tenant-a", "sklearn-iris");
    await expect(getInferenceService(cluster, "tenant-a", "sklearn-iris")).rejects.toMatchObject({ code: "not_found" });
  });
});
