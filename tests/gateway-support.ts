// What the gateway suites share: deployments to call (a KubeAI chat model, KServe's iris classifier), the custom
// server's request listener on a port of its own (Next's side answers 418, so a test sees which side answered), and
// waiting for a deployment to be Ready.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { createProxyTrust } from "@/lib/server/forwarded-headers";
import { createGatewayListener, matchesGateway } from "@/lib/server/gateway-listener";
import { createRequestListener } from "@/lib/server/request-listener";
import { call } from "./http";

export const chatModel = {
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "cpu:1",
  minReplicas: 1,
};

export const iris = {
  backend: "kserve",
  namespace: "tenant-a",
  modelFormat: { name: "sklearn" },
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
  deploymentMode: "RawDeployment",
};

export interface GatewayServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGatewayServer(): Promise<GatewayServer> {
  const server = http.createServer(
    createRequestListener({
      trust: createProxyTrust([]),
      gateway: { matches: matchesGateway, handle: createGatewayListener() },
      handleNext: (_req, res) => {
        res.statusCode = 418;
        res.end("null");
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function createDeployments(token: string, ...bodies: Array<Record<string, unknown>>): Promise<void> {
  for (const body of bodies) {
    const result = await call("POST", "/api/v1/deployments", { token, body });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
  }
}

export async function waitReady(token: string, namespace: string, name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await call("GET", `/api/v1/deployments/${namespace}/${name}`, { token })).body.status !== "Ready") {
    if (Date.now() > deadline) throw new Error(`${namespace}/${name} is not Ready after 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
