// Benchmark: paging through every deployment as the browser does (limit 250), at 100 and at 1,000 Models in the
// sandbox cluster. Prints time per full listing and per item; the 100-Model run is the baseline of the same run.
import { performance } from "node:perf_hooks";
import { getCluster } from "@/lib/k8s/cluster";
import { buildModelManifest } from "@/lib/k8s/kubeai-model";
import { createModel } from "@/lib/k8s/kubeai-model-api";
import { kubeaiDeploymentInputSchema } from "@/lib/schemas/deployment";
import { listDeployments } from "@/lib/services/deployments";
import type { Caller } from "@/lib/auth/caller";
import { startHarness } from "@/tests/harness";

const admin: Caller = { kind: "bootstrap", subject: "bench", email: null, displayName: "bench", isAdmin: true, tenantRoles: {} };

async function fill(from: number, to: number) {
  const cluster = getCluster();
  for (let index = from; index < to; index += 1) {
    const deployment = kubeaiDeploymentInputSchema.parse({
      name: `bench-${index}`,
      namespace: "tenant-a",
      url: "hf://a/b",
      engine: "VLLM",
      features: ["TextGeneration"],
    });
    await createModel(cluster, buildModelManifest(deployment, "bench"));
  }
}

async function listAll(): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await listDeployments(admin, { limit: 250, continue: cursor });
    count += page.items.length;
    cursor = page.continue;
  } while (cursor);
  return count;
}

async function measure(label: string, runs = 5) {
  await listAll();
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    count = await listAll();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${label}: ${count} deployments, full listing median ${median.toFixed(1)} ms, ${(median / count).toFixed(3)} ms per deployment`,
  );
  return median / count;
}

async function main() {
  const harness = await startHarness("pglite");
  try {
    await fill(0, 100);
    const baseline = await measure("baseline (100 Models)");
    await fill(100, 1000);
    const large = await measure("1,000 Models");
    console.log(`per-deployment cost at 1,000 vs 100: ${(large / baseline).toFixed(2)}x (linear paging keeps this near 1x)`);
  } finally {
    await harness.stop();
  }
}

void main();
