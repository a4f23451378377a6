// The advanced create form's fit panel: which estimate to ask for (the preset the form came from, else an hf:// model
// URL), and what the answer says about the resource profile and count chosen — the verdict, whether the count is
// enough, the numbers behind it, the vLLM flags still missing from the arguments, and where a replica would run. Pure.
import type { Compatibility } from "@/lib/schemas/sizing";
import { FIT_LABELS } from "./preset-fit";

type ProfileFit = Compatibility["profiles"][number];
type Verdict = ProfileFit["verdict"];

export type FitSource = { kind: "preset"; id: string } | { kind: "url"; url: string } | { kind: "none" };

/** The preset a form was opened from, and the model URL it names. */
export interface PresetOrigin {
  id: string;
  modelUrl: string;
}

export interface FitView {
  /** The answer's verdict, made "does-not-fit" when the chosen count is short of what the estimate needs. */
  verdict: Verdict;
  label: string;
  headline: string;
  numbers: string[];
  placement: string | null;
  vllmArgs: string[];
  /** The `<profile>:<count>` the recommended flags are for. */
  argsFor: string | null;
  notes: string[];
  /** When vLLM does not list the model's architecture: why, and the engines that might serve it. */
  engineNote: string | null;
}

export type FitPanelState =
  | { kind: "idle"; message: string }
  | { kind: "checking"; message: string }
  | { kind: "failed"; message: string }
  | { kind: "answer"; view: FitView };

const HUB_URL = /^hf:\/\/[A-Za-z0-9][\w.-]*\/[\w.-]+(?:@[\w./-]+)?$/;

/** hf://org/name[@revision]: the only models whose config.json the check can read. */
export function isSizableModelUrl(url: string): boolean {
  return HUB_URL.test(url.trim());
}

/**
 * The preset while the form still serves its model (the check sizes a preset without the Hub); an hf:// URL once the
 * model is changed, or without a preset; nothing for other schemes.
 */
export function fitSourceOf(origin: PresetOrigin | undefined, modelUrl: string | null | undefined): FitSource {
  const url = (modelUrl ?? "").trim();
  if (origin && url === origin.modelUrl.trim()) return { kind: "preset", id: origin.id };
  return isSizableModelUrl(url) ? { kind: "url", url } : { kind: "none" };
}

const gpuWord = (count: number) => `${count} GPU${count === 1 ? "" : "s"}`;
const tokens = (value: number) => `${value.toLocaleString("en-US")} tokens`;

/** GPUs in one unit of the profile, read off the recommendation (`<profile>:<units>` for gpuCount GPUs); 1 otherwise. */
function gpusPerUnitOf(fit: ProfileFit): number {
  const units = Number(fit.resourceProfile?.split(":")[1]);
  return fit.gpuCount !== null && Number.isInteger(units) && units > 0 ? fit.gpuCount / units : 1;
}

function judge(fit: ProfileFit, gpus: number): { verdict: Verdict; headline: string } {
  const { profile, verdict } = fit;
  switch (verdict) {
    case "fits":
    case "tight":
      if (fit.gpuCount !== null && gpus < fit.gpuCount) {
        return { verdict: "does-not-fit", headline: `Does not fit with ${gpuWord(gpus)}; needs ${fit.gpuCount}` };
      }
      return { verdict, headline: `${verdict === "fits" ? "Fits" : "Tight"} on ${profile} with ${gpuWord(gpus)}` };
    case "does-not-fit":
      return { verdict, headline: `Does not fit on ${profile}, at any GPU count on one node` };
    case "no-accelerator":
      return { verdict, headline: `No accelerator on ${profile}: the GPU fit does not apply` };
    case "unknown":
      return { verdict, headline: `Fit unknown on ${profile}` };
    default: {
      const unexpected: never = verdict;
      return { verdict: "unknown", headline: `Fit unknown: verdict ${String(unexpected)}` };
    }
  }
}

function weightsGiB(estimate: Compatibility["estimate"]): number | null {
  const weights = estimate.weights;
  const gib = weights && typeof weights === "object" ? (weights as { gib?: unknown }).gib : undefined;
  return typeof gib === "number" && Number.isFinite(gib) ? gib : null;
}

function numbersOf(fit: ProfileFit, estimate: Compatibility["estimate"]): string[] {
  const lines: string[] = [];
  if (fit.gpuCount !== null) lines.push(`Needs ${gpuWord(fit.gpuCount)}${fit.resourceProfile ? ` (${fit.resourceProfile})` : ""}`);
  const weights = weightsGiB(estimate);
  if (weights !== null) lines.push(`Weights: ${weights.toFixed(1)} GiB`);
  if (fit.maxContext !== null) lines.push(`Longest context: ${tokens(fit.maxContext)}`);
  const speed = fit.decode?.tokensPerSecond;
  if (speed) lines.push(`Decode: roughly ${Math.round(speed.emptyContext)} tokens/s (${Math.round(speed.fullContext)} at full context)`);
  const capacity = fit.capacity;
  if (capacity?.resource) {
    lines.push(
      `Free now: ${capacity.free} of ${capacity.total} ${capacity.resource} (at most ${capacity.largestFreeOnOneNode} on one node)`,
    );
  }
  return lines;
}

