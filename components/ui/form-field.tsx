import * as React from "react";

import { cn } from "@/lib/cn";
import { Label } from "@/components/ui/label";

type FormFieldProps = {
  label: string;
  htmlFor: string;
  error?: string;
  hint?: string;
  className?: string;
  children: React.ReactNode;
};

/** Ids for wiring a control's aria-describedby to the hint/error rendered by FormField. */
function formFieldIds(htmlFor: string): { hintId: string; errorId: string } {
  return { hintId: `${htmlFor}-hint`, errorId: `${htmlFor}-error` };
}

function FormField({ label, htmlFor, error, hint, className, children }: FormFieldProps) {
  const { hintId, errorId } = formFieldIds(htmlFor);
  return (
    <div data-slot="form-field" className={cn("grid content-start gap-2", className)}>
      <Label htmlFor={htmlFor} className={cn(error && "text-destructive")}>
        {label}
      </Label>
      {children}
      {hint ? (
        <p id={hintId} data-slot="form-field-hint" className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" data-slot="form-field-error" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export { FormField, formFieldIds, type FormFieldProps };
