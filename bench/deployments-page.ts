// Benchmark: the Deployments page in Chromium against the production server, with 1,000 KubeAI Models over 10
// namespaces in its sandbox cluster. Measures the first table row after navigation (baseline: the server-rendered
// heading of the same loads) and how long a change made through client-node takes to reach the open page (baseline:
// a bare client-node watch on the same namespace seeing the same change). Targets: first rows in under 1 s; a watch
// update on the page within 1 s.
import { performance } from "node:perf_hooks";
import { chromium, type Browser, type Page, type Request } from "@playwright/test";
import { CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { WATCH_EVENTS } from "@/lib/schemas/deployment-watch";
import { GROUP, model } from "@/lib/sandbox/testing";
import { printHeader, printLatency, printVerdict, type Latency } from "./latency-stats";
import { fillModels, MODEL_COUNT, NAMESPACES, waitUntilSettled } from "./model-fill";
import { watchModels, type ModelWatch } from "./model-watch";
import { addProbes, loadDeploymentsPage, waitForLiveWatch, watchForRow } from "./page-probes";
import { startPortalServer, type PortalServer } from "./portal-server";

const LOAD_WARM_UP = 2;
const LOAD_SAMPLES = 15;
const WATCH_WARM_UP = 2;
const WATCH_SAMPLES = 12;
const TARGET_MS = 1000;
const LIST_REQUEST = /\/api\/v1\/deployments\?/;

async function createTenants(server: PortalServer): Promise<void> {
  for (const name of NAMESPACES) {
    const response = await fetch(`${server.url}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    if (response.status !== 201) throw new Error(`creating tenant ${name}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** Through the issuer's login page, as a person does (the e2e specs' signIn). */
async function signIn(page: Page, password: string): Promise<void> {
  await page.goto("/deployments");
  await page.waitForURL(/\/signin/);
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/deployments$/);
}

interface Loads {
  heading: Latency;
  firstRow: Latency;
  allRows: Latency;
  /** The footers of loads whose list stopped paging early or never said it was done (see loadDeploymentsPage). */
  stalled: string[];
}

async function measureLoads(page: Page): Promise<Loads> {
  const loads: Loads = {
    heading: { label: "page: heading shown (server-rendered shell)", samples: [] },
    firstRow: { label: "page: first table row shown", samples: [] },
    allRows: { label: `page: all ${MODEL_COUNT.toLocaleString("en")} deployments in the table`, samples: [] },
    stalled: [],
  };
  for (let run = 0; run < LOAD_WARM_UP + LOAD_SAMPLES; run += 1) {
    const marks = await loadDeploymentsPage(page);
    if (marks.stalledFooter !== undefined) loads.stalled.push(JSON.stringify(marks.stalledFooter));
    if (run < LOAD_WARM_UP) continue;
    loads.heading.samples.push(marks.heading);
    loads.firstRow.samples.push(marks.firstRow);
    if (marks.allRows !== undefined) loads.allRows.samples.push(marks.allRows);
  }
  return loads;
}

/** Counts the page's list requests in flight, so a measurement can wait for the refetch the live watch triggers. */
function trackListRequests(page: Page): { waitUntilQuiet(): Promise<void>; dispose(): void } {
  const inFlight = new Set<Request>();
  let lastChange = Date.now();
  const onRequest = (request: Request) => {
    if (!LIST_REQUEST.test(request.url())) return;
    inFlight.add(request);
    lastChange = Date.now();
  };
  const onEnd = (request: Request) => {
    if (inFlight.delete(request)) lastChange = Date.now();
  };
  page.on("request", onRequest);
  page.on("requestfinished", onEnd);
  page.on("requestfailed", onEnd);
  return {
    async waitUntilQuiet() {
      await waitForLiveWatch(page);
      while (inFlight.size > 0 || Date.now() - lastChange < 1000) await page.waitForTimeout(100);
    },
    dispose() {
      page.off("request", onRequest);
      page.off("requestfinished", onEnd);
      page.off("requestfailed", onEnd);
    },
  };
}

/** Makes one change and answers how many ms after it the open page, and the bare watch, saw it. */
async function timeChange(
  page: Page,
  bare: ModelWatch,
  event: { type: "ADDED" | "DELETED"; name: string; selector: string },
  change: () => Promise<unknown>,
): Promise<[onPage: number, bare: number]> {
  const shown = await watchForRow(page, event.selector, event.type === "ADDED");
  const seen = bare.next(event.type, event.name);
  const changedAt = Date.now();
  await change();
  const [onPage, onBare] = await Promise.all([shown(), seen]);
  return [onPage - changedAt, onBare - changedAt];
}

async function measureWatch(page: Page, custom: CustomObjectsApi, kubeConfig: KubeConfig): Promise<Latency[]> {
  const namespace = NAMESPACES[0];
  const bareAdded: Latency = { label: "watch ADDED: bare client-node watch event", samples: [] };
  const pageAdded: Latency = { label: "watch ADDED: new row shown on the open page", samples: [] };
  const bareDeleted: Latency = { label: "watch DELETED: bare client-node watch event", samples: [] };
  const pageDeleted: Latency = { label: "watch DELETED: row gone from the open page", samples: [] };
  const bare = await watchModels(kubeConfig, namespace);
  const listRequests = trackListRequests(page);
  try {
    // Changes merge into a list only once its paging is over (a stalled list refetches on every change): up to three
    // loads to get one that finished.
    let finished = false;
    for (let attempt = 0; attempt < 3 && !finished; attempt += 1) finished = (await loadDeploymentsPage(page)).listDone !== undefined;
    if (!finished) console.log("note: three loads in a row stalled; the watch figures below are for a stalled list");
    await listRequests.waitUntilQuiet();
    for (let run = 0; run < WATCH_WARM_UP + WATCH_SAMPLES; run += 1) {
      // Sorted by name, "a-…" is the table's first row, so the virtualised table renders it without scrolling.
      const name = `a-watch-${run}`;
      const selector = `[data-deployment="${namespace}/${name}"]`;
      const create = () => custom.createNamespacedCustomObject({ ...GROUP, namespace, body: model(name) });
      const [addedOnPage, addedBare] = await timeChange(page, bare, { type: "ADDED", name, selector }, create);
      const remove = () => custom.deleteNamespacedCustomObject({ ...GROUP, namespace, name });
      const [deletedOnPage, deletedBare] = await timeChange(page, bare, { type: "DELETED", name, selector }, remove);
      if (run < WATCH_WARM_UP) continue;
      pageAdded.samples.push(addedOnPage);
      bareAdded.samples.push(addedBare);
      pageDeleted.samples.push(deletedOnPage);
      bareDeleted.samples.push(deletedBare);
    }
  } finally {
    listRequests.dispose();
    bare.stop();
  }
  return [bareAdded, pageAdded, bareDeleted, pageDeleted];
}

async function main() {
  const started = performance.now();
  console.log(
    `\ndeployments page: ${MODEL_COUNT.toLocaleString("en")} KubeAI Models in ${NAMESPACES.length} namespaces; production server ` +
      `(node scripts/start.mjs), Chromium signed in as admin; ${LOAD_SAMPLES} page loads after ${LOAD_WARM_UP} warm-up, ` +
      `${WATCH_SAMPLES} watch changes after ${WATCH_WARM_UP}`,
  );
  let server: PortalServer | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  // Ctrl-C reaches this process, not the server in its own process group: stop it on the way out.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    server = await startPortalServer();
    await server.ready;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(server.kubeconfigPath);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await createTenants(server);
    await fillModels(custom);
    await waitUntilSettled(custom);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
    });
    const context = await browser.newContext({ baseURL: server.url });
    await addProbes(context, { total: MODEL_COUNT, readyEvent: WATCH_EVENTS.ready });
    const page = await context.newPage();
    await signIn(page, server.password);
    const { heading, firstRow, allRows, stalled } = await measureLoads(page);
    const [bareAdded, pageAdded, bareDeleted, pageDeleted] = await measureWatch(page, custom, kubeConfig);

    console.log("");
    printHeader();
    printLatency(heading);
    printLatency(firstRow, heading);
    if (allRows.samples.length > 0) printLatency(allRows, heading);
    printLatency(bareAdded);
    printLatency(pageAdded, bareAdded);
    printLatency(bareDeleted);
    printLatency(pageDeleted, bareDeleted);
    console.log("(page loads: ms from navigation start; watch: ms from the client-node call to the change shown)");
    const loads = LOAD_WARM_UP + LOAD_SAMPLES;
    const footers = stalled.length > 0 ? ` (footer left at ${stalled.join(", ")})` : "";
    console.log(
      `page loads whose list paging stalled (rows missing after 30 s, or still "loading more…"): ${stalled.length} of ${loads}${footers}\n`,
    );
    printVerdict(`the page usable (first rows shown) in under ${TARGET_MS / 1000} s`, firstRow, TARGET_MS);
    printVerdict(`a watch update reaches an open page within ${TARGET_MS / 1000} s`, pageAdded, TARGET_MS);
    printVerdict(`a watch update reaches an open page within ${TARGET_MS / 1000} s`, pageDeleted, TARGET_MS);
  } finally {
    await cleanUp();
  }
  console.log(`Run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

// Set on Ctrl-C: what fails while the server goes away is no news then.
let interrupted = false;

main().catch((error: unknown) => {
  if (interrupted) return;
  console.error(error);
  process.exitCode = 1;
});
