"use client";
// The preset catalog for admins: every preset, enabled or not, with a switch that enables or disables it for members,
// edit and delete (after a confirmation), and adding one.
import { Plus } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/sonner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CATEGORY_LABELS, filterPresets, presetServingLabel } from "@/lib/client/preset-catalog";
import type { Preset } from "@/lib/schemas/preset";
import { PresetEditorDialog } from "./preset-editor-dialog";
import { useDeletePreset, usePresets, useUpdatePreset } from "./queries";

const SOURCE_LABELS: Record<Preset["source"], string> = { "kubeai-catalog": "KubeAI catalog", admin: "admin", files: "files" };

function PresetRow({ preset }: { preset: Preset }) {
  const update = useUpdatePreset();
  const remove = useDeletePreset();
  const toggle = async () => {
    const enabled = !preset.enabled;
    try {
      await update.mutateAsync({ id: preset.id, patch: { enabled } });
      toast.success(`Preset ${preset.id} ${enabled ? "enabled" : "disabled"}`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Update failed");
    }
  };
  const onDelete = async () => {
    try {
      await remove.mutateAsync(preset.id);
      toast.success(`Preset ${preset.id} deleted`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Delete failed");
    }
  };
  return (
    <TableRow data-preset={preset.id}>
      <TableCell className="max-w-[22rem] whitespace-normal">
        <div className="font-medium break-words">{preset.name}</div>
        <div className="font-mono text-xs break-all text-muted-foreground">{preset.id}</div>
      </TableCell>
      <TableCell>{CATEGORY_LABELS[preset.category]}</TableCell>
      <TableCell>{presetServingLabel(preset)}</TableCell>
      <TableCell>{preset.resourceProfile ?? "—"}</TableCell>
      <TableCell>
        <Badge variant={preset.source === "admin" ? "secondary" : "outline"}>{SOURCE_LABELS[preset.source]}</Badge>
      </TableCell>
      <TableCell>
        <Checkbox
          role="switch"
          aria-label={`${preset.id} enabled`}
          checked={preset.enabled}
          disabled={update.isPending}
          onChange={() => void toggle()}
        />
      </TableCell>
      <TableCell className="text-right">
        <div className="flex justify-end gap-1">
          <PresetEditorDialog
            preset={preset}
            trigger={
              <Button variant="outline" size="sm" aria-label={`Edit ${preset.id}`}>
                Edit
              </Button>
            }
          />
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Delete ${preset.id}`} disabled={remove.isPending}>
                Delete
              </Button>
            }
            title={`Delete preset ${preset.id}?`}
            description={
              preset.source === "kubeai-catalog"
                ? "Members can no longer deploy it. It is not seeded from KubeAI's catalog again; disabling it instead keeps it for later."
                : "Members can no longer deploy it. Deployments made from it keep running."
            }
            confirmLabel="Delete preset"
            onConfirm={() => void onDelete()}
          />
        </div>
      </TableCell>
    </TableRow>
  );
}

export function PresetsAdminClient({ initialPresets }: { initialPresets: Preset[] }) {
  const list = usePresets(initialPresets);
  const [filter, setFilter] = useState("");
  const all = list.data ?? [];
  const items = filterPresets(all, { search: filter });
  const enabled = all.filter((preset) => preset.enabled).length;
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Presets</h1>
        <Input
          aria-label="Filter presets"
          placeholder="Filter by id, name, model, tag"
          className="w-full sm:w-72"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <PresetEditorDialog
          trigger={
            <Button>
              <Plus /> Add preset
            </Button>
          }
        />
      </div>
      {list.isError ? (
        <p role="alert" className="text-destructive">
          Could not load presets: {list.error.message}
        </p>
      ) : null}
      <Table aria-label="Presets">
        <TableHeader>
          <TableRow>
            <TableHead>Preset</TableHead>
            <TableHead>Category</TableHead>
            <TableHead>Engine</TableHead>
            <TableHead>Profile</TableHead>
            <TableHead>Source</TableHead>
            <TableHead>Enabled</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((preset) => (
            <PresetRow key={preset.id} preset={preset} />
          ))}
        </TableBody>
      </Table>
      <p className="text-sm text-muted-foreground">
        {items.length} of {all.length} presets; {enabled} enabled, shown to members on Easy setup
      </p>
    </div>
  );
}
