// Textarea ↔ list conversions for the form: one argument per line, KEY=VALUE environment lines.
export function linesToList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export function listToLines(list: string[] | undefined): string {
  return (list ?? []).join("\n");
}

export function linesToEnv(text: string): { env: Record<string, string>; badLine?: string } {
  const env: Record<string, string> = {};
  for (const line of linesToList(text)) {
    const separator = line.indexOf("=");
    if (separator <= 0) return { env, badLine: line };
    env[line.slice(0, separator).trim()] = line.slice(separator + 1);
  }
  return { env };
}

export function envToLines(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}
