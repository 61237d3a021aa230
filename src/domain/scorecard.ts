/**
 * The scorecard: commitments by status, overdue, and committed/allocated/delivered totals per
 * currency or unit and in the timeline's reporting currency, for the whole timeline, per maker
 * and per beneficiary.
 *
 * Built from additive aggregates: each counted commitment contributes rows (scope, subject,
 * metric, value), and the stored aggregates are the sums of those rows. A write adds the new
 * entry's rows and subtracts the old ones in the same batch, so reading a scorecard costs the
 * same for 100 entries or 100,000. Values are exact integers (counts, hundredths), so the sums
 * maintained over any sequence of writes equal a recomputation from scratch.
 *
 * `overdue` depends on the clock, so it is not a stored sum but counted at read time from an
 * index of due dates kept as counts by year, by month and by exact end: a read sums the years
 * before this one, the months before this one, and the ends of this month so far, and checks
 * only the ends within a day of now against the timeline's time zone.
 */
import { COMMITMENT_STATUSES, type CommitmentData, type CommitmentStatus, isSettled } from "./commitments";
import { parseDate, wallClockInstant } from "./dates";
import { fromHundredths, toHundredths } from "./hundredths";
import {
  type CurrencyTotals,
  countedTranches,
  isMoney,
  type PhaseSums,
  TRANCHE_PHASES,
  type TranchePhase,
  totalsFromSums,
  trancheMaker,
} from "./ledger";
import { convert, type RateBook } from "./rates";
import { foldKey } from "./text";

export type Scope = "all" | "maker" | "beneficiary";

export interface AggregateRow {
  scope: Scope;
  /** Folded name (see foldKey); "" for the whole timeline, for money no single maker accounts for, for no beneficiary. */
  subject: string;
  /** The name as written, for display. */
  label: string;
  metric: string;
  value: bigint;
}

/** A commitment that counts: live, published, of kind commitment. */
export interface LedgerEntry {
  start: string;
  commitment: CommitmentData;
}

export interface LedgerContext {
  /** The timeline's reporting currency (ISO 4217), if any. */
  reporting: string | null;
  rates: RateBook;
}

/** Metric names. Text order matters: reads select ranges of them. */
export const METRIC = {
  count: "n",
  status: (s: CommitmentStatus) => `s:${s}`,
  total: (phase: TranchePhase, currency: string) => `t:${phase}:${currency}`,
  reported: (phase: TranchePhase) => `r:${phase}`,
  unconverted: (phase: TranchePhase, currency: string) => `u:${phase}:${currency}`,
  /** Amounts converted with a rate (approximate). */
  converted: "x",
  /** Amounts converted with a rate of this day; kept for the whole timeline only. */
  rateDay: (day: string) => `rd:${day}`,
  dueYear: (year: number) => `oy:${yearKey(year)}`,
  dueMonth: (year: number, month: number) => `om:${yearKey(year)}-${String(month).padStart(2, "0")}`,
  dueEnd: (ms: number, kind: "c" | "i") => `oe:${(BigInt(ms) + MS_OFFSET).toString().padStart(17, "0")}:${kind}`,
} as const;

const MS_OFFSET = 10n ** 16n;
const yearKey = (year: number) => String(year + 300_000).padStart(6, "0");
/** No time zone is further than this from UTC (the extremes are −12:00 and +14:00). */
const ZONE_REACH_MS = 14 * 3_600_000;

const rowKey = (scope: Scope, subject: string, metric: string) => `${scope}\n${subject}\n${metric}`;

/** Sums of aggregate rows by (scope, subject, metric). */
export class Aggregates {
  readonly rows = new Map<string, AggregateRow>();

  add(row: AggregateRow, sign: 1n | -1n = 1n): void {
    const key = rowKey(row.scope, row.subject, row.metric);
    const current = this.rows.get(key);
    if (!current) {
      // A copy of its own: sums change in place (a recomputation adds millions of rows).
      if (row.value !== 0n) this.rows.set(key, { ...row, value: sign * row.value });
      return;
    }
    current.value += sign * row.value;
    if (!current.label) current.label = row.label;
    if (current.value === 0n) this.rows.delete(key);
  }

