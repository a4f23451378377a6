"use client";
// One preset in the easy setup catalog: what it serves and on what, its size, features and tags, and whether it fits
// the picked resource profile (asked only once the card is on screen).
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { formatParameterCount, presetFeaturesLabel, presetServingLabel } from "@/lib/client/preset-catalog";
import { fitBadgeOf } from "@/lib/client/preset-fit";
import type { Preset } from "@/lib/schemas/preset";
import { FitBadge } from "./fit-badge";
import { usePresetFit } from "./queries";
import { useInView } from "./use-in-view";

export function PresetCard({ preset, profile, onChoose }: { preset: Preset; profile: string | null; onChoose: () => void }) {
  const { ref, seen } = useInView<HTMLLIElement>();
  const fit = usePresetFit(preset.id, seen);
  const badge = fitBadgeOf(preset, profile, fit.data, fit.error);
  const size = formatParameterCount(preset.parameters);
  return (
    <li ref={ref} data-preset={preset.id} className="min-w-0">
      <Card className="h-full gap-3 py-4">
        <CardHeader className="px-4">
          <CardTitle>
            <h3 className="break-words">{preset.name}</h3>
          </CardTitle>
          <CardDescription className="line-clamp-2 break-words">{preset.description}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3 px-4 text-sm">
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
            <dt className="text-muted-foreground">Engine</dt>
            <dd data-testid="preset-engine">{presetServingLabel(preset)}</dd>
            <dt className="text-muted-foreground">Size</dt>
            <dd>{size ? `${size} parameters` : "not stated"}</dd>
            <dt className="text-muted-foreground">Profile</dt>
            <dd className="break-all">{preset.resourceProfile ?? "cluster default"}</dd>
            <dt className="text-muted-foreground">Features</dt>
            <dd className="break-words">{presetFeaturesLabel(preset)}</dd>
          </dl>
          {preset.tags.length > 0 ? (
            <ul aria-label="Tags" className="flex flex-wrap gap-1">
              {preset.tags.map((tag) => (
                <li key={tag}>
                  <Badge variant="outline">{tag}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-muted-foreground">Fit{badge.profile ? ` on ${badge.profile}` : ""}</span>
            <FitBadge badge={badge} />
          </div>
        </CardContent>
        <CardFooter className="mt-auto px-4">
          <Button type="button" className="w-full" aria-label={`Choose ${preset.name}`} onClick={onChoose}>
            Choose
          </Button>
        </CardFooter>
      </Card>
    </li>
  );
}
