// Kubernetes resource quantities ("24Gi", "500m", "6"): the pattern the API accepts and their value as a number.

/** A quantity a container may ask for: the CRD's pattern without a sign. */
export const QUANTITY_PATTERN = /^(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?(\d+(\.\d*)?|\.\d+))?$/;

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity as a plain number (`500m` → 0.5, `4Gi` → 4294967296); undefined when it is not one. */
export function quantityValue(quantity: string): number | undefined {
  const trimmed = quantity.trim();
  if (!QUANTITY_PATTERN.test(trimmed)) return undefined;
  const suffixed = /^([\d.]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])$/.exec(trimmed);
  return suffixed ? Number(suffixed[1]) * SUFFIXES[suffixed[2]] : Number(trimmed);
}

/** Like `quantityValue`, for values read from objects: numbers as they are, anything unreadable as 0. */
export function parseQuantity(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" ? (quantityValue(value) ?? 0) : 0;
}
