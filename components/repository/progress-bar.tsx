// A labelled progress bar: aria-valuenow in whole percent, indeterminate (no value) while the total is unknown.
import { cn } from "@/lib/cn";

export function ProgressBar({
  label,
  percent,
  valueText,
  testId,
  tone = "default",
  className,
}: {
  label: string;
  /** 0–100, or undefined while the total is not known. */
  percent: number | undefined;
  valueText: string;
  testId: string;
  tone?: "default" | "success" | "destructive";
  className?: string;
}) {
  const fill = tone === "success" ? "bg-success" : tone === "destructive" ? "bg-destructive" : "bg-primary";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      data-testid={testId}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div
        className={cn("h-full rounded-full transition-[width] duration-500", fill, percent === undefined && "w-1/3 animate-pulse")}
        style={percent === undefined ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
