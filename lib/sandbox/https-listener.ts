// The sandbox's HTTPS server. A plain-HTTP request on its port gets what a real API server (Go) answers, a 400
// saying "Client sent an HTTP request to an HTTPS server.", rather than being served or dropped without a word.
import type { RequestListener } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { ServingTls } from "./serving-cert";

/** The first byte of every TLS connection: a handshake record carrying the ClientHello. */
const TLS_HANDSHAKE = 0x16;
const PLAIN_HTTP_ANSWER = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";

export interface HttpsListener {
  address: AddressInfo;
  /** Stops listening and ends every connection, open watches included. */
  close(): Promise<void>;
}

export async function serveHttps(tls: ServingTls, handler: RequestListener, port: number, host: string): Promise<HttpsListener> {
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
  const sockets = new Set<Socket>();
  // Peek at the first byte before TLS takes the socket; the chunk is put back and the TLS layer reads it first.
  const startTls = server.listeners("connection");
  server.removeAllListeners("connection");
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) for (const listener of startTls) listener.call(server, socket);
      else socket.end(PLAIN_HTTP_ANSWER);
    });
  });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        // Connections still in their handshake (or idle before it) are not HTTP connections yet.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
