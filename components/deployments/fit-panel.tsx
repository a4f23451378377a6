"use client";
// Whether the model fits the resource profile and count chosen in the advanced create form, asked of the compatibility
// check: the preset's answer (cached with the easy setup page's) or an hf:// URL's once typing pauses. Advice only: a
// slow or failing check never blocks the form. The wording comes from lib/client/deployment-fit.
import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/sonner";
import { usePresetFit } from "@/components/presets/queries";
import { apiFetch, shouldRetry } from "@/lib/client/api-client";
import { fitPanelStateOf, vllmArgsAgainst, type FitSource, type FitView } from "@/lib/client/deployment-fit";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import type { Compatibility } from "@/lib/schemas/sizing";

export const compatibilityKeys = {
  all: ["compatibility"] as const,
  url: (url: string) => [...compatibilityKeys.all, "url", url] as const,
};

const TYPING_PAUSE_MS = 600;

const VARIANT: Record<FitView["verdict"], BadgeProps["variant"]> = {
  fits: "success",
  tight: "warning",
  "does-not-fit": "destructive",
  "no-accelerator": "secondary",
  unknown: "outline",
};

export interface FitPanelArgs {
  current: string[];
  add: (missing: string[]) => void;
}

/** The check's answer for `source`; `enabled` holds it back until there is a profile to judge. */
function useFitAnswer(source: FitSource, enabled: boolean) {
  const typed = source.kind === "url" ? source.url : "";
  const url = useDebouncedValue(typed, TYPING_PAUSE_MS);
  const preset = usePresetFit(source.kind === "preset" ? source.id : "", enabled && source.kind === "preset");
  const hub = useQuery({
    queryKey: compatibilityKeys.url(url),
    // A new key leaves the old question without observers; react-query then aborts it through the consumed signal.
    queryFn: ({ signal }) => apiFetch<Compatibility>("/api/v1/compatibility", { method: "POST", body: { url }, signal }),
    enabled: enabled && source.kind === "url" && url !== "",
    staleTime: 10 * 60_000,
    // The Hub can take 10 s to fail: one try, then "Check again" by hand.
    retry: false,
    refetchOnWindowFocus: false,
  });
  switch (source.kind) {
    case "preset":
      return { answer: preset.data, error: preset.error, waiting: false, retry: () => void preset.refetch() };
    case "url":
      return {
        answer: hub.data,
        error: hub.error,
        waiting: url !== typed || (hub.isFetching && hub.data === undefined),
        retry: () => void hub.refetch(),
      };
    case "none":
      return { answer: undefined, error: null, waiting: false, retry: undefined };
    default: {
      const unexpected: never = source;
      throw new Error(`Unknown fit source ${String(unexpected)}`);
    }
  }
}

/** The verdict, the numbers and where a replica would run: the part read out as the status. */
function Verdict({ view }: { view: FitView }) {
  return (
    <>
      <p className="flex flex-wrap items-center gap-2">
        <Badge variant={VARIANT[view.verdict]}>{view.label}</Badge>
        <span className="min-w-0 font-medium break-words">{view.headline}</span>
      </p>
      {view.numbers.length > 0 ? (
        <ul className="grid gap-0.5 break-words text-muted-foreground sm:grid-cols-2 sm:gap-x-4">
          {view.numbers.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {view.placement ? <p className="break-words">{view.placement}</p> : null}
      {view.engineNote ? (
        <p className="break-words text-amber-700 dark:text-amber-400" data-testid="engine-note">
          {view.engineNote}
        </p>
      ) : null}
    </>
  );
}

function RecommendedArgs({ view, args }: { view: FitView; args?: FitPanelArgs }) {
  if (view.vllmArgs.length === 0) return null;
  const { missing, differing } = args ? vllmArgsAgainst(args.current, view.vllmArgs) : { missing: [], differing: [] };
  return (
    <div className="grid gap-1.5">
      <p className="break-words">
        <span className="text-muted-foreground">vLLM flags{view.argsFor ? ` for ${view.argsFor}` : ""}: </span>
        <code className="break-all">{view.vllmArgs.join(" ")}</code>
      </p>
      {differing.map(({ recommended, current }) => (
        <p key={recommended} className="break-words text-muted-foreground">
          Arguments set <code className="break-all">{current}</code>; the estimate says <code className="break-all">{recommended}</code>.
        </p>
      ))}
      {args && missing.length > 0 ? (
        <Button
          type="button"
          size="sm"
          variant="outline"
          className="w-fit max-w-full whitespace-normal"
          onClick={() => {
            args.add(missing);
            toast.success(`Added to Arguments: ${missing.join(" ")}`);
          }}
        >
          Add {missing.length} missing flag{missing.length === 1 ? "" : "s"} to Arguments
        </Button>
      ) : args && differing.length === 0 ? (
        <p className="text-muted-foreground">All of them are in Arguments.</p>
      ) : null}
    </div>
  );
}

export function FitPanel({
  source,
  profile,
  count,
  args,
}: {
  source: FitSource;
  profile: string | null | undefined;
  /** Units of the profile per replica; empty means one. */
  count: number | null | undefined;
  /** The form's engine arguments and a way to append to them (KubeAI with vLLM only). */
  args?: FitPanelArgs;
}) {
  const check = useFitAnswer(source, source.kind !== "none" && Boolean(profile));
  const state = fitPanelStateOf({ source, profile, count, answer: check.answer, error: check.error, waiting: check.waiting });
  const view = state.kind === "answer" ? state.view : undefined;
  // A 4xx (a preset without a size, a private model) would answer the same again.
  const canRetry = state.kind === "failed" && check.retry && check.error && shouldRetry(0, check.error);
  return (
    <div data-testid="fit-panel" className="grid min-w-0 gap-2 rounded-md border bg-muted/40 p-3 text-sm">
      <div
        role="status"
        aria-label="Fit estimate"
        data-fit={state.kind === "answer" ? state.view.verdict : state.kind === "failed" ? "unknown" : state.kind}
        className="grid min-w-0 gap-1.5"
      >
        {state.kind === "answer" ? (
          <Verdict view={state.view} />
        ) : (
          <p className={`break-words ${state.kind === "failed" ? "" : "text-muted-foreground"}`}>{state.message}</p>
        )}
      </div>
      {canRetry ? (
        <Button type="button" size="sm" variant="outline" className="w-fit" onClick={check.retry}>
          Check again
        </Button>
      ) : null}
      {view ? <RecommendedArgs view={view} args={args} /> : null}
      {view && view.notes.length > 0 ? (
        <details className="min-w-0">
          <summary className="cursor-pointer text-muted-foreground">Why ({view.notes.length})</summary>
          <ul className="mt-1 grid list-disc gap-1 pl-5 break-words">
            {view.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
