// The fit badge on a preset's card: the compatibility check's verdict for one resource profile, with the numbers and
// notes behind it for the tooltip. A check that cannot answer (an error, a profile it does not list, a preset with
// no profile) is "unknown" with the reason, never a guess. Pure.
import type { Compatibility } from "@/lib/schemas/sizing";
import type { Preset } from "@/lib/schemas/preset";

type ProfileFit = Compatibility["profiles"][number];
/** The verdict, or "checking" while the answer is on its way. */
export type FitBadgeKind = ProfileFit["verdict"] | "checking";

export interface FitBadge {
  kind: FitBadgeKind;
  label: string;
  /** The profile the verdict is for, when there is one. */
  profile: string | null;
  /** Lines for the tooltip: the numbers first, then the estimator's notes. */
  details: string[];
}

export const FIT_LABELS: Record<FitBadgeKind, string> = {
  fits: "Fits",
  tight: "Tight",
  "does-not-fit": "Does not fit",
  "no-accelerator": "CPU only",
  unknown: "Unknown",
  checking: "Checking…",
};

/** The profile part of the preset's `<profile>:<count>`, or null when it names none. */
export function presetProfileName(preset: Pick<Preset, "resourceProfile">): string | null {
  return preset.resourceProfile?.split(":")[0] || null;
}

/** The preset's own unit count (`cpu:2` → 2), 1 when it gives none. */
function presetUnits(preset: Pick<Preset, "resourceProfile" | "deployment">): number {
  const count = Number(preset.resourceProfile?.split(":")[1]);
  const instances = preset.deployment.instanceCount;
  return typeof instances === "number" ? instances : Number.isInteger(count) && count > 0 ? count : 1;
}

const tokens = (value: number) => `${value.toLocaleString("en-US")} tokens`;

function numbersOf(fit: ProfileFit, preset: Pick<Preset, "resourceProfile" | "deployment">, ownProfile: boolean): string[] {
  const lines = [`Profile ${fit.profile}${fit.accelerator ? ` (${fit.accelerator})` : ""}`];
  if (fit.gpuCount !== null) {
    const asks = presetUnits(preset);
    lines.push(
      `Needs ${fit.gpuCount} GPU${fit.gpuCount === 1 ? "" : "s"}${fit.resourceProfile ? ` (${fit.resourceProfile})` : ""}` +
        (ownProfile && asks < fit.gpuCount ? `; the preset asks for ${asks}` : ""),
    );
  }
  if (fit.maxContext !== null) lines.push(`Longest context: ${tokens(fit.maxContext)}`);
  const speed = fit.decode?.tokensPerSecond;
  if (speed) lines.push(`Decode: about ${Math.round(speed.emptyContext)} tokens/s (${Math.round(speed.fullContext)} at full context)`);
  if (fit.vllmArgs.length > 0) lines.push(`vLLM flags: ${fit.vllmArgs.join(" ")}`);
  const capacity = fit.capacity;
  if (capacity?.resource)
    lines.push(
      `Free now: ${capacity.free} of ${capacity.total} ${capacity.resource} (at most ${capacity.largestFreeOnOneNode} on one node)`,
    );
  if (fit.placement)
    lines.push(fit.placement.fits ? `One replica would run on ${fit.placement.node}` : `Cannot be placed now: ${fit.placement.reason}`);
  return lines;
}

const unknown = (profile: string | null, reason: string): FitBadge => ({
  kind: "unknown",
  label: FIT_LABELS.unknown,
  profile,
  details: [reason],
});

/**
 * The badge for `profile` (the preset's own when null). `error` is the check's failure (a 422 for a preset it cannot
 * size, or a server that does not take `{preset}`); `answer` is undefined while it is still loading.
 */
export function fitBadgeOf(
  preset: Pick<Preset, "resourceProfile" | "deployment">,
  profile: string | null,
  answer: Compatibility | undefined,
  error: unknown,
): FitBadge {
  const own = presetProfileName(preset);
  const wanted = profile ?? own;
  if (!wanted) return unknown(null, "The preset names no resource profile, so there is nothing to check it against.");
  // The API's own words: e.g. a preset without a parameter count, which it cannot size.
  if (error) return unknown(wanted, `Cannot check the fit: ${error instanceof Error ? error.message : String(error)}`);
  if (!answer) return { kind: "checking", label: FIT_LABELS.checking, profile: wanted, details: ["Asking the fit check…"] };
  const fit = answer.profiles.find((candidate) => candidate.profile === wanted);
  if (!fit) return unknown(wanted, `The fit check has no answer for profile ${wanted}.`);
  return {
    kind: fit.verdict,
    label: FIT_LABELS[fit.verdict],
    profile: wanted,
    details: [...numbersOf(fit, preset, wanted === own), ...fit.notes],
  };
}
