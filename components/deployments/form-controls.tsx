"use client";
// Small form pieces shared by the create form and the edit dialog.
import type { FieldErrors, FieldValues, Path, UseFormRegister } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** The message react-hook-form holds for a dotted field path, e.g. "proxy.timeout". */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  const message = node && typeof node === "object" && "message" in node ? (node as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : undefined;
}

const isEmpty = (value: unknown) => value === "" || value === null || value === undefined;
export const optionalNumber = (value: unknown) => (isEmpty(value) ? undefined : Number(value));

export function NumberField<T extends FieldValues>({
  register,
  errors,
  name,
  label,
  hint,
  min,
  emptyAs,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  name: Path<T>;
  label: string;
  hint?: string;
  min?: number;
  /** What an emptied field means: left out (undefined, so the schema's default applies) or null (cleared). */
  emptyAs?: null;
}) {
  const id = name.replace(/\./g, "-");
  const error = errorAt(errors, name);
  return (
    <FormField label={label} htmlFor={id} error={error} hint={hint}>
      <Input
        id={id}
        type="number"
        min={min}
        inputMode="numeric"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(name, { setValueAs: (value: unknown) => (isEmpty(value) ? emptyAs : Number(value)) })}
      />
    </FormField>
  );
}
