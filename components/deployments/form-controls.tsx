"use client";
// Small form pieces shared by the create form and the edit dialog.
import type { FieldErrors, FieldValues, Path, UseFormRegister } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { envToLines, linesToEnv, linesToList, listToLines } from "@/lib/client/text-lists";

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

const NONE = "__none__";

/**
 * A select over fixed choices, with an optional "none" entry that reads as undefined (the schema's default applies).
 * A value outside the choices (an object made with kubectl) is shown rather than hidden.
 */
export function ChoiceSelect({
  id,
  value,
  choices,
  noneLabel,
  onChange,
  invalid,
}: {
  id: string;
  value: string | null | undefined;
  choices: readonly string[];
  noneLabel?: string;
  onChange: (value: string | undefined) => void;
  invalid?: boolean;
}) {
  const current = value || (noneLabel ? NONE : "");
  const extra = value && !choices.includes(value) ? value : undefined;
  return (
    <Select value={current} onValueChange={(next) => onChange(next === NONE ? undefined : next)}>
      <SelectTrigger id={id} className="w-full" aria-invalid={invalid ? true : undefined}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {noneLabel ? <SelectItem value={NONE}>{noneLabel}</SelectItem> : null}
        {choices.map((choice) => (
          <SelectItem key={choice} value={choice}>
            {choice}
          </SelectItem>
        ))}
        {extra ? <SelectItem value={extra}>{extra}</SelectItem> : null}
      </SelectContent>
    </Select>
  );
}

/**
 * A text box registered on a form. Emptied, an optional field reads as undefined (absent, so the schema's default
 * applies) and a required one as "" (so the schema says it is required, not that it has the wrong type).
 */
export function TextField<T extends FieldValues>({
  register,
  errors,
  name,
  label,
  hint,
  placeholder,
  required,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  name: Path<T>;
  label: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const id = name.replace(/\./g, "-");
  const error = errorAt(errors, name);
  return (
    <FormField label={label} htmlFor={id} error={error} hint={hint}>
      <Input
        id={id}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(name, { setValueAs: (value: unknown) => (isEmpty(value) && !required ? undefined : value) })}
      />
    </FormField>
  );
}

/** One item per line (engine or container arguments). Uncontrolled: what is typed stays as typed. */
export function LinesTextarea({ id, value, onChange }: { id: string; value: string[] | undefined; onChange: (list: string[]) => void }) {
  return (
    <Textarea
      id={id}
      rows={3}
      className="font-mono text-xs"
      defaultValue={listToLines(value)}
      onChange={(event) => onChange(linesToList(event.target.value))}
    />
  );
}

/** KEY=VALUE lines; a line without "=" is kept out of the value and reported, so the form can refuse to submit. */
export function EnvTextarea({
  id,
  value,
  onChange,
  onProblem,
}: {
  id: string;
  value: Record<string, string> | undefined;
  onChange: (env: Record<string, string>) => void;
  onProblem: (problem: string | undefined) => void;
}) {
  return (
    <Textarea
      id={id}
      rows={3}
      className="font-mono text-xs"
      defaultValue={envToLines(value)}
      onChange={(event) => {
        const { env, badLine } = linesToEnv(event.target.value);
        onProblem(badLine ? `Not KEY=VALUE: ${badLine}` : undefined);
        onChange(env);
      }}
    />
  );
}

/** The arguments and environment boxes both create forms have; each form binds them (useController) and says what
 * its arguments are for. `argsRevision` redraws the arguments when they were set from outside the box. */
export function ArgsAndEnvFields({
  argsHint,
  args,
  env,
  errors,
  argsRevision = 0,
  onEnvProblem,
}: {
  argsHint: string;
  args: { value: string[] | undefined; onChange: (list: string[]) => void };
  env: { value: Record<string, string> | undefined; onChange: (env: Record<string, string>) => void };
  errors: FieldErrors;
  argsRevision?: number;
  onEnvProblem: (problem: string | undefined) => void;
}) {
  return (
    <>
      <FormField label="Arguments" htmlFor="args" hint={argsHint} error={errorAt(errors, "args")}>
        <LinesTextarea key={argsRevision} id="args" value={args.value} onChange={args.onChange} />
      </FormField>
      <FormField label="Environment" htmlFor="env" hint="KEY=VALUE, one per line" error={errorAt(errors, "env")}>
        <EnvTextarea id="env" value={env.value} onChange={env.onChange} onProblem={onEnvProblem} />
      </FormField>
    </>
  );
}
