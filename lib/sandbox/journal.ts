// The append-only journal of the store's persisted changes, folded into the snapshot file in the background once it grows.
import { closeSync, fchmodSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { encodeEntry } from "./journal-entries";
import { PRIVATE_FILE_MODE, writePrivateFile } from "./private-files";
import type { ChangeEvent, StoreSnapshot } from "./store";

export interface JournalLimits {
  /** A compaction starts once the journal holds this many entries… */
  maxEntries: number;
  /** …or this many bytes, whichever comes first. */
  maxBytes: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 };

export interface JournalStats {
  entries: number;
  bytes: number;
  compactions: number;
}

function openForAppend(file: string, flags: "a" | "w"): number {
  const fd = openSync(file, flags, PRIVATE_FILE_MODE);
  // The open mode only applies to a file it creates.
  fchmodSync(fd, PRIVATE_FILE_MODE);
  return fd;
}

/** Writes the whole line: one write call normally, more only if the kernel takes part of it. */
function appendAll(fd: number, text: string): number {
  const buffer = Buffer.from(text, "utf8");
  for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset);
  return buffer.length;
}

/**
 * Each change is one line written straight to the file (no fsync: a killed process loses nothing, a machine crash may
 * lose the last moments, acceptable for a dev sandbox; close fsyncs). A compaction captures the store (object
 * references, so cheap), writes it as the snapshot in slices that yield to the event loop, then keeps only the journal
 * lines appended meanwhile. Lines the snapshot already covers are skipped on load by resourceVersion, so a crash at any
 * point of a compaction loses nothing.
 */
export class StoreJournal {
  private fd: number;
  private entries = 0;
  private bytes = 0;
  private compactions = 0;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** After a failed compaction the next attempt waits for more entries, so a full disk is not retried on every write. */
  private retryAtEntries = 0;

  /** Starts an empty journal: whatever the file held must already be in the snapshot. */
  constructor(
    private readonly file: string,
    private readonly capture: () => StoreSnapshot,
    private readonly writeSnapshot: (snapshot: StoreSnapshot) => Promise<void>,
    private readonly limits: JournalLimits = DEFAULT_JOURNAL_LIMITS,
  ) {
    this.fd = openForAppend(file, "w");
  }

  append(event: ChangeEvent): void {
    // Once closing, the final compaction captures whatever the store holds.
    if (this.closing) return;
    this.bytes += appendAll(this.fd, encodeEntry(event));
    this.entries += 1;
    const full = this.entries >= this.limits.maxEntries || this.bytes >= this.limits.maxBytes;
    if (full && !this.running && this.entries >= this.retryAtEntries) this.running = this.compactInBackground();
  }

  /** Folds everything appended so far into the snapshot (after the compaction under way, if any). */
  async compact(): Promise<void> {
    while (this.running) await this.running;
    if (this.closing) return;
    this.running = this.compactInBackground();
    await this.running;
  }

  stats(): JournalStats {
    return { entries: this.entries, bytes: this.bytes, compactions: this.compactions };
  }

  /** Flushes the journal to disk, then folds it into the snapshot; the files hold exactly the store afterwards. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.running) await this.running;
      fsyncSync(this.fd);
      try {
        await this.compactOnce();
      } catch (error) {
        console.error("sandbox cluster: final journal compaction failed; the flushed journal still holds every change", error);
      }
      closeSync(this.fd);
    })();
    return this.closing;
  }

  private async compactInBackground(): Promise<void> {
    try {
      await this.compactOnce();
    } catch (error) {
      console.error("sandbox cluster: journal compaction failed; the journal keeps every change", error);
      this.retryAtEntries = this.entries + this.limits.maxEntries;
    } finally {
      this.running = undefined;
    }
  }

  private async compactOnce(): Promise<void> {
    const snapshot = this.capture();
    const covered = { bytes: this.bytes, entries: this.entries };
    await this.writeSnapshot(snapshot);
    this.dropCovered(covered.bytes, covered.entries);
    this.compactions += 1;
  }

  /** Replaces the journal by the lines appended while the snapshot was written; synchronous, so no append interleaves. */
  private dropCovered(coveredBytes: number, coveredEntries: number): void {
    const tail = Buffer.alloc(this.bytes - coveredBytes);
    if (tail.length > 0) {
      const reader = openSync(this.file, "r");
      try {
        for (let read = 0; read < tail.length;) {
          const n = readSync(reader, tail, read, tail.length - read, coveredBytes + read);
          if (n === 0) throw new Error(`${this.file} is shorter than what was appended to it`);
          read += n;
        }
      } finally {
        closeSync(reader);
      }
    }
    // Whole lines only (coveredBytes is a line boundary), so the UTF-8 round trip is exact.
    writePrivateFile(this.file, tail.toString("utf8"));
    closeSync(this.fd);
    this.fd = openForAppend(this.file, "a");
    this.bytes = tail.length;
    this.entries -= coveredEntries;
  }
}
