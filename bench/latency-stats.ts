// Latency figures for the deployment benchmarks: percentiles of a sample set, one printed row per measurement with
// its same-run baseline, and the verdict against a target (printed, never thrown: benchmarks do not fail CI).
export interface Latency {
  label: string;
  samples: number[];
}

/** Nearest-rank percentile: the smallest sample with at least `p` percent of the samples at or below it. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);

export function printHeader(): void {
  console.log(`${"measurement".padEnd(58)} ${"n".padStart(3)} ${"p50".padStart(10)} ${"p95".padStart(10)}   vs baseline (p50, p95)`);
}

/** One row; with a baseline, also how many times slower (or faster) it is at p50 and p95. */
export function printLatency(row: Latency, baseline?: Latency): void {
  const p50 = percentile(row.samples, 50);
  const p95 = percentile(row.samples, 95);
  const ratio = baseline
    ? `${(p50 / percentile(baseline.samples, 50)).toFixed(2)}x, ${(p95 / percentile(baseline.samples, 95)).toFixed(2)}x of "${baseline.label}"`
    : "(baseline)";
  console.log(`${row.label.padEnd(58)} ${String(row.samples.length).padStart(3)} ${ms(p50)} ${ms(p95)}   ${ratio}`);
}

/** PASS when the sample set's p95 is under the target. */
export function printVerdict(target: string, row: Latency, limitMs: number): boolean {
  const p95 = percentile(row.samples, 95);
  const met = p95 < limitMs;
  console.log(`${met ? "PASS" : "MISS"}  ${target}: p95 ${p95.toFixed(1)} ms (${row.label})`);
  return met;
}
