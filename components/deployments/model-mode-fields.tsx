"use client";
// The model mode picker and the feature checkboxes, shared by the create form and the edit dialog. Choosing a mode
// sets the feature it needs (the caller decides how to apply that).
import { Checkbox } from "@/components/ui/checkbox";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { FEATURES, FEATURES_BY_MODEL_MODE, MODEL_MODES, type Feature, type ModelMode } from "@/lib/schemas/deployment";

const NONE = "__none__";

export function ModelModeSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (mode: ModelMode | undefined, feature: Feature | undefined) => void;
}) {
  return (
    <Select
      value={value || NONE}
      onValueChange={(next) => {
        const mode = next === NONE ? undefined : (next as ModelMode);
        onChange(mode, mode ? FEATURES_BY_MODEL_MODE[mode] : undefined);
      }}
    >
      <SelectTrigger id={id} className="w-full">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={NONE}>Not set</SelectItem>
        {MODEL_MODES.map((mode) => (
          <SelectItem key={mode} value={mode}>
            {mode}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export function FeatureCheckboxes({
  value,
  onChange,
  error,
  idPrefix = "feature",
}: {
  value: readonly string[];
  onChange: (features: Feature[]) => void;
  error?: string;
  idPrefix?: string;
}) {
  const current = value.filter((item): item is Feature => (FEATURES as readonly string[]).includes(item));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Features</legend>
      <div className="flex flex-wrap gap-4">
        {FEATURES.map((feature) => (
          <label key={feature} htmlFor={`${idPrefix}-${feature}`} className="flex items-center gap-2 text-sm">
            <Checkbox
              id={`${idPrefix}-${feature}`}
              checked={current.includes(feature)}
              onChange={(event) => onChange(event.target.checked ? [...current, feature] : current.filter((item) => item !== feature))}
            />
            {feature}
          </label>
        ))}
      </div>
      {error ? (
        <p role="alert" id={`${idPrefix}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
