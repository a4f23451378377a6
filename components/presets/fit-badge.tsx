"use client";
// The fit verdict as a badge whose tooltip gives the numbers and notes behind it; the same lines written out in the
// deploy dialog, where a phone (no hover) reads them.
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { FitBadge as FitBadgeValue, FitBadgeKind } from "@/lib/client/preset-fit";

const VARIANT: Record<FitBadgeKind, BadgeProps["variant"]> = {
  fits: "success",
  tight: "warning",
  "does-not-fit": "destructive",
  "no-accelerator": "secondary",
  unknown: "outline",
  checking: "outline",
};

export function FitBadge({ badge }: { badge: FitBadgeValue }) {
  const on = badge.profile ? ` on ${badge.profile}` : "";
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button type="button" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50" data-fit={badge.kind}>
          <span className="sr-only">Fit{on}: </span>
          <Badge variant={VARIANT[badge.kind]}>{badge.label}</Badge>
        </button>
      </TooltipTrigger>
      {/* Above the badge: below it would cover the card's Choose button. */}
      <TooltipContent side="top" className="max-w-sm text-left">
        <FitDetails badge={badge} />
      </TooltipContent>
    </Tooltip>
  );
}

export function FitDetails({ badge, className }: { badge: FitBadgeValue; className?: string }) {
  return (
    <ul className={`grid gap-1 break-words ${className ?? ""}`}>
      {badge.details.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
