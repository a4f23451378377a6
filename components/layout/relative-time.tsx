"use client";
// A relative time ("5m ago") that keeps counting while the page is open; the exact time is on hover.
import { formatAge } from "@/lib/client/format-age";
import { useNow } from "@/lib/client/use-now";

export function RelativeTime({ timestamp, suffix = " ago", className }: { timestamp: string | null; suffix?: string; className?: string }) {
  const now = useNow();
  if (!timestamp) return <span className={className}>—</span>;
  // Before hydration the clock is unknown: render nothing rather than a time the browser would contradict.
  return (
    <time dateTime={timestamp} title={now === null ? undefined : new Date(timestamp).toLocaleString()} className={className}>
      {now === null ? "" : `${formatAge(timestamp, now)}${suffix}`}
    </time>
  );
}
