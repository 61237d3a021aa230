/**
 * Exact sums of amounts, kept as whole hundredths in a bigint. Floating-point sums depend on the
 * order of addition and leave residues (0.1 + 0.2 - 0.3 ≠ 0); totals maintained by adding and
 * subtracting over years of edits must instead equal a recomputation from scratch, exactly.
 * A value is rounded to the hundredth once, on the way in; SQLite's 64-bit integers hold the sums.
 */

/** Hundredths per whole unit. */
export const SCALE = 100n;

/**
 * A number as whole hundredths, rounded to the nearest (halves away from zero).
 * @example toHundredths(2.5) // 250n
 * @example toHundredths(1_000_000_000) // 100000000000n
 */
export function toHundredths(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  if (Math.abs(value) >= 1e21) throw new RangeError(`amount too large: ${value}`);
  // toFixed rounds the exact binary value (ties up), so the result depends on nothing but `value`.
  const units = BigInt(Math.abs(value).toFixed(2).replace(".", ""));
  return value < 0 ? -units : units;
}

/**
 * Hundredths back to the nearest number (what JSON carries).
 * @example fromHundredths(250n) // 2.5
 */
export function fromHundredths(units: bigint): number {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(3, "0");
  return Number(`${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}

/**
 * Parses the decimal text SQLite gives for an integer column (`CAST(x AS TEXT)`), exactly.
 * @example parseHundredths("-1250") // -1250n
 */
export function parseHundredths(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new RangeError(`not an integer: ${text}`);
  return BigInt(text);
}
