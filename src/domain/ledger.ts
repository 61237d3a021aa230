/**
 * The commitment ledger: dated tranches of money or units moving through three phases
 * (committed → allocated → delivered), with totals and progress per currency or unit derived
 * from them. Money in different currencies and counts of things are never added together here;
 * conversion into a reporting currency is `rates.ts`'s business.
 */
import { type Amount, TRANCHE_PHASES, type Tranche, type TranchePhase } from "./commitments";
import { dateOrder } from "./dates";

export { TRANCHE_PHASES, type Tranche, type TranchePhase };
import { fromHundredths, toHundredths } from "./hundredths";

/** What a writer sends: `recorded_at` only travels with imports of our own export. */
export type TrancheInput = Omit<Tranche, "recorded_at"> & { recorded_at?: string | null };

/** Totals of one currency or unit. */
export interface CurrencyTotals {
  currency: string;
  committed: number;
  allocated: number;
  delivered: number;
  /** delivered ÷ committed; null when nothing is committed in this currency or unit. */
  progress: number | null;
}

let isoCodes: ReadonlySet<string> | null = null;

/**
 * Whether `currency` names money (an ISO 4217 code the runtime knows, upper case) rather than a
 * unit such as `tanks`, `MW` or `MWh`.
 * @example isMoney("EUR") // true
 * @example isMoney("MWh") // false
 */
export function isMoney(currency: string): boolean {
  isoCodes ??= new Set(Intl.supportedValuesOf("currency"));
  return isoCodes.has(currency);
}

/** Running totals per currency or unit, exact (see hundredths.ts). */
export type PhaseSums = Map<string, Record<TranchePhase, bigint>>;

export function addToSums(sums: PhaseSums, phase: TranchePhase, amount: Amount): void {
  let row = sums.get(amount.currency);
  if (!row) {
    row = { committed: 0n, allocated: 0n, delivered: 0n };
    sums.set(amount.currency, row);
  }
  row[phase] += toHundredths(amount.value);
}

/** Totals from exact sums, money before units, each group in code-point order. */
export function totalsFromSums(sums: PhaseSums): CurrencyTotals[] {
  return [...sums]
    .sort(([a], [b]) => Number(isMoney(b)) - Number(isMoney(a)) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, s]) => ({
      currency,
      committed: fromHundredths(s.committed),
      allocated: fromHundredths(s.allocated),
      delivered: fromHundredths(s.delivered),
      progress: s.committed > 0n ? fromHundredths(s.delivered) / fromHundredths(s.committed) : null,
    }));
}

/**
 * Committed, allocated and delivered totals per currency or unit, and progress in each.
 * @example trancheTotals([{ phase: "committed", amount: { value: 2e9, currency: "EUR" } },
 *   { phase: "delivered", amount: { value: 5e8, currency: "EUR" } }])[0].progress // 0.25
 */
export function trancheTotals(tranches: readonly Pick<Tranche, "phase" | "amount">[]): CurrencyTotals[] {
  const sums: PhaseSums = new Map();
  for (const t of tranches) addToSums(sums, t.phase, t.amount);
  return totalsFromSums(sums);
}

/**
 * The commitment's `amount` and `delivered` as clients have always read them: the committed and
 * delivered totals when every tranche uses one currency or unit, else null (the per-currency
 * totals say the rest).
 */
export function compatibleAmounts(tranches: readonly Pick<Tranche, "phase" | "amount">[]): {
  amount: Amount | null;
  delivered: Amount | null;
} {
  const totals = trancheTotals(tranches);
  if (totals.length !== 1) return { amount: null, delivered: null };
  const [only] = totals as [CurrencyTotals];
  return {
    amount: { value: only.committed, currency: only.currency },
    delivered: { value: only.delivered, currency: only.currency },
  };
}

function sameAmount(a: Amount | null | undefined, b: Amount | null): boolean {
  if (!a || !b) return !a && !b;
  return a.currency === b.currency && toHundredths(a.value) === toHundredths(b.value);
}

