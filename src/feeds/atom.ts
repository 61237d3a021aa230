/**
 * Atom 1.0 (RFC 4287). Ids are `urn:uuid:` of the entry ids (UUIDv7) and a `tag:` URI for the
 * feed; content is escaped HTML, so readers show paragraphs, commitment facts and source links,
 * and no text of an entry can ever become markup.
 */
import type { Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { entryUrl, pageUrl } from "../http/links";
import { escapeMarkup as x } from "../domain/markup";
import { entryDateText, entryHtml, type FeedContext, feedLanguage, otherLanguage } from "./text";

export const ATOM_TYPE = "application/atom+xml; charset=utf-8";

/**
 * A stable `tag:` URI (RFC 4151) for a timeline: the origin's host and the day it was created.
 * @example feedId("https://timeline.example", { slug: "g7", created_at: "2024-11-26T…" }) // "tag:timeline.example,2024-11-26:timelines/g7"
 */
export function feedId(origin: string, timeline: Pick<Timeline, "slug" | "created_at">): string {
  const host = new URL(origin).hostname;
  return `tag:${host},${timeline.created_at.slice(0, 10)}:timelines/${timeline.slug}`;
}

/** ` xml:lang="…"` when the field's text is in another language than the feed. */
function xmlLang(entry: Entry, field: "title" | "body", timeline: Timeline, ctx: FeedContext): string {
  const other = otherLanguage(entry, field, timeline, ctx);
  return other ? ` xml:lang="${x(other)}"` : "";
}

function entryXml(entry: Entry, timeline: Timeline, ctx: FeedContext): string {
  const lang = feedLanguage(timeline, ctx);
  const parts = [
    `<id>urn:uuid:${entry.id}</id>`,
    `<title type="text"${xmlLang(entry, "title", timeline, ctx)}>${x(entry.title)}</title>`,
    `<updated>${x(entry.updated_at)}</updated>`,
    `<published>${x(entry.created_at)}</published>`,
    `<link rel="alternate" type="text/html" href="${x(entryUrl(ctx.origin, timeline.slug, entry.id))}"/>`,
    ...entry.sources.map((s) => `<link rel="related" href="${x(s.url)}" title="${x(s.title)}"/>`),
    ...entry.tags.map((t) => `<category term="${x(t)}"/>`),
    `<summary type="text">${x(entryDateText(entry, lang))}</summary>`,
    `<content type="html"${xmlLang(entry, "body", timeline, ctx)}>${x(entryHtml(entry, lang, timeline.time_zone, ctx.nowMs))}</content>`,
  ];
  return `<entry>${parts.join("")}</entry>`;
}

/** The Atom document of `entries` (already filtered and ordered). */
export function renderAtom(timeline: Timeline, entries: Entry[], ctx: FeedContext): string {
  const home = pageUrl(ctx.origin, timeline.slug);
  const head = [
    `<id>${x(feedId(ctx.origin, timeline))}</id>`,
    `<title type="text">${x(timeline.title)}</title>`,
    timeline.description ? `<subtitle type="text">${x(timeline.description)}</subtitle>` : "",
    `<updated>${x(timeline.updated_at)}</updated>`,
    `<author><name>${x(timeline.title)}</name><uri>${x(home)}</uri></author>`,
    `<link rel="self" type="application/atom+xml" href="${x(ctx.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(home)}"/>`,
    ctx.nextUrl ? `<link rel="next" type="application/atom+xml" href="${x(ctx.nextUrl)}"/>` : "",
    `<generator uri="${x(ctx.origin)}/">edge-timeline</generator>`,
  ];
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feedLanguage(timeline, ctx).locale)}">` +
    head.join("") +
    entries.map((e) => entryXml(e, timeline, ctx)).join("") +
    `</feed>\n`
  );
}