  addAll(rows: Iterable<AggregateRow>, sign: 1n | -1n = 1n): this {
    for (const row of rows) this.add(row, sign);
    return this;
  }

  /** Rows sorted by key, for comparisons. */
  sorted(): AggregateRow[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
}

/** Whether an entry counts in the ledger, and as what. */
export function ledgerEntry(entry: {
  kind: string;
  start: string;
  commitment: CommitmentData | null;
  deleted_at?: string | null;
  draft?: boolean;
}): LedgerEntry | null {
  if (entry.kind !== "commitment" || !entry.commitment || entry.deleted_at || entry.draft) return null;
  return { start: entry.start, commitment: entry.commitment };
}

/**
 * The rows one commitment adds to the aggregates (in no particular order).
 * @example contributions({ start: "2024-11-26", commitment }, { reporting: null, rates: new RateBook() })
 */
export function contributions(entry: LedgerEntry, ctx: LedgerContext): AggregateRow[] {
  const c = entry.commitment;
  const rows = new Aggregates();
  type Subject = { scope: Scope; subject: string; label: string };
  const put = (who: Subject, metric: string, value: bigint) => rows.add({ ...who, metric, value });
  const named = (scope: Scope, name: string): Subject => ({ scope, subject: foldKey(name), label: name });
  const all: Subject = { scope: "all", subject: "", label: "" };
  const beneficiary = named("beneficiary", c.beneficiary ?? "");

  const makers = new Map<string, Subject>();
  for (const name of [...c.made_by, ...c.tranches.flatMap((t) => (t.made_by ? [t.made_by] : []))]) {
    const maker = named("maker", name);
    if (!makers.has(maker.subject)) makers.set(maker.subject, maker);
  }

  const due = c.due && !isSettled(c.status) ? parseDate(c.due) : null;
  const dueMetrics: string[] = [];
  if (due?.ok) {
    const end = due.date.endMs;
    const day = new Date(end);
    dueMetrics.push(
      METRIC.dueYear(day.getUTCFullYear()),
      METRIC.dueMonth(day.getUTCFullYear(), day.getUTCMonth() + 1),
      METRIC.dueEnd(end, due.date.precision === "datetime" ? "i" : "c"),
    );
  }
  const status = METRIC.status(c.status);
  for (const who of [all, ...makers.values(), beneficiary]) {
    put(who, METRIC.count, 1n);
    put(who, status, 1n);
    for (const metric of dueMetrics) put(who, metric, 1n);
  }

  for (const t of countedTranches(c, entry.start)) {
    const amount = toHundredths(t.amount.value);
    const makerName = trancheMaker(t, c.made_by);
    const maker = makerName === null ? named("maker", "") : (makers.get(foldKey(makerName)) ?? named("maker", makerName));
    const money = isMoney(t.amount.currency);
    const conversion = ctx.reporting && money ? convert(t.amount, t.date, ctx.reporting, ctx.rates) : null;
    const converted = conversion ? toHundredths(conversion.value) : 0n;
    for (const who of [all, maker, beneficiary]) {
      put(who, METRIC.total(t.phase, t.amount.currency), amount);
      if (!ctx.reporting || !money) continue;
      if (!conversion) {
        put(who, METRIC.unconverted(t.phase, t.amount.currency), amount);
        continue;
      }
      put(who, METRIC.reported(t.phase), converted);
      if (conversion.approximate) put(who, METRIC.converted, 1n);
    }
    if (conversion?.rate_date) put(all, METRIC.rateDay(conversion.rate_date), 1n);
  }
  return [...rows.rows.values()];
}

/** The aggregates of a set of commitments, from scratch. */
export function aggregate(entries: Iterable<LedgerEntry>, ctx: LedgerContext): Aggregates {
  const sums = new Aggregates();
  for (const entry of entries) sums.addAll(contributions(entry, ctx));
  return sums;
}

/** What a write changes in the aggregates: the new entry's rows minus the old one's; nothing when equal. */
export function aggregateDelta(before: LedgerEntry | null, after: LedgerEntry | null, ctx: LedgerContext): AggregateRow[] {
  const delta = new Aggregates();
  if (before) delta.addAll(contributions(before, ctx), -1n);
  if (after) delta.addAll(contributions(after, ctx));
  return delta.sorted();
}

/** Metric ranges [from, to) a scorecard read needs besides the plain sums, for `nowMs`. */
export function overdueRanges(nowMs: number): { from: string; to: string }[] {
  const sure = new Date(nowMs - ZONE_REACH_MS);
  const year = sure.getUTCFullYear();
  const month = sure.getUTCMonth() + 1;
  const monthStart = Date.UTC(year, month - 1, 1);
  return [
    { from: "oy:", to: METRIC.dueYear(year) },
    { from: METRIC.dueMonth(year, 1), to: METRIC.dueMonth(year, month) },
    { from: METRIC.dueEnd(monthStart, "c"), to: METRIC.dueEnd(nowMs + ZONE_REACH_MS + 1, "c") },
  ];
}

/**
 * Overdue commitments among the due-date counts of one subject: the whole due period has passed
 * in `timeZone` and the commitment is neither fulfilled nor withdrawn (settled ones have no
 * counts). Rows beyond `overdueRanges` may be passed and are ignored where they do not count.
 */
export function countOverdue(rows: Iterable<Pick<AggregateRow, "metric" | "value">>, nowMs: number, timeZone: string): number {
  const sureBefore = nowMs - ZONE_REACH_MS;
  const sure = new Date(sureBefore);
  const year = sure.getUTCFullYear();
  const month = sure.getUTCMonth() + 1;
  const monthStart = Date.UTC(year, month - 1, 1);
  let count = 0n;
  for (const { metric, value } of rows) {
    const [kind, key, endKind] = metric.split(":") as [string, string, string | undefined];
    if (kind === "oy" && Number(key) - 300_000 < year) count += value;
    else if (kind === "om") {
      const [y, m] = key.split("-").map(Number) as [number, number];
      if (y - 300_000 === year && m < month) count += value;
    } else if (kind === "oe") {
      const end = Number(BigInt(key) - MS_OFFSET);
      if (end < monthStart) continue;
      if (end <= sureBefore) count += value;
      else if (end <= nowMs + ZONE_REACH_MS && passed(end, endKind === "i", nowMs, timeZone)) count += value;
    }
  }
  return Number(count);
}

/** Whether a due period ending at `end` (a floating local midnight, or an instant) has passed. */
function passed(end: number, instant: boolean, nowMs: number, timeZone: string): boolean {
  return nowMs >= (instant ? end : wallClockInstant(end, timeZone));
}

export interface ReportingTotals {
  currency: string;
  committed: number;
  allocated: number;
  delivered: number;
  /** delivered ÷ committed; null when nothing is committed or some money could not be converted. */
  progress: number | null;
  /** Some amounts were converted with exchange rates. */
  approximate: boolean;
  /** Money without a rate on or before its date, left in its own currency. */
  unconverted: CurrencyTotals[];
}

export interface Card {
  commitments: number;
  by_status: Record<CommitmentStatus, number>;
  overdue: number;
  totals: CurrencyTotals[];
  reporting: ReportingTotals | null;
}

export interface Scorecard {
  reporting_currency: string | null;
  /** Days of the oldest and newest exchange rate used, when any was. */
  rates_used: { from: string; to: string } | null;
  summary: Card;
  makers: (Card & { maker: string | null })[];
  beneficiaries: (Card & { beneficiary: string | null })[];
}

export interface ScorecardOptions {
  reporting: string | null;
  nowMs: number;
  timeZone: string;
}

/**
 * The scorecard from aggregate rows (all of them, or those a read selected: the plain sums, the
 * overdue ranges, and the first and last rate day).
 */
export function scorecard(rows: Iterable<AggregateRow>, options: ScorecardOptions): Scorecard {
  const groups = new Map<string, { scope: Scope; subject: string; label: string; rows: AggregateRow[] }>();
  const rateDays: string[] = [];
  for (const row of rows) {
    if (row.metric.startsWith("rd:")) {
      if (row.value > 0n) rateDays.push(row.metric.slice(3));
      continue;
    }
    const key = `${row.scope}\n${row.subject}`;
    const group = groups.get(key) ?? { scope: row.scope, subject: row.subject, label: row.label, rows: [] };
    if (!group.label && row.label) group.label = row.label;
    group.rows.push(row);
    groups.set(key, group);
  }
  rateDays.sort();
  const card = (list: readonly AggregateRow[]) => cardOf(list, options);
  const all = groups.get("all\n");
  const makers = [...groups.values()].filter((g) => g.scope === "maker").map((g) => ({ maker: g.subject ? g.label : null, ...card(g.rows) }));
  const beneficiaries = [...groups.values()]
    .filter((g) => g.scope === "beneficiary")
    .map((g) => ({ beneficiary: g.subject ? g.label : null, ...card(g.rows) }));
  return {
    reporting_currency: options.reporting,
    rates_used: rateDays.length ? { from: rateDays[0]!, to: rateDays.at(-1)! } : null,
    summary: card(all?.rows ?? []),
    makers: sortCards(makers, (m) => m.maker),
    beneficiaries: sortCards(beneficiaries, (b) => b.beneficiary),
  };
}

function cardOf(rows: readonly AggregateRow[], options: ScorecardOptions): Card {
  const by_status = Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 0])) as Record<CommitmentStatus, number>;
  const totals: PhaseSums = new Map();
  const unconverted: PhaseSums = new Map();
  const reported: Record<TranchePhase, bigint> = { committed: 0n, allocated: 0n, delivered: 0n };
  let commitments = 0;
  let converted = 0n;
  for (const { metric, value } of rows) {
    const [kind, a, ...rest] = metric.split(":");
    const b = rest.join(":");
    if (kind === "n") commitments = Number(value);
    else if (kind === "s" && a && a in by_status) by_status[a as CommitmentStatus] = Number(value);
    else if (kind === "t" || kind === "u") addSum(kind === "t" ? totals : unconverted, a as TranchePhase, b, value);
    else if (kind === "r") reported[a as TranchePhase] = value;
    else if (kind === "x") converted = value;
  }
  const missing = totalsFromSums(unconverted).map((t) => ({ ...t, progress: null }));
  const reporting: ReportingTotals | null = options.reporting
    ? {
        currency: options.reporting,
        committed: fromHundredths(reported.committed),
        allocated: fromHundredths(reported.allocated),
        delivered: fromHundredths(reported.delivered),
        progress:
          reported.committed > 0n && missing.length === 0 ? fromHundredths(reported.delivered) / fromHundredths(reported.committed) : null,
        approximate: converted > 0n,
        unconverted: missing,
      }
    : null;
  return { commitments, by_status, overdue: countOverdue(rows, options.nowMs, options.timeZone), totals: totalsFromSums(totals), reporting };
}

function addSum(sums: PhaseSums, phase: TranchePhase, currency: string, value: bigint): void {
  if (!TRANCHE_PHASES.includes(phase)) return;
  const row = sums.get(currency) ?? { committed: 0n, allocated: 0n, delivered: 0n };
  row[phase] += value;
  sums.set(currency, row);
}

/** Largest first (in the reporting currency, else by number of commitments), then by name; the unnamed row last. */
function sortCards<T extends Card>(cards: T[], name: (card: T) => string | null): T[] {
  const weight = (c: Card) => c.reporting?.committed ?? 0;
  return cards.sort((a, b) => {
    const na = name(a);
    const nb = name(b);
    if ((na === null) !== (nb === null)) return na === null ? 1 : -1;
    return weight(b) - weight(a) || b.commitments - a.commitments || (na ?? "").localeCompare(nb ?? "");
  });
}
