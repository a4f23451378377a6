// Ages the way kubectl prints them: 45s, 12m, 3h, 5d.
export function formatAge(timestamp: string | null, now = Date.now()): string {
  if (!timestamp) return "—";
  const seconds = Math.max(0, Math.floor((now - new Date(timestamp).getTime()) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
