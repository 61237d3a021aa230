/**
 * Exchange rates a timeline's editors supply, and conversion with them. A rate is always units of
 * `currency` per one unit of `base` (ECB: `USD 1.05` on a day means 1 EUR = 1.05 USD). A
 * converted figure uses the rate of the amount's date or the last one before it, says which day
 * that rate is from, and is never made up: no rate on or before the date, no conversion.
 * No network calls: rates arrive as CSV records, parsed here.
 */
import type { Amount } from "./commitments";
import { parseCsv } from "./csv";
import { type Precision, parseDate } from "./dates";

export interface Rate {
  /** `YYYY-MM-DD`. */
  date: string;
  currency: string;
  base: string;
  /** Units of `currency` per one unit of `base`; positive. */
  rate: number;
}

export interface RateProblem {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  column?: string;
  detail: string;
}

export type RateFormat = "ecb" | "table";

export interface RateParse {
  format: RateFormat | null;
  rates: Rate[];
  /** Empty or `N/A` cells of an ECB file: days a currency had no reference rate. */
  gaps: number;
  problems: RateProblem[];
}

const CODE = /^[A-Z]{3}$/;
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** How the ECB marks a day without a rate for a currency. */
const GAP = /^(|N\/A|NA|-|–|n\/a)$/;
const TABLE_COLUMNS = ["date", "currency", "rate", "base"] as const;

/**
 * Reads the records of a rates CSV: the European Central Bank's reference-rate file (a `Date`
 * column and one column per currency against EUR, newest or oldest first, `N/A` or empty on days
 * without a rate; both the historical and the daily file) or a table with the columns `date`,
 * `currency`, `rate` and `base` in any order.
 * @example parseRates([["Date", "USD", ""], ["2024-11-26", "1.0487", ""]]).rates
 *   // [{ date: "2024-11-26", currency: "USD", base: "EUR", rate: 1.0487 }]
 */
export function parseRates(records: readonly (readonly string[])[]): RateParse {
  const rows = records.filter((r) => r.some((cell) => cell.trim() !== ""));
  const header = (rows[0] ?? []).map((cell) => cell.trim().replace(/^\uFEFF/, ""));
  const lower = header.map((h) => h.toLowerCase());
  const lineOf = (row: readonly string[]) => records.indexOf(row) + 1;
  const result: RateParse = { format: null, rates: [], gaps: 0, problems: [] };
  const lines: number[] = [];
  const add = (rate: Rate, line: number) => {
    result.rates.push(rate);
    lines.push(line);
  };

  if (TABLE_COLUMNS.every((c) => lower.includes(c))) {
    result.format = "table";
    const at = Object.fromEntries(TABLE_COLUMNS.map((c) => [c, lower.indexOf(c)])) as Record<(typeof TABLE_COLUMNS)[number], number>;
    for (const row of rows.slice(1)) {
      const line = lineOf(row);
      const cell = (c: (typeof TABLE_COLUMNS)[number]) => (row[at[c]] ?? "").trim();
      const date = rateDate(cell("date"));
      const currency = cell("currency").toUpperCase();
      const base = cell("base").toUpperCase();
      const rate = rateValue(cell("rate"));
      if (!date) result.problems.push({ line, column: "date", detail: `"${cell("date")}" is not a date (YYYY-MM-DD)` });
      if (!CODE.test(currency)) result.problems.push({ line, column: "currency", detail: `"${cell("currency")}" is not a three-letter currency code` });
      if (!CODE.test(base)) result.problems.push({ line, column: "base", detail: `"${cell("base")}" is not a three-letter currency code` });
      if (rate === null) result.problems.push({ line, column: "rate", detail: `"${cell("rate")}" is not a positive number` });
      if (CODE.test(currency) && currency === base) {
        result.problems.push({ line, column: "base", detail: "a rate needs two different currencies" });
      }
      if (date && rate !== null && CODE.test(currency) && CODE.test(base) && currency !== base) {
        add({ date, currency, base, rate }, line);
      }
    }
  } else if (lower[0] === "date" && header.length > 1) {
    result.format = "ecb";
    const columns = header.map((h, i) => ({ code: h.toUpperCase(), index: i })).slice(1);
    for (const { code } of columns) {
      if (code !== "" && !CODE.test(code)) result.problems.push({ line: lineOf(rows[0]!), column: code, detail: `"${code}" is not a three-letter currency code` });
    }
    const currencies = columns.filter((c) => CODE.test(c.code) && c.code !== "EUR");
    for (const row of rows.slice(1)) {
      const line = lineOf(row);
      const date = rateDate((row[0] ?? "").trim());
      if (!date) {
        result.problems.push({ line, column: "Date", detail: `"${(row[0] ?? "").trim()}" is not a date` });
        continue;
      }
      for (const { code, index } of currencies) {
        const text = (row[index] ?? "").trim();
        if (GAP.test(text)) {
          result.gaps += 1;
          continue;
        }
        const rate = rateValue(text);
        if (rate === null) result.problems.push({ line, column: code, detail: `"${text}" is not a positive number` });
        else add({ date, currency: code, base: "EUR", rate }, line);
      }
    }
  } else {
    result.problems.push({
      line: rows[0] ? lineOf(rows[0]) : 1,
      detail:
        "expected the ECB reference-rate CSV (a Date column and one column per currency) " +
        "or a CSV with the columns date, currency, rate and base",
    });
  }
  result.problems.push(...conflicts(result.rates, lines));
  result.rates = dedupe(result.rates);
  return result;
}

