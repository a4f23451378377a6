// How the Cluster page writes amounts: CPU cores, memory in binary units (as Kubernetes does), GPUs as counts.

/** 47.5, 2, 0.25: cores to at most two decimals. */
export function formatCores(cores: number): string {
  return String(Math.round(cores * 100) / 100);
}

const BINARY_UNITS = ["B", "Ki", "Mi", "Gi", "Ti", "Pi"];

/** 192Gi, 1.5Ti, 512Mi. */
export function formatMemory(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Math.round(value * 10) / 10}${BINARY_UNITS[unit]}`;
}
