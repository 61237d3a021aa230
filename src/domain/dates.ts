/**
 * Dates of their own precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an RFC 3339 date-time with
 * offset. Years follow ISO 8601's astronomical numbering (`0000` is 1 BC, `-0044` is 45 BC) and
 * may be expanded (`+012345`). Calendar dates are floating: they sort and filter as UTC periods;
 * a time zone only matters where a deadline passes (see `periodEndIn`).
 */

export type Precision = "year" | "month" | "day" | "datetime";

/** Sort rank of a precision: at the same instant a year sorts before its months, days, times. */
export const PRECISION_RANK: Record<Precision, number> = { year: 0, month: 1, day: 2, datetime: 3 };

export interface TimelineDate {
  /** Canonical text, e.g. `2024-11`, `-0044-03-15`, `2024-11-26T10:00:00+01:00`. */
  text: string;
  precision: Precision;
  year: number;
  month?: number;
  day?: number;
  /** First instant of the period, in ms since the epoch (UTC). */
  startMs: number;
  /** First instant after the period (exclusive end), in ms since the epoch. */
  endMs: number;
}

export type DateResult = { ok: true; date: TimelineDate } | { ok: false; error: string };

// JavaScript's Date covers ±8.64e15 ms; keep whole years inside it.
export const MIN_YEAR = -271820;
export const MAX_YEAR = 275759;

const YEAR = String.raw`([+-]?\d{4,6})`;
const CALENDAR_RE = new RegExp(`^${YEAR}(?:-(\\d{2})(?:-(\\d{2}))?)?$`);
const DATETIME_RE = new RegExp(
  `^${YEAR}-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})$`,
);

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Date.UTC maps years 0–99 to 1900–1999; this does not. */
export function utcMs(year: number, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

export function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, "0");
  const sign = year < 0 ? "-" : "+";
  const digits = String(Math.abs(year));
  return sign + digits.padStart(year < 0 ? 4 : 6, "0");
}

/** Two digits: months, days, hours and minutes as ISO 8601 writes them. */
export const pad2 = (n: number) => String(n).padStart(2, "0");

function parseYear(token: string): number | string {
  const year = Number(token);
  if (token.length > 4 && !/^[+-]/.test(token)) return "years beyond 9999 need a sign (+012345)";
  if (year < MIN_YEAR || year > MAX_YEAR) return `the year must lie between ${MIN_YEAR} and ${MAX_YEAR}`;
  return year === 0 ? 0 : year; // -0000 is year 0
}

/**
 * Parses a timeline date and says precisely what is wrong when it is not one.
 * @example parseDate("2024-11").date.precision // "month"
 * @example parseDate("2024-02-30").error // "2024-02 has 29 days"
 */
export function parseDate(input: string): DateResult {
  const text = input.trim();
  const fail = (error: string): DateResult => ({ ok: false, error });

  const cal = CALENDAR_RE.exec(text);
  if (cal) {
    const year = parseYear(cal[1]!);
    if (typeof year === "string") return fail(year);
    const month = cal[2] === undefined ? undefined : Number(cal[2]);
    const day = cal[3] === undefined ? undefined : Number(cal[3]);
    if (month !== undefined && (month < 1 || month > 12)) return fail(`month ${cal[2]} does not exist`);
    if (month === undefined) {
      return ok({ text: formatYear(year), precision: "year", year, startMs: utcMs(year), endMs: utcMs(year + 1) });
    }
    if (day === undefined) {
      const start = utcMs(year, month);
      const end = month === 12 ? utcMs(year + 1, 1) : utcMs(year, month + 1);
      return ok({ text: `${formatYear(year)}-${pad2(month)}`, precision: "month", year, month, startMs: start, endMs: end });
    }
    const max = daysInMonth(year, month);
    if (day < 1 || day > max) return fail(`${formatYear(year)}-${pad2(month)} has ${max} days`);
    const start = utcMs(year, month, day);
    return ok({
      text: `${formatYear(year)}-${pad2(month)}-${pad2(day)}`,
      precision: "day",
      year,
      month,
      day,
      startMs: start,
      endMs: start + 86_400_000,
    });
  }

  const dt = DATETIME_RE.exec(text);
  if (dt) {
    const year = parseYear(dt[1]!);
    if (typeof year === "string") return fail(year);
    const [month, day, hour, minute] = [dt[2], dt[3], dt[4], dt[5]].map(Number) as [number, number, number, number];
    const second = dt[6] === undefined ? 0 : Number(dt[6]);
    const fraction = dt[7] ?? "";
    const zone = dt[8]!.toUpperCase();
    if (month < 1 || month > 12) return fail(`month ${dt[2]} does not exist`);
    const max = daysInMonth(year, month);
    if (day < 1 || day > max) return fail(`${formatYear(year)}-${pad2(month)} has ${max} days`);
    if (hour > 23) return fail("the hour must be 00–23");
    if (minute > 59) return fail("the minute must be 00–59");
    if (second > 59) return fail("the second must be 00–59 (leap seconds are not supported)");
    let offsetMinutes = 0;
    if (zone !== "Z") {
      const [oh, om] = zone.slice(1).split(":").map(Number) as [number, number];
      if (oh > 23 || om > 59) return fail(`the offset ${zone} is not valid`);
      offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
    }
    const millis = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
    const instant = utcMs(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
    if (!Number.isFinite(instant)) return fail("the date-time is out of range");
    const secondsText = dt[6] === undefined ? ":00" : `:${dt[6]}${fraction}`;
    return ok({
      text: `${formatYear(year)}-${pad2(month)}-${pad2(day)}T${dt[4]}:${dt[5]}${secondsText}${zone}`,
      precision: "datetime",
      year,
      month,
      day,
      startMs: instant,
      endMs: instant + 1,
    });
  }

  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(text)) {
    return fail("a date-time needs an offset, e.g. Z or +01:00");
  }
  return fail("expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time with offset");
}

