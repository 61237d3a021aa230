/**
 * iCalendar (RFC 5545): one VEVENT per entry and one more per commitment deadline, so a client
 * that ignores VTODO still sees it. Calendar dates become all-day events over their whole period
 * (a day, a month, a year, or the span to `end`); date-times are written in UTC. Years iCalendar
 * cannot write (outside 0001–9999) are left out and counted in `X-EDGE-TIMELINE-SKIPPED`.
 */
import { commitmentJson, type Entry } from "../domain/entry";
import { mustParseDate, type TimelineDate, utcMs } from "../domain/dates";
import type { Timeline } from "../domain/timeline";
import { sameLanguage } from "../domain/translations";
import { entryUrl, pageUrl } from "../http/links";
import { changeSentence, changeSource, commitmentChanges } from "../domain/changes";
import type { Language } from "../i18n";
import { commitmentLines, entryPlainText, type FeedContext, feedLanguage, otherLanguage, trancheText } from "./text";

export const ICAL_TYPE = "text/calendar; charset=utf-8";
export const PRODID = "-//edge-timeline//Timeline feed//EN";

const DAY_MS = 86_400_000;
const MAX_OCTETS = 75;

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`,
 * control characters (which no content line may hold) dropped.
 * @example escapeText("a;b,c\nd") // "a\\;b\\,c\\nd"
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    .replace(/[\\;,]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, "\\n");
}

function utf8Octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no line exceeds 75 octets (RFC 5545 §3.1), breaking only between
 * code points, so no UTF-8 sequence is ever split. Lines end in CRLF.
 */
export function foldLine(line: string): string {
  let out = "";
  let width = 0;
  for (const ch of line) {
    const octets = utf8Octets(ch.codePointAt(0)!);
    if (width + octets > MAX_OCTETS) {
      out += "\r\n ";
      width = 1;
    }
    out += ch;
    width += octets;
  }
  return `${out}\r\n`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYYMMDD` of the UTC calendar day that `ms` falls in. */