export interface LedgerConflict {
  field: "amount" | "delivered";
  message: string;
}

/**
 * Once a commitment has tranches, `amount` and `delivered` are their totals: a writer may repeat
 * them (an export read back) or leave them out, never set them to something else.
 */
export function amountConflicts(
  given: { amount?: Amount | null; delivered?: Amount | null },
  tranches: readonly Pick<Tranche, "phase" | "amount">[],
): LedgerConflict[] {
  if (tranches.length === 0) return [];
  const derived = compatibleAmounts(tranches);
  const conflicts: LedgerConflict[] = [];
  for (const field of ["amount", "delivered"] as const) {
    const value = given[field];
    if (value === undefined || value === null || sameAmount(value, derived[field])) continue;
    conflicts.push({
      field,
      message:
        `is derived from the commitment's tranches (${field === "amount" ? "committed" : "delivered"} total) ` +
        `and cannot be written directly; add a tranche to commitment.tranches instead`,
    });
  }
  return conflicts;
}

/** The maker a tranche counts for: its own, else the commitment's only maker, else nobody in particular. */
export function trancheMaker(tranche: Pick<Tranche, "made_by">, madeBy: readonly string[]): string | null {
  if (tranche.made_by) return tranche.made_by;
  return madeBy.length === 1 ? madeBy[0]! : null;
}

const PHASE_RANK: Record<TranchePhase, number> = { committed: 0, allocated: 1, delivered: 2 };

/** Tranches in date order; on the same date, committed before allocated before delivered. */
export function orderTranches<T extends Pick<Tranche, "date" | "phase">>(tranches: readonly T[]): T[] {
  return [...tranches].sort((a, b) => dateOrder(a.date, b.date) || PHASE_RANK[a.phase] - PHASE_RANK[b.phase]);
}

function sameTranche(a: TrancheInput, b: Tranche): boolean {
  return (
    a.phase === b.phase &&
    a.date === b.date &&
    a.made_by === b.made_by &&
    a.note === b.note &&
    sameAmount(a.amount, b.amount) &&
    JSON.stringify(a.source) === JSON.stringify(b.source)
  );
}

/**
 * The stored tranches after a write: a tranche that was already there keeps the time it was first
 * recorded; a new or changed one is recorded now (unless an import brings its own time).
 */
export function recordTranches(previous: readonly Tranche[], next: readonly TrancheInput[], nowIso: string): Tranche[] {
  const unused = [...previous];
  const recorded = next.map((input) => {
    const { recorded_at, ...fields } = input;
    if (recorded_at) return { ...fields, recorded_at };
    const match = unused.findIndex((old) => sameTranche(input, old));
    if (match === -1) return { ...fields, recorded_at: nowIso };
    return { ...fields, recorded_at: unused.splice(match, 1)[0]!.recorded_at };
  });
  return orderTranches(recorded);
}

/**
 * The tranches a commitment counts with: its own, or for one written without any, its `amount`
 * as committed and `delivered` as delivered, both dated to the entry's start (`start` matters
 * only where a date does, as for conversion).
 */
export function countedTranches(
  c: { tranches: readonly Tranche[]; amount: Amount | null; delivered: Amount | null },
  start: string,
): Pick<Tranche, "phase" | "date" | "amount" | "made_by">[] {
  if (c.tranches.length > 0) return [...c.tranches];
  const counted: Pick<Tranche, "phase" | "date" | "amount" | "made_by">[] = [];
  if (c.amount) counted.push({ phase: "committed", date: start, amount: c.amount, made_by: null });
  if (c.delivered) counted.push({ phase: "delivered", date: start, amount: c.delivered, made_by: null });
  return counted;
}

/**
 * Totals per currency or unit of a commitment: of its tranches, or of `amount` and `delivered`
 * for one written without any.
 */
export function commitmentTotals(c: { tranches: readonly Tranche[]; amount: Amount | null; delivered: Amount | null }): CurrencyTotals[] {
  return trancheTotals(countedTranches(c, ""));
}