/**
 * Reads a rates CSV file's text (see `parseRates`); an unterminated quote is a problem too.
 * @example parseRatesCsv("Date,USD,\n2024-11-26,1.0487,\n").rates.length // 1
 */
export function parseRatesCsv(text: string): RateParse {
  const csv = parseCsv(text.replace(/^\uFEFF/, ""));
  const parsed = parseRates(csv.records);
  if (csv.unclosedQuoteAt !== null) {
    parsed.problems.unshift({ line: csv.unclosedQuoteAt + 1, detail: "a quoted field is never closed" });
  }
  return parsed;
}

/** Why an import is refused as a whole (all or nothing): bad lines, no rates, or too many for one request. */
export type RatesRefusal<P = RateProblem> = { kind: "problems"; problems: P[] } | { kind: "empty" } | { kind: "too-many"; count: number; max: number };

/**
 * Whether parsed rates may be stored: every line good, at least one rate, at most `max` of them.
 * The API and the studio both import through this, each with its own form of a line's problem.
 * @example ratesRefusal(parseRatesCsv("Date,USD\n"), 10) // { kind: "empty" }
 */
export function ratesRefusal<P>(parsed: { rates: readonly Rate[]; problems: P[] }, max: number): RatesRefusal<P> | null {
  if (parsed.problems.length > 0) return { kind: "problems", problems: parsed.problems };
  if (parsed.rates.length === 0) return { kind: "empty" };
  if (parsed.rates.length > max) return { kind: "too-many", count: parsed.rates.length, max };
  return null;
}

/** `2024-11-26`, or the ECB daily file's `26 November 2024`. */
function rateDate(text: string): string | null {
  const english = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
  const iso = english
    ? `${english[3]}-${String(MONTHS.indexOf(english[2]!.toLowerCase()) + 1).padStart(2, "0")}-${english[1]!.padStart(2, "0")}`
    : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const parsed = parseDate(iso);
  return parsed.ok ? parsed.date.text : null;
}

function rateValue(text: string): number | null {
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

const rateKey = (r: Pick<Rate, "base" | "currency">) => `${r.base}/${r.currency}`;

/** One day, one rate per pair: a file saying two things about the same day is refused. */
function conflicts(rates: readonly Rate[], lines: readonly number[]): RateProblem[] {
  const seen = new Map<string, { rate: number; line: number }>();
  const problems: RateProblem[] = [];
  rates.forEach((r, i) => {
    const key = `${rateKey(r)}@${r.date}`;
    const before = seen.get(key);
    if (before !== undefined && before.rate !== r.rate) {
      problems.push({
        line: lines[i]!,
        column: r.currency,
        detail: `${r.currency} per ${r.base} on ${r.date} is ${r.rate} here but ${before.rate} on line ${before.line}`,
      });
    }
    if (!before) seen.set(key, { rate: r.rate, line: lines[i]! });
  });
  return problems;
}

function dedupe(rates: readonly Rate[]): Rate[] {
  const byKey = new Map<string, Rate>();
  for (const r of rates) byKey.set(`${rateKey(r)}@${r.date}`, r);
  return [...byKey.values()];
}

/** A pair of currencies with rates: `currency` per one `base`. */
export interface Series {
  base: string;
  currency: string;
}

/** Rates kept per series in date order, for look-ups of "this day or the last one before". */
export class RateBook {
  private readonly series = new Map<string, { dates: string[]; rates: number[] }>();

  constructor(rates: Iterable<Rate> = []) {
    const grouped = new Map<string, Rate[]>();
    for (const r of rates) {
      const list = grouped.get(rateKey(r)) ?? [];
      list.push(r);
      grouped.set(rateKey(r), list);
    }
    for (const [key, list] of grouped) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      this.series.set(key, { dates: list.map((r) => r.date), rates: list.map((r) => r.rate) });
    }
  }

  /** The pairs this book has rates for. */
  pairs(): Series[] {
    return [...this.series.keys()].map((key) => {
      const [base, currency] = key.split("/") as [string, string];
      return { base, currency };
    });
  }

  /** The rate of `day` (`YYYY-MM-DD`) or the last one before it; never a later one. */
  lookup(base: string, currency: string, day: string): { rate: number; date: string } | null {
    const s = this.series.get(`${base}/${currency}`);
    if (!s) return null;
    let lo = 0;
    let hi = s.dates.length; // first index whose date is after `day`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.dates[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : { rate: s.rates[lo - 1]!, date: s.dates[lo - 1]! };
  }
}

