/**
 * Dates as people type them, in English and German, read into timeline dates of their own
 * precision: "2024", "Nov. 2024", "26.11.2024", "26 November 2024", "November 26, 2024",
 * "3. März 2024", "ca. 1990", "44 v. Chr.", "26.11.2024 14:30". A numeric date whose day and month
 * could be swapped ("3/4/2024") follows the interface language's order (German: day first, English:
 * month first) and is reported `ambiguous`, so the caller can spell it out before it is saved.
 * Dots ("3.4.2024") are day first in either language, as they are written.
 */
import { type DateQualifier } from "./entry";
import { formatYear, parseDate, type Precision, utcMs, zoneOffsetMinutes } from "./dates";

export type InputLanguage = "en" | "de";

export type DateInputError =
  | "empty"
  | "unreadable"
  | "two-digit-year"
  | "no-such-month"
  | "no-such-day"
  | "no-such-time"
  | "time-needs-day";

export type DateInput =
  | {
      ok: true;
      /** Canonical timeline date (`2024-11-26`, `-0043`, `2024-11-26T14:30:00+01:00`). */
      date: string;
      precision: Precision;
      qualifier: DateQualifier | null;
      /** Day and month could have been read the other way round. */
      ambiguous: boolean;
    }
  | { ok: false; error: DateInputError; detail?: string };

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[][]) => names.forEach((list, i) => list.forEach((name) => (MONTHS[name] = i + 1)));
addMonths([
  ["january", "jan", "januar", "jänner", "jaenner", "jän"],
  ["february", "feb", "februar", "feber"],
  ["march", "mar", "märz", "maerz", "mär", "mrz"],
  ["april", "apr"],
  ["may", "mai"],
  ["june", "jun", "juni"],
  ["july", "jul", "juli"],
  ["august", "aug"],
  ["september", "sep", "sept"],
  ["october", "oct", "oktober", "okt"],
  ["november", "nov"],
  ["december", "dec", "dezember", "dez"],
]);

const QUALIFIER_WORDS: [RegExp, DateQualifier][] = [
  [/^(?:ca\.?|c\.|circa|approx\.?|approximately|about|around|um|etwa|ungefähr|gegen)\s*/, "circa"],
  [/^(?:before|vor(?:\s+dem)?|bis|spätestens)\s+/, "before"],
  [/^(?:after|nach(?:\s+dem)?|seit|ab|frühestens)\s+/, "after"],
];
const BC = /\s*(?:bc|b\.c\.|bce|b\.c\.e\.|v\.\s*chr\.?|vor\s+christus|v\.\s*u\.\s*z\.?)$/;
const AD = /\s*(?:ad|a\.d\.|ce|n\.\s*chr\.?|nach\s+christus)$/;
const TIME = /(?:,?\s+|\s*t)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(uhr|h|am|a\.m\.|pm|p\.m\.)?$/;

const fail = (error: DateInputError, detail?: string): DateInput => ({ ok: false, error, ...(detail ? { detail } : {}) });

/**
 * Reads a date as typed. `timeZone` places a typed time of day (it carries no offset of its own).
 * @example readDateInput("26.11.2024", "de") // { ok: true, date: "2024-11-26", precision: "day", … }
 * @example readDateInput("3/4/2024", "en") // { ok: true, date: "2024-03-04", ambiguous: true, … }
 * @example readDateInput("ca. 1990", "de") // { ok: true, date: "1990", qualifier: "circa", … }
 */
export function readDateInput(input: string, lang: InputLanguage, timeZone = "UTC"): DateInput {
  let text = input.normalize("NFC").trim().replace(/\s+/g, " ");
  if (text === "") return fail("empty");

  // Canonical forms pass as they are (a date-time needs its offset).
  const canonical = parseDate(text);
  if (canonical.ok) return { ok: true, date: canonical.date.text, precision: canonical.date.precision, qualifier: null, ambiguous: false };

  text = text.toLowerCase();
  let qualifier: DateQualifier | null = null;
  for (const [pattern, q] of QUALIFIER_WORDS) {
    const match = pattern.exec(text);
    if (match && match[0].length < text.length) {
      qualifier = q;
      text = text.slice(match[0].length);
      break;
    }
  }
  if (text.endsWith("?") && qualifier === null) {
    qualifier = "circa";
    text = text.slice(0, -1).trim();
  }
  let bc = false;
  const era = BC.exec(text);
  if (era) {
    bc = true;
    text = text.slice(0, era.index).trim();
  } else {
    const ad = AD.exec(text);
    if (ad) text = text.slice(0, ad.index).trim();
  }

  let time: { hour: number; minute: number; second: number } | null = null;
  const clock = TIME.exec(text);
  if (clock && clock.index > 0) {
    let hour = Number(clock[1]);
    const suffix = clock[4]?.replace(/\./g, "");
    if (suffix === "pm" && hour < 12) hour += 12;
    if (suffix === "am" && hour === 12) hour = 0;
    const minute = Number(clock[2]);
    const second = Number(clock[3] ?? 0);
    if (hour > 23 || minute > 59 || second > 59) return fail("no-such-time");
    time = { hour, minute, second };
    text = text.slice(0, clock.index).trim();
  }

  const parts = readParts(text, lang, bc);
  if ("error" in parts) return parts.error;
  let { year } = parts;
  if (bc) {
    if (year < 1) return fail("unreadable");
    year = 1 - year; // astronomical numbering: 1 BC is year 0
  }
  let date = formatYear(year);
  if (parts.month !== undefined) date += `-${String(parts.month).padStart(2, "0")}`;
  if (parts.day !== undefined) date += `-${String(parts.day).padStart(2, "0")}`;
  const calendar = parseDate(date);
  if (!calendar.ok) return fail(parts.day !== undefined ? "no-such-day" : "unreadable", calendar.error);

  if (time) {
    if (calendar.date.precision !== "day") return fail("time-needs-day");
    const wall = utcMs(year, parts.month, parts.day, time.hour, time.minute, time.second);
    const offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall, timeZone) * 60_000, timeZone);
    const pad = (n: number) => String(n).padStart(2, "0");
    const zone = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    const withTime = parseDate(`${calendar.date.text}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}${zone}`);
    if (!withTime.ok) return fail("no-such-time", withTime.error);
    return { ok: true, date: withTime.date.text, precision: "datetime", qualifier, ambiguous: parts.ambiguous };
  }
  return { ok: true, date: calendar.date.text, precision: calendar.date.precision, qualifier, ambiguous: parts.ambiguous };
}

