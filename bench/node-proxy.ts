// The floor for bench:gateway: the least a Node HTTP proxy does (read the body, send it on a keep-alive connection,
// pass the answer back), with no keys, limits, metering or routing. Whatever this costs on a machine, no gateway
// written on Node's HTTP stack costs less there; the bench prints it beside Modelport's figures. Prints its port.
import http from "node:http";
import type { AddressInfo } from "node:net";

const upstream = new URL(process.env.BENCH_UPSTREAM ?? "http://127.0.0.1:9");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on("data", (chunk: Buffer) => parts.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(parts);
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        agent,
        headers: { "content-type": "application/json", "content-length": body.length },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    forwarded.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