export interface Conversion {
  value: number;
  currency: string;
  /** The day of the rate used (the older one when two were combined); null when no rate was needed. */
  rate_date: string | null;
  /** True when a rate was applied: the figure is approximate. */
  approximate: boolean;
}

/**
 * The day whose rate converts an amount dated `date`: the first day of the date's period (a
 * month's amount uses the rate of its first day or the last one before), the written day of a
 * date-time.
 * @example rateDay("2025-03") // "2025-03-01"
 */
export function rateDay(date: string): string | null {
  const parsed = parseDate(date);
  if (!parsed.ok || parsed.date.year < 1 || parsed.date.year > 9999) return null;
  const d = parsed.date;
  const pad = (n: number | undefined) => String(n ?? 1).padStart(2, "0");
  const precisionDay: Record<Precision, string> = {
    year: `${String(d.year).padStart(4, "0")}-01-01`,
    month: `${String(d.year).padStart(4, "0")}-${pad(d.month)}-01`,
    day: d.text,
    datetime: d.text.slice(0, 10),
  };
  return precisionDay[d.precision];
}

/** Rates of one step from `from` to `to`: `to` per `from` multiplies, `from` per `to` divides. */
function steps(available: readonly Series[], from: string, to: string): Series[] {
  return available.filter((s) => (s.base === from && s.currency === to) || (s.base === to && s.currency === from));
}

/** Currencies an amount may pass through on its way from `from` to `to` (two steps). */
function middles(available: readonly Series[], from: string, to: string): string[] {
  const codes = new Set(available.flatMap((s) => [s.base, s.currency]));
  return [...codes]
    .filter((m) => m !== from && m !== to && steps(available, from, m).length > 0 && steps(available, m, to).length > 0)
    .sort();
}

/**
 * Every series a conversion from `from` into `to` may read: one step (`to` per `from`, or `from`
 * per `to` inverted), and two through another currency (EUR between USD and GBP in the ECB's
 * file), which `convert` falls back on when the one-step series has no rate early enough.
 */
export function conversionSeries(available: readonly Series[], from: string, to: string): Series[] {
  return [
    ...steps(available, from, to),
    ...middles(available, from, to).flatMap((m) => [...steps(available, from, m), ...steps(available, m, to)]),
  ];
}

/** One step on `day`: factor and the rate's day, or null. Multiplying by `to` per `from` is preferred. */
function step(book: RateBook, from: string, to: string, day: string): { factor: number; date: string } | null {
  const direct = book.lookup(from, to, day);
  if (direct) return { factor: direct.rate, date: direct.date };
  const inverse = book.lookup(to, from, day);
  return inverse ? { factor: 1 / inverse.rate, date: inverse.date } : null;
}

/**
 * `amount`, dated `date`, in currency `to`: unchanged when it is already in `to`; else through
 * the rates of that day or the last day before it, in one step (`to` per `from`, or inverted) or
 * in two through another currency (the most recent such pair of rates); null when no such rate
 * exists. Units are never converted: call this for money only.
 * @example convert({ value: 105, currency: "USD" }, "2024-11-30", "EUR", book) // 100 EUR at the rate of 2024-11-29, approximate
 */
export function convert(amount: Amount, date: string, to: string, book: RateBook): Conversion | null {
  if (amount.currency === to) return { value: amount.value, currency: to, rate_date: null, approximate: false };
  const day = rateDay(date);
  if (!day) return null;
  const from = amount.currency;
  const one = step(book, from, to, day);
  if (one) return { value: amount.value * one.factor, currency: to, rate_date: one.date, approximate: true };
  let best: Conversion | null = null;
  for (const middle of middles(book.pairs(), from, to)) {
    const a = step(book, from, middle, day);
    const b = step(book, middle, to, day);
    if (!a || !b) continue;
    const rateDate = a.date < b.date ? a.date : b.date;
    if (!best || rateDate > best.rate_date!) {
      best = { value: amount.value * a.factor * b.factor, currency: to, rate_date: rateDate, approximate: true };
    }
  }
  return best;
}
