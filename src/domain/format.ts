/**
 * Locale-aware text for dates, periods, amounts and progress, built on `Intl` alone (Workers ship
 * full ICU). Used by the widget, the public page and the feeds. Dates keep their own precision and
 * the proleptic Gregorian calendar of ISO 8601, whatever calendar a locale prefers.
 */
import type { Amount } from "./commitments";
import { type Precision, type TimelineDate, parseDate, utcMs } from "./dates";
import type { DateQualifier } from "./entry";

/**
 * Phrases for an uncertain date, `{date}` standing for it; `*Day` variants where a day needs an
 * article ("vor dem …"). Each language's are in its i18n/ file (`Words.qualifiers`).
 */
export interface QualifierWords {
  circa: string;
  before: string;
  after: string;
  circaDay?: string;
  beforeDay?: string;
  afterDay?: string;
}

/** How to write a date: the locale, and, to qualify it, the qualifier with that language's phrases. */
export type DateFormatOptions = {
  /** BCP 47 tag; anything invalid falls back to `en`. */
  locale: string;
  /** Free text that replaces the formatted date when given ("im nächsten Jahrzehnt"). */
  display?: string | null;
} & ({ qualifier?: null } | { qualifier: DateQualifier | null; qualifiers: QualifierWords });

const FIELDS: Record<Precision, Intl.DateTimeFormatOptions> = {
  year: { year: "numeric" },
  month: { year: "numeric", month: "long" },
  day: { year: "numeric", month: "long", day: "numeric" },
  datetime: { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" },
};

/** Scripts written right to left; a locale's script comes from CLDR likely subtags. */
const RTL_SCRIPTS: ReadonlySet<string> = new Set(["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"]);

const CURRENCY_CODE = /^[A-Z]{3}$/;
/** From this magnitude on, amounts read better compact ("2 Mrd. $", "$2B"). */
const COMPACT_FROM = 1_000_000;
const RANGE_SEPARATOR = " – ";

/**
 * A canonical BCP 47 tag for `requested`, else for `fallback`, else `en`. Accepts POSIX-style
 * underscores (`de_DE`); never throws.
 * @example resolveLocale("EN-us", "de") // "en-US"
 * @example resolveLocale("de-DE,de;q=0.9", "en") // "en"
 */
export function resolveLocale(requested: string | null | undefined, fallback: string): string {
  return canonicalLocale(requested) ?? canonicalLocale(fallback) ?? "en";
}

/**
 * Writing direction of a locale's script: `rtl` for Arabic, Hebrew, Persian, Urdu (any region)
 * and other right-to-left scripts; `ltr` otherwise and for anything unparsable.
 * @example textDirection("ar-EG") // "rtl"
 */
export function textDirection(locale: string): "ltr" | "rtl" {
  try {
    const script = new Intl.Locale(resolveLocale(locale, "en")).maximize().script;
    return script !== undefined && RTL_SCRIPTS.has(script) ? "rtl" : "ltr";
  } catch {
    return "ltr";
  }
}

/**
 * A timeline date at its own precision, qualified when uncertain; `display` text wins. A value
 * that is not a timeline date is returned as it is.
 * @example formatEntryDate("2024-11-26", { locale: "de" }) // "26. November 2024"
 * @example formatEntryDate("-0044", { locale: "de" }) // "45 v. Chr."
 * @example formatEntryDate("2024", { locale: "en", qualifier: "circa", qualifiers: en.qualifiers }) // "c. 2024"
 */
export function formatEntryDate(date: string, options: DateFormatOptions): string {
  const display = options.display?.trim();
  if (display) return display;
  const parsed = parseDate(date);
  if (!parsed.ok) return date;
  const locale = resolveLocale(options.locale, "en");
  const d = parsed.date;
  const text = dateFormat(locale, d.precision, d.year < 1).format(wallClock(d));
  return qualify(text, d.precision, options);
}

/**
 * A span from `start` to `end`, as compact as the locale allows when both share a precision
 * ("25.–26. November 2024"); mixed precisions show each end at its own, and date-times in different
 * offsets name them. The qualifier applies to the whole span; `display` text wins.
 * @example formatPeriod("2024-11-25", "2024-11-26", { locale: "de" }) // "25.–26. November 2024"
 * @example formatPeriod("2024-10", "2024-11-26", { locale: "en" }) // "October 2024 – November 26, 2024"
 */
export function formatPeriod(start: string, end: string | null, options: DateFormatOptions): string {
  const display = options.display?.trim();
  if (display) return display;
  if (end === null || end.trim() === "") return formatEntryDate(start, options);
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a.ok || !b.ok) return `${start}${RANGE_SEPARATOR}${end}`;
  const locale = resolveLocale(options.locale, "en");
  const from = a.date;
  const to = b.date;
  const era = from.year < 1 || to.year < 1;
  let text: string;
  if (from.precision === to.precision && zoneOf(from) === zoneOf(to)) {
    text = dateFormat(locale, from.precision, era).formatRange(wallClock(from), wallClock(to));
  } else {
    // Two date-times in different offsets each name theirs: the same wall time may differ in fact.
    const zones = from.precision === "datetime" && to.precision === "datetime";
    const side = (d: TimelineDate) =>
      dateFormat(locale, d.precision, era).format(wallClock(d)) + (zones ? ` (${utcLabel(zoneOf(d))})` : "");
    const [first, last] = [side(from), side(to)];
    text = first === last ? first : `${first}${RANGE_SEPARATOR}${last}`;
  }
  return qualify(text, from.precision, options);
}

