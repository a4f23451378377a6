// A webhook receiver: records every notification Modelport POSTs, answering 200.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedNotification {
  id: string;
  kind: string;
  summary: string;
  tenant?: string;
  resource?: string;
  [field: string]: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedNotification[];
  close(): Promise<void>;
}

export function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedNotification[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      received.push(JSON.parse(Buffer.concat(parts).toString("utf8")));
      res.end("ok");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/modelport`,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}
