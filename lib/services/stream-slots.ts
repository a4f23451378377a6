// Caps the live streams one caller holds open in this process, so one caller cannot tie up the server's watches.
import { AppError } from "@/lib/errors";
import { getRuntime, processSingleton } from "@/lib/runtime";

// Streams last minutes; a client told to retry sooner would only be refused again.
const RETRY_AFTER_SECONDS = 30;

/** Open streams by caller subject; shared by every bundle in the process (route handlers, the custom server). */
function openStreams(): Map<string, number> {
  return processSingleton("stream-slots", () => new Map<string, number>());
}

/**
 * Takes one of the caller's stream slots or refuses with 429 when all are taken. Returns the release function,
 * which is safe to call more than once: each stream calls it on whichever way it ends.
 */
export function acquireStreamSlot(subject: string): () => void {
  const limit = getRuntime().config.MODELPORT_MAX_STREAMS_PER_CALLER;
  const counts = openStreams();
  const open = counts.get(subject) ?? 0;
  if (open >= limit) {
    throw new AppError("too_many_requests", `You already have ${open} live streams open (the limit is ${limit}); close one and retry`, {
      limit,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }
  counts.set(subject, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.get(subject) ?? 1) - 1;
    if (left > 0) counts.set(subject, left);
    else counts.delete(subject);
  };
}

/** How many streams the caller holds open now. */
export function openStreamCount(subject: string): number {
  return openStreams().get(subject) ?? 0;
}
