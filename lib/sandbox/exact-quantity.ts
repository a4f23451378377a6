// Exact Kubernetes quantities for quota arithmetic: parsed to nano-units, summed, compared and printed canonically.

/** A quantity in nano-units (so sums of `100m` and `1.5` stay exact) and whether it prints in binary (`Gi`) form. */
export interface Quantity {
  nanos: bigint;
  binary: boolean;
}

const NANO = 1_000_000_000n;
const PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };
const DECIMAL_SUFFIXES: Record<number, string> = {
  [-9]: "n",
  [-6]: "u",
  [-3]: "m",
  0: "",
  3: "k",
  6: "M",
  9: "G",
  12: "T",
  15: "P",
  18: "E",
};
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

export const ZERO: Quantity = { nanos: 0n, binary: false };

export function countOf(n: number): Quantity {
  return { nanos: BigInt(n) * NANO, binary: false };
}

/** `500m`, `24Gi`, `2`, `1e3` or a JSON number; undefined when it is not a quantity. Below a nano it rounds up, as Kubernetes does. */
export function parseExactQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string") return undefined;
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, sign, mantissa, suffix = ""] = m;
  const [whole, fraction = ""] = mantissa.split(".");
  let digits = BigInt(`${whole}${fraction}` || "0");
  let exponent = 9 - fraction.length;
  const binary = suffix in BINARY_EXPONENTS;
  if (binary) digits *= 2n ** BINARY_EXPONENTS[suffix];
  else exponent += /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL_EXPONENTS[suffix];
  const scale = 10n ** BigInt(Math.abs(exponent));
  const nanos = exponent >= 0 ? digits * scale : (digits + scale - 1n) / scale;
  return { nanos: sign === "-" ? -nanos : nanos, binary };
}

/** The sum keeps the first operand's format, as Quantity.Add does. */
export function addQuantities(a: Quantity | undefined, b: Quantity): Quantity {
  return a ? { nanos: a.nanos + b.nanos, binary: a.binary } : b;
}

/**
 * Quantity.String(): binary form (`1536Mi`) for whole byte counts of at least 1Ki, otherwise the decimal suffix with
 * the largest exponent (a multiple of 3) that keeps the number whole (`1500m`, `2`, `1k`).
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  const sign = q.nanos < 0n ? "-" : "";
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (q.binary && abs >= 1024n * NANO && abs % NANO === 0n) {
    let value = abs / NANO;
    let power = 0;
    while (power < BINARY_SUFFIXES.length - 1 && value % 1024n === 0n) {
      value /= 1024n;
      power += 1;
    }
    return `${sign}${value}${BINARY_SUFFIXES[power]}`;
  }
  let mantissa = abs;
  let exponent = -9;
  while (exponent < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIXES[exponent]}`;
}
