// Webhook notifications from a running Modelport: a deployment that turns Failed and the weights volume past
// PVC_ALERT_THRESHOLD each notify once, however often they are checked, in the body a receiver can rely on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";
import { startWebhookReceiver, type WebhookReceiver } from "./stand-ins/webhook";

describe("webhook notifications", () => {
  let harness: Harness;
  let receiver: WebhookReceiver;
  let alice: string;
  const of = (kind: string) => receiver.received.filter((event) => event.kind === kind);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    harness = await startHarness("pglite", {
      NOTIFY_WEBHOOK_URL: receiver.url,
      MODELPORT_ALERT_INTERVAL_SECONDS: "1",
      // Any use of the volume passes it.
      PVC_ALERT_THRESHOLD: "0.000001",
    });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    await receiver?.close();
  });

  it("tells of a deployment that turned Failed, once, with the cluster's reason", async () => {
    const body = {
      backend: "kserve",
      namespace: "tenant-a",
      name: "iris-broken",
      modelFormat: { name: "sklearn" },
      storageUri: "pvc://no-such-claim/model",
    };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    await expect.poll(() => of("deployment.failed").length, { timeout: 20_000 }).toBe(1);
    expect(of("deployment.failed")[0]).toMatchObject({
      id: expect.any(String),
      severity: "critical",
      tenant: "tenant-a",
      deployment: { namespace: "tenant-a", name: "iris-broken", backend: "kserve" },
      message: expect.stringMatching(/no-such-claim/),
      summary: expect.stringMatching(/iris-broken/),
    });
    // Checked every second, still failed: no second notification.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(of("deployment.failed")).toHaveLength(1);
  });

  it("tells once when the weights volume passes PVC_ALERT_THRESHOLD", async () => {
    for (let read = 0; read < 3; read++) expect((await call("GET", "/api/v1/weights/usage", { token: ADMIN_TOKEN })).status).toBe(200);
    await expect.poll(() => of("storage.threshold").length).toBe(1);
    expect(of("storage.threshold")[0]).toMatchObject({ storage: "modelport-weights", threshold: 0.000001, ratio: expect.any(Number) });
  });
});
