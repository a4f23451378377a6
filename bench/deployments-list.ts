// Benchmark: the deployments list API with 1,000 KubeAI Models over 10 namespaces, called through the real route handler
// in process (as tests/http.ts does) with the admin person's bearer token, next to a bare client-node list of the same
// objects in the same run. Target: list API p95 < 100 ms for a page of 100.
import { performance } from "node:perf_hooks";
import type { CustomObjectsApi } from "@kubernetes/client-node";
import { clientsFor, GROUP } from "@/lib/sandbox/testing";
import { ADMIN_TOKEN, startHarness } from "@/tests/harness";
import { call, callRaw } from "@/tests/http";
import { printHeader, printLatency, printVerdict, type Latency } from "./latency-stats";
import { fillModels, MODEL_COUNT, NAMESPACES, waitUntilSettled, type ModelList } from "./model-fill";

const WARM_UP = 5;
const SAMPLES = 40;
const PAGE = 100;
const TARGET_MS = 100;

interface Measurement extends Latency {
  run(): Promise<number>;
}

async function apiPage(token: string, query: URLSearchParams): Promise<{ items: unknown[]; continue?: string }> {
  const response = await callRaw("GET", `/api/v1/deployments?${query}`, { token });
  if (response.status !== 200) throw new Error(`GET /api/v1/deployments?${query}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { items: unknown[]; continue?: string };
}

async function apiAllPages(token: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await apiPage(token, new URLSearchParams({ limit: String(PAGE), ...(cursor ? { continue: cursor } : {}) }));
    count += page.items.length;
    cursor = page.continue;
  } while (cursor);
  return count;
}

async function bareNamespace(custom: CustomObjectsApi, namespace: string, limit?: number): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const list = (await custom.listNamespacedCustomObject({ ...GROUP, namespace, limit: PAGE, _continue: cursor })) as ModelList;
    count += list.items.length;
    cursor = list.metadata?.continue || undefined;
  } while (cursor && limit === undefined);
  return count;
}

async function bareAllNamespaces(custom: CustomObjectsApi): Promise<number> {
  let count = 0;
  for (const namespace of NAMESPACES) count += await bareNamespace(custom, namespace);
  return count;
}

function measurement(label: string, expected: number, list: () => Promise<number>): Measurement {
  return {
    label,
    samples: [],
    async run() {
      const started = performance.now();
      const count = await list();
      const elapsed = performance.now() - started;
      // A set-up mistake (a missing tenant, a page cut short) would make the figures meaningless: stop instead.
      if (count !== expected) throw new Error(`${label}: expected ${expected} items, got ${count}`);
      return elapsed;
    },
  };
}

/** Rounds alternate between the measurements, so drift on a shared machine hits them all alike. */
async function sample(measurements: Measurement[]): Promise<void> {
  for (let round = 0; round < WARM_UP + SAMPLES; round += 1) {
    for (const m of measurements) {
      const elapsed = await m.run();
      if (round >= WARM_UP) m.samples.push(elapsed);
    }
  }
}

async function main() {
  const started = performance.now();
  console.log(
    `\ndeployments list: ${MODEL_COUNT.toLocaleString("en")} KubeAI Models in ${NAMESPACES.length} namespaces; the list API through its route ` +
      `handler (in process, the admin person's bearer token) vs bare client-node, same run; ${SAMPLES} samples each after ${WARM_UP} warm-up`,
  );
  // No seeded tenants: the admin sees exactly the 10 benchmark namespaces, the same objects the bare lists read.
  const harness = await startHarness("pglite", { MODELPORT_SEED_TENANTS: "" });
  try {
    const sandbox = harness.started.sandbox;
    if (!sandbox) throw new Error("the harness started without its sandbox cluster");
    const { custom } = clientsFor(sandbox);
    for (const name of NAMESPACES) {
      const created = await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name } });
      if (created.status !== 201) throw new Error(`creating tenant ${name}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    }
    await fillModels(custom);
    await waitUntilSettled(custom);
    const token = await harness.tokenFor("admin");

    const barePage = measurement(`bare client-node: ${NAMESPACES[0]}, limit ${PAGE}`, PAGE, () =>
      bareNamespace(custom, NAMESPACES[0], PAGE),
    );
    const apiFirstPage = measurement(`list API: first page, limit ${PAGE}, all namespaces`, PAGE, async () => {
      return (await apiPage(token, new URLSearchParams({ limit: String(PAGE) }))).items.length;
    });
    const apiNamespacePage = measurement(`list API: page of ${PAGE}, ?namespace=${NAMESPACES[0]}`, PAGE, async () => {
      return (await apiPage(token, new URLSearchParams({ limit: String(PAGE), namespace: NAMESPACES[0] }))).items.length;
    });
    const bareAll = measurement(`bare client-node: ${NAMESPACES.length} namespaces, all pages of ${PAGE}`, MODEL_COUNT, () =>
      bareAllNamespaces(custom),
    );
    const apiAll = measurement(`list API: all pages of ${PAGE} (following continue)`, MODEL_COUNT, () => apiAllPages(token));
    await sample([barePage, apiFirstPage, apiNamespacePage, bareAll, apiAll]);

    console.log("");
    printHeader();
    printLatency(barePage);
    printLatency(apiFirstPage, barePage);
    printLatency(apiNamespacePage, barePage);
    printLatency(bareAll);
    printLatency(apiAll, bareAll);
    console.log("");
    printVerdict(`list API p95 < ${TARGET_MS} ms for a page of ${PAGE}`, apiFirstPage, TARGET_MS);
    printVerdict(`list API p95 < ${TARGET_MS} ms for a page of ${PAGE}`, apiNamespacePage, TARGET_MS);
  } finally {
    await harness.stop();
  }
  console.log(`Run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
