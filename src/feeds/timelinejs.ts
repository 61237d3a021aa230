/**
 * TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html), so an existing
 * TimelineJS embed can point at a timeline. Dates keep their precision (no invented month or
 * day); uncertain dates say so in `display_date`; every text is escaped HTML, because TimelineJS
 * renders what it gets as markup. TimelineJS strips markup from `display_date` and `group` (which
 * decodes entities once) and then inserts them as HTML, so those are escaped twice.
 */
import type { Entry } from "../domain/entry";
import { formatEntryDate, formatPeriod } from "../domain/format";
import { mustParseDate } from "../domain/dates";
import type { Timeline } from "../domain/timeline";
import type { Language } from "../i18n";
import { escapeMarkup, paragraphsHtml } from "../domain/markup";
import { commitmentLines, type FeedContext, feedLanguage } from "./text";

export interface TimelineJsDate {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  display_date?: string;
}

export interface TimelineJsEvent {
  start_date: TimelineJsDate;
  end_date?: TimelineJsDate;
  text: { headline: string; text: string };
  media?: { url: string; caption?: string; credit?: string; alt?: string };
  group?: string;
  display_date?: string;
  unique_id: string;
}

export interface TimelineJsDocument {
  title: { text: { headline: string; text: string } };
  events: TimelineJsEvent[];
}

/**
 * A timeline date as TimelineJS date parts, to its own precision; a date-time keeps the wall
 * time of the offset it was written in (as the widget shows it).
 * @example timelineJsDate("2024-11") // { year: 2024, month: 11 }
 */
export function timelineJsDate(text: string): TimelineJsDate {
  const d = mustParseDate(text);
  const parts: TimelineJsDate = { year: d.year };
  if (d.month !== undefined) parts.month = d.month;
  if (d.day !== undefined) parts.day = d.day;
  if (d.precision === "datetime") {
    const [, hour, minute, second] = /T(\d{2}):(\d{2}):(\d{2})/.exec(d.text) ?? [];
    parts.hour = Number(hour);
    parts.minute = Number(minute);
    if (Number(second) !== 0) parts.second = Number(second);
  }
  return parts;
}

/** Text for a field TimelineJS strips markup from and then inserts as HTML. */
export function strippedFieldText(text: string): string {
  return escapeMarkup(escapeMarkup(text));
}

function eventText(entry: Entry, lang: Language, timeline: Timeline, nowMs: number): string {
  const facts = commitmentLines(entry, lang, timeline.time_zone, nowMs);
  let html = paragraphsHtml(entry.body);
  if (facts.length > 0) html += `<p>${facts.map(escapeMarkup).join("<br>")}</p>`;
  if (entry.sources.length > 0) {
    const links = entry.sources.map((s) => `<a href="${escapeMarkup(s.url)}">${escapeMarkup(s.title)}</a>`);
    html += `<p>${escapeMarkup(lang.words.sources)}: ${links.join(", ")}</p>`;
  }
  return html;
}

/** The TimelineJS3 document of `entries`. */
export function renderTimelineJs(timeline: Timeline, entries: Entry[], ctx: FeedContext): TimelineJsDocument {
  const lang = feedLanguage(timeline, ctx);
  const { locale, words } = lang;
  const used = new Set<string>();
  const events = entries.map((entry): TimelineJsEvent => {
    // A re-import matches TimelineJS events by unique_id: keep the id the entry came in with.
    let uniqueId = entry.external_id ?? entry.id;
    if (used.has(uniqueId)) uniqueId = entry.id;
    used.add(uniqueId);
    const event: TimelineJsEvent = {
      start_date: timelineJsDate(entry.start),
      text: { headline: escapeMarkup(entry.title), text: eventText(entry, lang, timeline, ctx.nowMs) },
      unique_id: uniqueId,
    };
    if (entry.date_qualifier) {
      event.start_date.display_date = strippedFieldText(formatEntryDate(entry.start, { locale, qualifier: entry.date_qualifier, qualifiers: words.qualifiers }));
    }
    if (entry.end) event.end_date = timelineJsDate(entry.end);
    const display =
      entry.display_date ??
      (entry.date_qualifier ? formatPeriod(entry.start, entry.end, { locale, qualifier: entry.date_qualifier, qualifiers: words.qualifiers }) : null);
    if (display) event.display_date = strippedFieldText(display);
    if (entry.media) {
      event.media = { url: entry.media.url };
      if (entry.media.alt) {
        event.media.caption = escapeMarkup(entry.media.alt);
        event.media.alt = entry.media.alt;
      }
      if (entry.media.credit) event.media.credit = escapeMarkup(entry.media.credit);
    }
    if (entry.kind === "commitment") event.group = strippedFieldText(words.commitments);
    return event;
  });
  return {
    title: { text: { headline: escapeMarkup(timeline.title), text: paragraphsHtml(timeline.description) } },
    events,
  };
}