interface Parts {
  year: number;
  month?: number;
  day?: number;
  ambiguous: boolean;
}

/** Year, month and day of a date without qualifier, era or time. BC years may have any number of digits. */
function readParts(input: string, lang: InputLanguage, bc: boolean): Parts | { error: DateInput } {
  const text = input.replace(/\.\s+(?=\d)/g, "."); // "3. 4. 2024" as "3.4.2024"
  const year = (token: string): number | { error: DateInput } =>
    token.length <= 2 && !bc ? { error: fail("two-digit-year") } : Number(token);

  // Year alone: "1990", "800", "44" (BC).
  if (/^\d{1,4}$/.test(text)) {
    const y = year(text);
    return typeof y === "number" ? { year: y, ambiguous: false } : y;
  }

  // Year first: "2024/11/26", "2024.11", "2024-1-5".
  let m = /^(\d{3,4})[./-](\d{1,2})(?:[./-](\d{1,2}))?$/.exec(text);
  if (m) return checked({ year: Number(m[1]), month: Number(m[2]), ...(m[3] ? { day: Number(m[3]) } : {}), ambiguous: false });

  // Month and year: "11/2024", "11.2024".
  m = /^(\d{1,2})[./-](\d{1,4})$/.exec(text);
  if (m) {
    const y = year(m[2]!);
    return typeof y === "number" ? checked({ year: y, month: Number(m[1]), ambiguous: false }) : y;
  }

  // Day, month and year in numbers: "26.11.2024", "3/4/2024", "3-4-2024".
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{1,4})$/.exec(text);
  if (m) {
    const y = year(m[4]!);
    if (typeof y !== "number") return y;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dots = m[2] === ".";
    let dayFirst = dots || lang === "de";
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) dayFirst = false;
    const [day, month] = dayFirst ? [a, b] : [b, a];
    return checked({ year: y, month, day, ambiguous: !dots && a <= 12 && b <= 12 && a !== b });
  }

  // With a month name: "26 November 2024", "26. Nov. 2024", "November 26, 2024", "Nov 2024", "März 2024".
  const tokens = text
    .split(/[\s,]+|(?<=\.)(?=\S)/)
    .map((t) => t.replace(/\.$/, ""))
    .filter(Boolean);
  const monthAt = tokens.findIndex((t) => MONTHS[t] !== undefined);
  if (monthAt === -1) return { error: fail("unreadable") };
  const month = MONTHS[tokens[monthAt]!]!;
  const others = tokens.filter((_, i) => i !== monthAt).map((t) => t.replace(/^(\d+)(st|nd|rd|th)$/, "$1"));
  if (others.length === 0 || others.length > 2 || others.some((t) => !/^\d{1,4}$/.test(t))) return { error: fail("unreadable") };
  if (others.length === 1) {
    const y = year(others[0]!);
    return typeof y === "number" ? checked({ year: y, month, ambiguous: false }) : y;
  }
  // Two numbers: the day is the one that comes first in the language's habit unless the other is
  // clearly the year ("26 Nov 2024", "Nov 26, 2024", "2024 Nov 26").
  const [first, second] = others as [string, string];
  const [dayToken, yearToken] = first.length > 2 && second.length <= 2 ? [second, first] : [first, second];
  if (dayToken.length > 2) return { error: fail("unreadable") };
  const y = year(yearToken);
  if (typeof y !== "number") return y;
  return checked({ year: y, month, day: Number(dayToken), ambiguous: false });
}

function checked(parts: Parts): Parts | { error: DateInput } {
  if (parts.month !== undefined && (parts.month < 1 || parts.month > 12)) return { error: fail("no-such-month") };
  if (parts.day !== undefined && (parts.day < 1 || parts.day > 31)) return { error: fail("no-such-day") };
  return parts;
}
