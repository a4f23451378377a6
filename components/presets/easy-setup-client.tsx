"use client";
// The easy setup page, the portal's main path for a data scientist: the enabled presets by category, narrowed by
// search, engine and tag, each with its fit on the picked resource profile; choosing one opens what it deploys.
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { CATEGORY_LABELS, categoryCounts, filterChoices, filterPresets } from "@/lib/client/preset-catalog";
import type { Preset, PresetCategory } from "@/lib/schemas/preset";
import { PresetCard } from "./preset-card";
import { PresetDeployDialog } from "./preset-deploy-dialog";
import { usePresets } from "./queries";

export interface ProfileChoice {
  name: string;
  accelerator: string | null;
}

const ALL = "__all__";
const OWN = "__own__";

function FilterSelect({
  id,
  label,
  value,
  allLabel,
  choices,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  allLabel: string;
  choices: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="grid min-w-0 gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>{allLabel}</SelectItem>
          {choices.map((choice) => (
            <SelectItem key={choice.value} value={choice.value}>
              {choice.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

export function EasySetupClient({
  initialPresets,
  namespaces,
  profiles,
  owner,
}: {
  initialPresets: Preset[];
  namespaces: string[];
  profiles: ProfileChoice[];
  owner: string;
}) {
  const list = usePresets(initialPresets);
  // Admins read disabled presets too; this page offers only what members can deploy.
  const presets = useMemo(() => (list.data ?? []).filter((preset) => preset.enabled), [list.data]);
  const [category, setCategory] = useState<PresetCategory | typeof ALL>(ALL);
  const [search, setSearch] = useState("");
  const [serving, setServing] = useState(ALL);
  const [tag, setTag] = useState(ALL);
  const [profile, setProfile] = useState(OWN);
  const [chosenId, setChosenId] = useState<string>();

  const counts = categoryCounts(presets);
  const choices = filterChoices(presets);
  const shown = filterPresets(presets, {
    category: category === ALL ? undefined : category,
    search,
    serving: serving === ALL ? undefined : serving,
    tag: tag === ALL ? undefined : tag,
  });
  const pickedProfile = profile === OWN ? null : profile;
  const chosen = presets.find((preset) => preset.id === chosenId);
  const clearFilters = () => {
    setSearch("");
    setServing(ALL);
    setTag(ALL);
    setCategory(ALL);
  };

  return (
    <div className="grid grid-cols-1 gap-5">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">Easy setup</h1>
        <p className="text-muted-foreground">
          Pick a ready-made model, check what it deploys, and deploy it. To change anything first, choose <em>Customize deployment</em>, or
          start from the{" "}
          <Link href="/deployments/new" className="underline underline-offset-4">
            advanced form
          </Link>
          .
        </p>
      </div>

      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="grid min-w-0 gap-1.5">
          <Label htmlFor="preset-search">Search</Label>
          <Input
            id="preset-search"
            type="search"
            placeholder="Name, model, tag…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <FilterSelect
          id="preset-engine"
          label="Engine"
          value={serving}
          allLabel="All engines"
          choices={choices.serving.map((label) => ({ value: label, label }))}
          onChange={setServing}
        />
        <FilterSelect
          id="preset-tag"
          label="Tag"
          value={tag}
          allLabel="All tags"
          choices={choices.tags.map((label) => ({ value: label, label }))}
          onChange={setTag}
        />
        <div className="grid min-w-0 gap-1.5">
          <Label htmlFor="preset-fit-profile">Check fit on</Label>
          <Select value={profile} onValueChange={setProfile}>
            <SelectTrigger id="preset-fit-profile" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={OWN}>Each preset&apos;s own profile</SelectItem>
              {profiles.map((choice) => (
                <SelectItem key={choice.name} value={choice.name}>
                  {choice.accelerator ? `${choice.name} (${choice.accelerator})` : choice.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>

      <Tabs value={category} onValueChange={(value) => setCategory(value as PresetCategory | typeof ALL)}>
        <TabsList aria-label="Category" className="h-auto w-full flex-wrap justify-start sm:w-fit">
          <TabsTrigger value={ALL} className="flex-none">
            All <span className="text-muted-foreground">{presets.length}</span>
          </TabsTrigger>
          {counts.map(({ category: value, count }) => (
            <TabsTrigger key={value} value={value} className="flex-none">
              {CATEGORY_LABELS[value]} <span className="text-muted-foreground">{count}</span>
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value={category} className="grid gap-3">
          {list.isPending ? (
            <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {[0, 1, 2].map((row) => (
                <Skeleton key={row} className="h-56" />
              ))}
            </div>
          ) : list.isError ? (
            <p role="alert" className="text-destructive">
              Could not load presets: {list.error.message}
            </p>
          ) : shown.length === 0 ? (
            <div className="rounded-md border border-dashed p-10 text-center text-muted-foreground">
              <p className="font-medium text-foreground">No preset matches</p>
              <Button type="button" variant="link" onClick={clearFilters}>
                Clear the filters
              </Button>
            </div>
          ) : (
            <ul aria-label="Presets" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {shown.map((preset) => (
                <PresetCard key={preset.id} preset={preset} profile={pickedProfile} onChoose={() => setChosenId(preset.id)} />
              ))}
            </ul>
          )}
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {shown.length} of {presets.length} presets
          </p>
        </TabsContent>
      </Tabs>

      <PresetDeployDialog
        preset={chosen}
        profile={pickedProfile}
        namespaces={namespaces}
        owner={owner}
        onClose={() => setChosenId(undefined)}
      />
    </div>
  );
}
