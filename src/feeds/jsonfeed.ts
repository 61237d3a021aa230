/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Commitment data travels in the
 * `_commitment` extension object; `date_published` is given only where the entry's start is
 * precise to the day, because a month or a year has no honest instant.
 */
import { commitmentJson, type Entry } from "../domain/entry";
import { mustParseDate, pad2, utcMs, zoneOffsetMinutes } from "../domain/dates";
import type { Timeline } from "../domain/timeline";
import { docsUrl, entryUrl, pageUrl } from "../http/links";
import { entryPlainText, type FeedContext, feedLanguage, otherLanguage } from "./text";

export const JSON_FEED_TYPE = "application/feed+json; charset=utf-8";
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

export interface JsonFeedItem {
  id: string;
  url: string;
  external_url?: string;
  title: string;
  content_text: string;
  /** JSON Feed 1.1: the item's language, when it is not the feed's (its text was not translated). */
  language?: string;
  date_published?: string;
  date_modified: string;
  tags?: string[];
  image?: string;
  _commitment?: Record<string, unknown>;
}

export interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  language: string;
  next_url?: string;
  items: JsonFeedItem[];
}

const IMAGE_URL = /\.(avif|gif|jpe?g|png|svg|webp)(\?|#|$)/i;

/**
 * The instant an entry starts, in RFC 3339, when it is known to the day or better: a date-time as
 * written, a day at midnight in the timeline's zone. Null for months, years and for years RFC 3339
 * cannot write (before 0001, after 9999).
 * @example publishedAt("2024-11-26", "Europe/Berlin") // "2024-11-26T00:00:00+01:00"
 */
export function publishedAt(start: string, timeZone: string): string | null {
  const d = mustParseDate(start);
  if (d.year < 1 || d.year > 9999) return null;
  if (d.precision === "datetime") return d.text;
  if (d.precision !== "day") return null;
  const wall = utcMs(d.year, d.month, d.day);
  const offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall, timeZone) * 60_000, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const zone = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return `${d.text}T00:00:00${zone}`;
}

/** The JSON Feed of `entries` (already filtered and ordered). */
export function renderJsonFeed(timeline: Timeline, entries: Entry[], ctx: FeedContext): JsonFeed {
  const lang = feedLanguage(timeline, ctx);
  const items = entries.map((entry): JsonFeedItem => {
    const published = publishedAt(entry.start, timeline.time_zone);
    const item: JsonFeedItem = {
      id: entry.id,
      url: entryUrl(ctx.origin, timeline.slug, entry.id),
      title: entry.title,
      content_text: entryPlainText(entry, lang, timeline.time_zone, ctx.nowMs),
      date_modified: entry.updated_at,
    };
    const other = otherLanguage(entry, "title", timeline, ctx);
    if (other) item.language = other;
    if (entry.sources[0]) item.external_url = entry.sources[0].url;
    if (published) item.date_published = published;
    if (entry.tags.length > 0) item.tags = entry.tags;
    if (entry.media && IMAGE_URL.test(entry.media.url)) item.image = entry.media.url;
    if (entry.commitment) {
      const c = commitmentJson(entry.commitment, { timeZone: timeline.time_zone, nowMs: ctx.nowMs });
      item._commitment = {
        about: docsUrl(ctx.origin),
        status: c.status,
        due: c.due,
        overdue: c.overdue,
        amount: c.amount,
        delivered: c.delivered,
        progress: c.progress,
        reason: c.reason,
        totals: c.totals,
        tranches: c.tranches,
        made_by: c.made_by,
        beneficiary: c.beneficiary,
      };
    }
    return item;
  });
  return {
    version: JSON_FEED_VERSION,
    title: timeline.title,
    home_page_url: pageUrl(ctx.origin, timeline.slug),
    feed_url: ctx.selfUrl,
    ...(timeline.description ? { description: timeline.description } : {}),
    language: lang.locale,
    ...(ctx.nextUrl ? { next_url: ctx.nextUrl } : {}),
    items,
  };
}
