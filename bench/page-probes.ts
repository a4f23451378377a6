// Code the deployments-page benchmark runs inside the browser: marks taken on the page itself (ms since navigation
// start, or the wall clock the benchmark process shares), so Playwright's own polling adds nothing to the figures.
// A mark is taken in the animation frame after the DOM change, just before the browser paints it.
import type { BrowserContext, Page } from "@playwright/test";

export interface PageMarks {
  /** The server-rendered heading: the page shell with no list data (the baseline). */
  heading?: number;
  /** The first deployment row of the table. */
  firstRow?: number;
  /** Every deployment in the list ("1000 of 1000 deployments", perhaps still followed by "(loading more…)"). */
  allRows?: number;
  /** Paging over: the footer no longer says "loading more…". */
  listDone?: number;
}

export type PageLoad = Required<Pick<PageMarks, "heading" | "firstRow">> &
  PageMarks & {
    /** When paging stalled: the list's footer as it stayed, e.g. "750 of 750 deployments (loading more…)". */
    stalledFooter?: string;
  };

const ALL_ROWS_TIMEOUT_MS = 30_000;
const LIST_DONE_GRACE_MS = 10_000;

interface ProbeState {
  marks: PageMarks;
  watchReady: boolean;
}

declare global {
  interface Window {
    __benchProbes?: ProbeState;
    __benchRow?: Promise<number>;
  }
}

/** Runs on every document of the context before its own scripts: takes the marks and notes when the watch is live. */
function installProbes({ total, readyEvent }: { total: number; readyEvent: string }): void {
  if (location.pathname !== "/deployments") return;
  const state: ProbeState = { marks: {}, watchReady: false };
  window.__benchProbes = state;
  const NativeEventSource = window.EventSource;
  window.EventSource = class extends NativeEventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener(readyEvent, () => (state.watchReady = true));
    }
  };
  const allLoaded = `${total} of ${total} deployments`;
  const checks: Record<keyof PageMarks, () => boolean> = {
    heading: () => Array.from(document.querySelectorAll("h1")).some((h1) => h1.textContent === "Deployments"),
    firstRow: () => document.querySelector('[role="row"][data-deployment]') !== null,
    allRows: () => Array.from(document.querySelectorAll("p")).some((p) => p.textContent?.startsWith(allLoaded)),
    listDone: () => Array.from(document.querySelectorAll("p")).some((p) => p.textContent === allLoaded),
  };
  const seen = new Set<string>();
  const observer = new MutationObserver(() => {
    for (const [name, check] of Object.entries(checks) as [keyof PageMarks, () => boolean][]) {
      if (seen.has(name) || !check()) continue;
      seen.add(name);
      requestAnimationFrame(() => (state.marks[name] = performance.now()));
    }
    if (seen.size === Object.keys(checks).length) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/** Sets `window.__benchRow` to the wall-clock time the selector first (dis)appears, or a rejection after 10 s. */
function armRowProbe({ selector, present }: { selector: string; present: boolean }): void {
  window.__benchRow = new Promise<number>((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if ((document.querySelector(selector) !== null) !== present) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(Date.now()));
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${selector} did not ${present ? "appear" : "go away"} within 10 s`));
    }, 10_000);
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

export async function addProbes(context: BrowserContext, options: { total: number; readyEvent: string }): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps functions in a `__name` helper that the browser lacks.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  await context.addInitScript(installProbes, options);
}

/**
 * Loads /deployments afresh and answers its marks once the first rows are shown. The later marks stay unset when the
 * page does not get there in time (all rows in 30 s; paging over, the footer no longer saying "loading more…", 10 s
 * after that): a stalled list is worth reporting, not worth waiting for.
 */
export async function loadDeploymentsPage(page: Page): Promise<PageLoad> {
  await page.goto("about:blank");
  await page.goto("/deployments", { waitUntil: "commit" });
  const waitForMark = (name: keyof PageMarks, timeout: number) =>
    page
      .waitForFunction((mark) => window.__benchProbes?.marks[mark] !== undefined, name, { timeout })
      .then(
        () => true,
        () => false,
      );
  // The heading comes with the HTML, so it is marked by the time the first row is.
  if (!(await waitForMark("firstRow", 60_000))) {
    const state = await page.evaluate(() => window.__benchProbes).catch(() => undefined);
    throw new Error(`/deployments showed no rows in 60 s; probes ${JSON.stringify(state)}`);
  }
  if (await waitForMark("allRows", ALL_ROWS_TIMEOUT_MS)) await waitForMark("listDone", LIST_DONE_GRACE_MS);
  const marks = (await page.evaluate(() => window.__benchProbes?.marks)) as PageLoad;
  if (marks.listDone !== undefined) return marks;
  const footer = await page.getByText(/ of \d+ deployments/).allTextContents();
  return { ...marks, stalledFooter: footer.join(" | ") };
}

export async function waitForLiveWatch(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__benchProbes?.watchReady === true, undefined, { timeout: 30_000 });
}

/** Arms the probe in the page; the returned function waits for it and answers the wall-clock time of the change. */
export async function watchForRow(page: Page, selector: string, present: boolean): Promise<() => Promise<number>> {
  await page.evaluate(armRowProbe, { selector, present });
  return () => page.evaluate(() => window.__benchRow ?? Promise.reject(new Error("no row probe armed")));
}
