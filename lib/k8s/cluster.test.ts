// The API clients share their connections: client-node alone opens one (TLS handshake and all) for every call.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "@/lib/sandbox";
import { createCluster, type Cluster } from "./cluster";

describe("the cluster's API clients", () => {
  let sandbox: SandboxCluster;
  let cluster: Cluster;
  let dir: string;
  /** A TCP relay in front of the API server, counting the connections made through it. */
  let relay: net.Server;
  let connections = 0;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ controller: false, kserve: false });
    const target = new URL(sandbox.url);
    relay = net.createServer((socket) => {
      connections += 1;
      const onward = net.connect(Number(target.port), target.hostname);
      socket.pipe(onward).pipe(socket);
      socket.on("error", () => onward.destroy());
      onward.on("error", () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const relayed = `https://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-connections-"));
    fs.writeFileSync(path.join(dir, "kubeconfig"), sandbox.kubeconfigYaml.replace(sandbox.url, relayed));
    cluster = createCluster({ kind: "kubeconfig", kubeconfigPath: path.join(dir, "kubeconfig") });
  });
  afterAll(async () => {
    relay?.close();
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("make one connection for calls one after another, authenticated as the kubeconfig says", async () => {
    for (let call = 0; call < 6; call++) {
      const namespaces = await cluster.core.listNamespace();
      expect(namespaces.items.map((item) => item.metadata?.name)).toContain("default");
      await cluster.customObjects.listNamespacedCustomObject({
        group: "kubeai.org",
        version: "v1",
        namespace: "default",
        plural: "models",
      });
    }
    expect(connections).toBe(1);
  });

  it("still refuses a server it does not trust", async () => {
    const other = await startSandboxCluster({ controller: false, kserve: false });
    try {
      // The same server address with the other cluster's CA: the shared connections must not carry over.
      const mixed = sandbox.kubeconfigYaml.replace(
        /certificate-authority-data: .*/,
        `certificate-authority-data: ${Buffer.from(other.caPem).toString("base64")}`,
      );
      fs.writeFileSync(path.join(dir, "mixed"), mixed);
      const distrusting = createCluster({ kind: "kubeconfig", kubeconfigPath: path.join(dir, "mixed") });
      await expect(distrusting.core.listNamespace()).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});