/**
 * Where one replica of the chosen size would go now. At the estimate's own count the check placed it (GPUs, CPU and
 * memory); at another count only the live GPU capacity can say, so that is what the line is about.
 */
function placementOf(fit: ProfileFit, gpus: number): string | null {
  if (fit.gpuCount === gpus && fit.placement) {
    return fit.placement.fits ? `Would run on ${fit.placement.node}` : `Cannot be placed now: ${fit.placement.reason}`;
  }
  const capacity = fit.capacity;
  if (!capacity?.resource) return null;
  const node = capacity.nodes.find((candidate) => candidate.free >= gpus);
  if (node) return `Would run on ${node.node} (${node.free} ${capacity.resource} free there)`;
  return (
    `Cannot be placed now: no node has ${gpus} ${capacity.resource} free ` +
    `(at most ${capacity.largestFreeOnOneNode} on one node, ${capacity.total} in the cluster)`
  );
}

/** The view of one profile's answer for `count` units of it (1 when the box is empty). */
export function fitViewOf(answer: Compatibility, fit: ProfileFit, count: number | null | undefined): FitView {
  const units = typeof count === "number" && Number.isInteger(count) && count > 0 ? count : 1;
  const gpus = units * gpusPerUnitOf(fit);
  const { verdict, headline } = judge(fit, gpus);
  return {
    verdict,
    label: FIT_LABELS[verdict],
    headline,
    numbers: numbersOf(fit, answer.estimate),
    placement: placementOf(fit, gpus),
    vllmArgs: fit.vllmArgs,
    argsFor: fit.resourceProfile,
    notes: fit.notes,
    engineNote: engineNoteOf(answer),
  };
}

/** Said before deploying: a config whose architectures vLLM does not serve, and which other engine might. */
export function engineNoteOf(answer: Pick<Compatibility, "engines" | "model">): string | null {
  const { vllm, alternatives } = answer.engines;
  if (vllm.status === "supported" || answer.model.architectures.length === 0) return null;
  const others = alternatives.map((alternative) => `${alternative.engine} (${alternative.reason})`).join("; ");
  return `vLLM ${vllm.status}: ${vllm.reason}${others ? `. Other engines: ${others}` : ""}`;
}

/** Everything the panel can show, in the order it matters: nothing to size, no profile, waiting, failure, answer. */
export function fitPanelStateOf(input: {
  source: FitSource;
  profile: string | null | undefined;
  count: number | null | undefined;
  answer: Compatibility | undefined;
  error: unknown;
  /** Typing has not paused yet, or the question is on its way. */
  waiting: boolean;
}): FitPanelState {
  const { source, profile, answer, error } = input;
  if (source.kind === "none") {
    return { kind: "idle", message: "Fit: enter an hf:// model URL, or start from a preset, to see whether the model fits." };
  }
  if (!profile) return { kind: "idle", message: "Fit: choose a resource profile to see whether the model fits it." };
  if (input.waiting) return { kind: "checking", message: "Fit: checking…" };
  if (error) return { kind: "failed", message: `Fit unknown: ${error instanceof Error ? error.message : String(error)}` };
  if (!answer) return { kind: "checking", message: "Fit: checking…" };
  const fit = answer.profiles.find((candidate) => candidate.profile === profile);
  if (!fit) return { kind: "failed", message: `Fit unknown: the check has no answer for profile ${profile}` };
  return { kind: "answer", view: fitViewOf(answer, fit, input.count) };
}

function parseFlag(arg: string): { flag: string; value: string | null } | null {
  const match = /^(--?[^=\s]+)(?:[=\s]+(.*))?$/.exec(arg.trim());
  return match ? { flag: match[1], value: match[2] ?? null } : null;
}

/** `--max-model-len=8192`, `--max-model-len 8192`, or `--max-model-len` with the value on the next line. */
function flagsOf(args: readonly string[]): Map<string, string | null> {
  const flags = new Map<string, string | null>();
  args.forEach((arg, index) => {
    const parsed = parseFlag(arg);
    if (!parsed) return;
    const next = args[index + 1]?.trim();
    flags.set(parsed.flag, parsed.value ?? (next && !next.startsWith("-") ? next : null));
  });
  return flags;
}

/**
 * The recommended flags the arguments lack (safe to append), and those they set to another value (left for the
 * person: appending would give vLLM the same flag twice).
 */
export function vllmArgsAgainst(
  current: readonly string[],
  recommended: readonly string[],
): { missing: string[]; differing: { recommended: string; current: string }[] } {
  const have = flagsOf(current);
  const missing: string[] = [];
  const differing: { recommended: string; current: string }[] = [];
  for (const arg of recommended) {
    const parsed = parseFlag(arg);
    if (!parsed) continue;
    const value = have.get(parsed.flag);
    if (value === undefined) missing.push(arg);
    else if (value !== parsed.value)
      differing.push({ recommended: arg, current: value === null ? parsed.flag : `${parsed.flag}=${value}` });
  }
  return { missing, differing };
}
