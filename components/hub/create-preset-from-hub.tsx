"use client";
// Create preset (admins): asks the API for a draft made from the model's metadata and fit, then opens the preset
// editor filled with it, with how it was chosen; the admin reviews it and saves it through the preset API.
import { FilePlus } from "lucide-react";
import { useState } from "react";
import { PresetEditorDialog } from "@/components/presets/preset-editor-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/sonner";
import type { HubPresetDraft } from "@/lib/schemas/hub";
import { useDraftHubPreset } from "./queries";

function DraftNotes({ notes }: { notes: string[] }) {
  return (
    <div className="rounded-md border bg-muted/40 p-3 text-sm">
      <p className="font-medium">Drafted from the Hub — review before saving</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 break-words text-muted-foreground">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}

export function CreatePresetFromHub({ id }: { id: string }) {
  const draft = useDraftHubPreset();
  const [opened, setOpened] = useState<{ draft: HubPresetDraft; version: number }>();
  const [open, setOpen] = useState(false);

  const start = async () => {
    try {
      const made = await draft.mutateAsync(id);
      // A new key mounts the editor afresh, so every click starts from the draft just made.
      setOpened((current) => ({ draft: made, version: (current?.version ?? 0) + 1 }));
      setOpen(true);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not draft a preset");
    }
  };

  return (
    <>
      <Button variant="outline" aria-label="Create preset" disabled={draft.isPending} onClick={() => void start()}>
        <FilePlus /> {draft.isPending ? "Drafting…" : "Create preset"}
      </Button>
      {opened ? (
        <PresetEditorDialog
          key={opened.version}
          start={opened.draft.preset}
          open={open}
          onOpenChange={setOpen}
          notice={<DraftNotes notes={opened.draft.notes} />}
        />
      ) : null}
    </>
  );
}