function dateValue(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** `YYYYMMDDTHHMMSSZ` of an instant. */
function dateTimeValue(ms: number): string {
  const d = new Date(ms);
  return `${dateValue(ms)}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** Whether an instant lies in the years 0001–9999 that DATE and DATE-TIME values can write. */
function writable(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** UTC midnight of the day a date is written on (a date-time's own wall date). */
function dayOf(d: TimelineDate): number {
  return utcMs(d.year, d.month ?? 1, d.day ?? 1);
}

/**
 * DTSTART/DTEND lines of an entry, or null when iCalendar cannot write its years. Two date-times
 * stay timed; any calendar date makes the whole span all-day, with an exclusive DTEND.
 */
export function eventTiming(start: string, end: string | null): string[] | null {
  const s = mustParseDate(start);
  const e = end ? mustParseDate(end) : null;
  if (s.precision === "datetime" && (!e || e.precision === "datetime")) {
    if (!writable(s.startMs) || (e && !writable(e.startMs))) return null;
    const lines = [`DTSTART:${dateTimeValue(s.startMs)}`];
    if (e && e.startMs > s.startMs) lines.push(`DTEND:${dateTimeValue(e.startMs)}`);
    return lines;
  }
  const first = s.precision === "datetime" ? dayOf(s) : s.startMs;
  const last = e ? (e.precision === "datetime" ? dayOf(e) + DAY_MS : e.endMs) : s.endMs;
  const exclusiveEnd = Math.max(last, first + DAY_MS);
  if (!writable(first) || !writable(exclusiveEnd)) return null;
  return [`DTSTART;VALUE=DATE:${dateValue(first)}`, `DTEND;VALUE=DATE:${dateValue(exclusiveEnd)}`];
}

/**
 * DTSTART/DTEND of a commitment's deadline: the last day of the due period as an all-day event
 * (a due date-time stays an instant); null when the year cannot be written.
 */
export function deadlineTiming(due: string): string[] | null {
  const d = mustParseDate(due);
  if (d.precision === "datetime") return writable(d.startMs) ? [`DTSTART:${dateTimeValue(d.startMs)}`] : null;
  const lastDay = d.endMs - DAY_MS;
  if (!writable(lastDay) || !writable(d.endMs)) return null;
  return [`DTSTART;VALUE=DATE:${dateValue(lastDay)}`, `DTEND;VALUE=DATE:${dateValue(d.endMs)}`];
}

/** `;LANGUAGE=…` (RFC 5545 §3.2.10) when the field's text is in another language than the calendar. */
function languageParam(entry: Entry, field: "title" | "location", timeline: Timeline, ctx: FeedContext): string {
  const other = otherLanguage(entry, field, timeline, ctx);
  return other ? `;LANGUAGE=${other}` : "";
}

/** `;LANGUAGE=…` when a note is written in another language than the calendar's. */
function noteLanguageParam(written: string | null | undefined, timeline: Timeline, ctx: FeedContext): string {
  return written && !sameLanguage(written, feedLanguage(timeline, ctx).locale) ? `;LANGUAGE=${written}` : "";
}

function stamp(entry: Entry): string[] {
  // Stored timestamps are validated (years 0001–9999); a property that still cannot be written is left out.
  const at = (name: string, text: string) => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) && writable(ms) ? [`${name}:${dateTimeValue(ms)}`] : [];
  };
  const updated = Date.parse(entry.updated_at);
  return [
    `DTSTAMP:${dateTimeValue(Number.isFinite(updated) && writable(updated) ? updated : 0)}`,
    ...at("CREATED", entry.created_at),
    ...at("LAST-MODIFIED", entry.updated_at),
    `SEQUENCE:${Math.max(0, entry.revision - 1)}`,
  ];
}

/**
 * A commitment's tranches as all-day events on their dates (a month's over the month), each told
 * as the changes feed tells it ("Germany delivered €500 million of €2 billion (25%)"). The UID
 * names the tranche by when it was recorded, so it stays while the tranche does.
 */
function trancheEvents(entry: Entry, timeline: Timeline, lang: Language, ctx: FeedContext): string[] {
  const source = changeSource(entry);
  if (!source || source.commitment.tranches.length === 0 || entry.deleted_at) return [];
  return commitmentChanges(source)
    .filter((change) => change.kind === "tranche")
    .flatMap((change) => {
      const timing = eventTiming(change.date, null);
      if (!timing) return [];
      const sentence = changeSentence(change, source, { changes: lang.words.ledger, status: lang.words.status }, lang.locale);
      // As in the changes feeds: the sentence names the entry's title, the description its note; either may have fallen back.
      const titleParam = sentence.includes(entry.title) ? languageParam(entry, "title", timeline, ctx) : "";
      const noteParam = change.tranche!.note ? noteLanguageParam(ctx.origins?.get(entry.id)?.notes.tranche_notes[source.commitment.tranches.indexOf(change.tranche!)], timeline, ctx) : "";
      return [
        "BEGIN:VEVENT",
        `UID:${entry.id}-${change.key.replace(/[^A-Za-z0-9]/g, "")}@edge-timeline`,
        ...stamp(entry),
        ...timing,
        `SUMMARY${titleParam}:${escapeText(sentence)}`,
        `DESCRIPTION${noteParam}:${escapeText([entry.title, trancheText(change.tranche!, lang)].join("\n"))}`,
        `URL:${entryUrl(ctx.origin, timeline.slug, entry.id)}`,
        `CATEGORIES:${escapeText(lang.words.ledger.tranches)}`,
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
      ];
    });
}

/** The iCalendar document of `entries`; entries whose years it cannot write are counted, not shown. */
export function renderICal(timeline: Timeline, entries: Entry[], ctx: FeedContext): string {
  const lang = feedLanguage(timeline, ctx);
  const { deadline: deadlineWord } = lang.words;
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `NAME:${escapeText(timeline.title)}`,
    `X-WR-CALNAME:${escapeText(timeline.title)}`,
    ...(timeline.description
      ? [`DESCRIPTION:${escapeText(timeline.description)}`, `X-WR-CALDESC:${escapeText(timeline.description)}`]
      : []),
    `URL:${pageUrl(ctx.origin, timeline.slug)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  const events: string[] = [];
  let skipped = 0;

  for (const entry of entries) {
    const url = entryUrl(ctx.origin, timeline.slug, entry.id);
    const timing = eventTiming(entry.start, entry.end);
    if (!timing) {
      skipped += 1;
    } else {
      events.push(
        "BEGIN:VEVENT",
        `UID:${entry.id}@edge-timeline`,
        ...stamp(entry),
        ...timing,
        `SUMMARY${languageParam(entry, "title", timeline, ctx)}:${escapeText(entry.title)}`,
        `DESCRIPTION:${escapeText(entryPlainText(entry, lang, timeline.time_zone, ctx.nowMs))}`,
        `URL:${url}`,
        ...(entry.location ? [`LOCATION${languageParam(entry, "location", timeline, ctx)}:${escapeText(entry.location)}`] : []),
        ...(entry.tags.length > 0 ? [`CATEGORIES:${entry.tags.map(escapeText).join(",")}`] : []),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
      );
    }
    events.push(...trancheEvents(entry, timeline, lang, ctx));
    const due = entry.commitment?.due;
    if (!due) continue;
    const deadline = deadlineTiming(due);
    if (!deadline) {
      skipped += 1;
      continue;
    }
    const c = commitmentJson(entry.commitment!, { timeZone: timeline.time_zone, nowMs: ctx.nowMs });
    events.push(
      "BEGIN:VEVENT",
      `UID:${entry.id}-due@edge-timeline`,
      ...stamp(entry),
      ...deadline,
      `SUMMARY:${escapeText(`${deadlineWord}: ${entry.title}`)}`,
      `DESCRIPTION:${escapeText(commitmentLines(entry, lang, timeline.time_zone, ctx.nowMs).join("\n"))}`,
      `URL:${url}`,
      `CATEGORIES:${escapeText(deadlineWord)}`,
      `X-EDGE-TIMELINE-STATUS:${c.status}`,
      ...(c.overdue ? ["X-EDGE-TIMELINE-OVERDUE:TRUE"] : []),
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }

  if (skipped > 0) {
    lines.push(
      `X-EDGE-TIMELINE-SKIPPED:${skipped}`,
      `X-EDGE-TIMELINE-NOTE:${escapeText(`${skipped} event(s) left out: iCalendar can only write the years 0001 to 9999.`)}`,
    );
  }
  return [...lines, ...events, "END:VCALENDAR"].map(foldLine).join("");
}
