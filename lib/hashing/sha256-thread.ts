// SHA-256 of a stream's bytes, computed on a worker thread so the thread moving the bytes only copies them: an import
// hashes every byte it stores, and on the main thread the hash alone costs more time than writing the bytes does.
// Bytes go over in 1 MiB batches, transferred, not cloned, and come back with the answer to be filled again: at most
// four in flight per hash, so memory stays bounded whatever the file's size (and no garbage piles up for a collector
// that sees little pressure); `update` hands back a promise to wait on when the thread has fallen behind.
import { Worker } from "node:worker_threads";

const BATCH_BYTES = 1024 * 1024;
const BATCHES_IN_FLIGHT = 4;

// Plain JavaScript evaluated as the thread's source, so no bundler has to find a second entry file.
const THREAD_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const hashes = new Map();
parentPort.on("message", (message) => {
  let hash = hashes.get(message.id);
  if (!hash) hashes.set(message.id, (hash = createHash("sha256")));
  if (message.data) hash.update(new Uint8Array(message.data, 0, message.length));
  if (message.op === "digest") {
    hashes.delete(message.id);
    parentPort.postMessage({ id: message.id, hex: hash.digest("hex") });
  } else if (message.op === "drop") hashes.delete(message.id);
  else parentPort.postMessage({ id: message.id, data: message.data }, [message.data]);
});`;

interface Reply {
  id: number;
  hex?: string;
  /** An update's batch, handed back. */
  data?: ArrayBuffer;
}

interface Pending {
  onAck(data: ArrayBuffer): void;
  onDigest(hex: string): void;
  onError(error: Error): void;
}

let thread: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function hashingThread(): Worker {
  if (thread) return thread;
  const started = new Worker(THREAD_SOURCE, { eval: true });
  started.unref();
  started.on("message", (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (reply.data) waiting?.onAck(reply.data);
    else if (reply.hex !== undefined) waiting?.onDigest(reply.hex);
  });
  const fail = (error: Error) => {
    thread = undefined;
    for (const waiting of pending.values()) waiting.onError(error);
    pending.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`the hashing thread exited with code ${code}`)));
  thread = started;
  return started;
}

export class ThreadedSha256 {
  private readonly id = nextId++;
  private batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private filled = 0;
  /** Batches the thread has handed back. */
  private readonly spare: ArrayBuffer[] = [];
  private inFlight = 0;
  private resume?: { resolve(): void; reject(error: Error): void };
  private failure?: Error;
  private result?: { resolve(hex: string): void; reject(error: Error): void };

  constructor() {
    pending.set(this.id, {
      onAck: (data) => {
        this.inFlight--;
        this.spare.push(data);
        const resume = this.resume;
        this.resume = undefined;
        resume?.resolve();
      },
      onDigest: (hex) => {
        pending.delete(this.id);
        this.result?.resolve(hex);
      },
      onError: (error) => {
        this.failure = error;
        this.resume?.reject(error);
        this.result?.reject(error);
      },
    });
  }

  /** Takes a copy of `chunk`; a promise means: wait for it before the next update. */
  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    let offset = 0;
    while (offset < chunk.length) {
      const taken = Math.min(chunk.length - offset, BATCH_BYTES - this.filled);
      this.batch.set(chunk.subarray(offset, offset + taken), this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === BATCH_BYTES) this.send("update");
    }
    if (this.inFlight < BATCHES_IN_FLIGHT) return undefined;
    return new Promise((resolve, reject) => (this.resume = { resolve, reject }));
  }

  digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const result = new Promise<string>((resolve, reject) => (this.result = { resolve, reject }));
    this.send("digest");
    return result;
  }

  /** Forgets a hash that will not be finished (a failed or cancelled transfer). */
  drop(): void {
    if (!pending.delete(this.id) || this.failure) return;
    hashingThread().postMessage({ id: this.id, op: "drop" });
  }

  private send(op: "update" | "digest"): void {
    const data = this.batch.buffer;
    hashingThread().postMessage({ id: this.id, op, data, length: this.filled }, [data]);
    this.filled = 0;
    if (op === "digest") return;
    this.inFlight++;
    const reused = this.spare.pop();
    this.batch = reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(BATCH_BYTES);
  }
}
