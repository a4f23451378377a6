// V8's memory reducer shrinks the heap of a process that has gone quiet for a few seconds (it was made for background
// browser tabs); a server then pays to grow it back on the next burst. Measured here with bench:gateway's child
// (bursts of 1,500 requests at concurrency 50, six idle seconds apart): 0.40–0.45 ms of CPU per request with the
// reducer, 0.23–0.27 ms without, at the price of an idle heap that stays at its working size.
import v8 from "node:v8";

/** Called first thing by every server process (and by the benchmarks' copies of one). */
export function tuneHeapForServing(): void {
  v8.setFlagsFromString("--no-memory-reducer");
}