function ok(date: TimelineDate): DateResult {
  return Number.isFinite(date.startMs) && Number.isFinite(date.endMs)
    ? { ok: true, date }
    : { ok: false, error: "the date is out of range" };
}

const FIRST_SERVICE_MS = utcMs(1);
const END_SERVICE_MS = utcMs(10000);

/**
 * A service timestamp (`created_at`, `updated_at`) in the one form the service writes, or null:
 * an RFC 3339 date-time whose instant lies in the years 0001–9999 in UTC, the range every feed
 * format can write. Entry dates may reach further back; the moments the service records may not.
 * @example serviceTimestamp("2024-11-26T13:00:00+01:00") // "2024-11-26T12:00:00.000Z"
 * @example serviceTimestamp("+012345-01-01T00:00:00Z") // null
 */
export function serviceTimestamp(text: string): string | null {
  const parsed = parseDate(text);
  if (!parsed.ok || parsed.date.precision !== "datetime") return null;
  const ms = parsed.date.startMs;
  return ms >= FIRST_SERVICE_MS && ms < END_SERVICE_MS ? new Date(ms).toISOString() : null;
}

/** Parses a date that is known to be valid (stored data); throws otherwise. */
export function mustParseDate(text: string): TimelineDate {
  const result = parseDate(text);
  if (!result.ok) throw new Error(`invalid stored date "${text}": ${result.error}`);
  return result.date;
}

/** The period an entry covers: from the start of `start` to the end of `end` (or of `start`). */
export function entryPeriod(start: TimelineDate, end?: TimelineDate | null): { startMs: number; endMs: number } {
  return { startMs: start.startMs, endMs: Math.max(start.endMs, end?.endMs ?? start.endMs) };
}

/** An end may not begin before its start begins. */
export function isEndBeforeStart(start: TimelineDate, end: TimelineDate): boolean {
  return end.startMs < start.startMs;
}

/** Whether the period [startMs, endMs) overlaps the filter window [fromMs, toMs). */
export function overlaps(period: { startMs: number; endMs: number }, fromMs: number | null, toMs: number | null): boolean {
  return (toMs === null || period.startMs < toMs) && (fromMs === null || period.endMs > fromMs);
}

/**
 * Offset of `timeZone` from UTC, in minutes, at the instant `ms`.
 * @example zoneOffsetMinutes(Date.UTC(2024, 6, 1), "Europe/Berlin") // 120
 */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === "era")?.value ?? "AD";
  const year = era.startsWith("B") ? 1 - get("year") : get("year");
  const wall = utcMs(year, get("month"), get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * First instant after the period of `date` as lived in `timeZone`: the moment a deadline
 * expressed as a calendar date has wholly passed there. Date-times carry their own offset.
 */
export function periodEndIn(date: TimelineDate, timeZone: string): number {
  if (date.precision === "datetime") return date.endMs;
  const wallEnd = date.endMs; // local midnight after the period, read as if it were UTC
  let guess = wallEnd - zoneOffsetMinutes(wallEnd, timeZone) * 60_000;
  guess = wallEnd - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return guess;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