/**
 * An amount: ISO 4217 codes as currency (compact from a million on), anything else as a number
 * followed by its unit text.
 * @example formatAmount({ value: 2_000_000_000, currency: "USD" }, "en") // "$2B"
 * @example formatAmount({ value: 40, currency: "Panzer" }, "de") // "40 Panzer"
 */
export function formatAmount(amount: Amount, locale: string): string {
  const tag = resolveLocale(locale, "en");
  const notation = Math.abs(amount.value) >= COMPACT_FROM ? "compact" : "standard";
  if (CURRENCY_CODE.test(amount.currency)) {
    return new Intl.NumberFormat(tag, {
      style: "currency",
      currency: amount.currency,
      notation,
      trailingZeroDisplay: "stripIfInteger",
    }).format(amount.value);
  }
  return `${new Intl.NumberFormat(tag, { notation }).format(amount.value)} ${amount.currency}`;
}

/**
 * A progress share (0.5 = half) as a whole percentage in the locale's style; over-delivery shows
 * as it is.
 * @example formatProgress(0.5, "en") // "50%"
 */
export function formatProgress(progress: number, locale: string): string {
  return new Intl.NumberFormat(resolveLocale(locale, "en"), { style: "percent", maximumFractionDigits: 0 }).format(progress);
}

function canonicalLocale(tag: string | null | undefined): string | null {
  if (typeof tag !== "string") return null;
  const candidate = tag.trim().replace(/_/g, "-");
  if (candidate === "" || candidate.length > 100) return null;
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? null;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_FORMATTERS = 200;

/** One Gregorian, UTC formatter per locale, precision and era need; built once, then reused. */
function dateFormat(locale: string, precision: Precision, era: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${precision}|${era}`;
  let format = formatters.get(key);
  if (!format) {
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    format = new Intl.DateTimeFormat(locale, {
      ...FIELDS[precision],
      ...(era ? { era: "short" } : {}),
      calendar: "gregory",
      timeZone: "UTC",
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * The instant whose UTC reading is the date as written: calendar dates are floating, and a
 * date-time shows the wall time of its own offset.
 */
function wallClock(date: TimelineDate): Date {
  if (date.precision !== "datetime") return new Date(date.startMs);
  const [, hour, minute] = /T(\d{2}):(\d{2})/.exec(date.text) ?? [];
  return new Date(utcMs(date.year, date.month, date.day, Number(hour), Number(minute)));
}

/** The offset a date-time is written in (`Z`, `+01:00`); empty for calendar dates. */
function zoneOf(date: TimelineDate): string {
  return date.precision === "datetime" ? (/(Z|[+-]\d{2}:\d{2})$/.exec(date.text)?.[1] ?? "") : "";
}

/** `Z` → `UTC`, `+01:00` → `UTC+01:00`. */
function utcLabel(zone: string): string {
  return zone === "Z" ? "UTC" : `UTC${zone}`;
}

function qualify(text: string, precision: Precision, options: DateFormatOptions): string {
  if (!options.qualifier) return text;
  const words = options.qualifiers;
  const withDay = precision === "day" || precision === "datetime";
  const pattern = (withDay ? words[`${options.qualifier}Day`] : undefined) ?? words[options.qualifier];
  return pattern.replace("{date}", text);
}
