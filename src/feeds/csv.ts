/**
 * RFC 4180 CSV of entries: a header row, CRLF between records, every field quoted (quotes
 * doubled), UTF-8 with a byte order mark so spreadsheet programs read umlauts. A cell that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading
 * apostrophe (OWASP's advice), so the text shows and nothing runs.
 */
import { csvField } from "../domain/csv";
import { commitmentJson, type Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import type { Language } from "../i18n";
import { entryUrl } from "../http/links";
import { entryDateText, type FeedContext, feedLanguage, totalsLines, trancheText } from "./text";

export const CSV_TYPE = "text/csv; charset=utf-8; header=present";

/** Lists in one cell are joined with this. */
export const LIST_SEPARATOR = "; ";

export const CSV_COLUMNS = [
  "id",
  "external_id",
  "kind",
  "title",
  "body",
  "start",
  "end",
  "date_qualifier",
  "display_date",
  "date_text",
  "tags",
  "actors",
  "location",
  "importance",
  "media_url",
  "media_alt",
  "media_credit",
  "source_urls",
  "source_titles",
  "status",
  "due",
  "overdue",
  "amount",
  "amount_unit",
  "delivered",
  "delivered_unit",
  "progress",
  "reason",
  "totals",
  "tranches",
  "made_by",
  "beneficiary",
  "url",
  "revision",
  "created_at",
  "updated_at",
] as const;

type Column = (typeof CSV_COLUMNS)[number];

function row(entry: Entry, timeline: Timeline, lang: Language, ctx: FeedContext): Record<Column, string | number | boolean | null> {
  const c = entry.commitment ? commitmentJson(entry.commitment, { timeZone: timeline.time_zone, nowMs: ctx.nowMs }) : null;
  return {
    id: entry.id,
    external_id: entry.external_id,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    start: entry.start,
    end: entry.end,
    date_qualifier: entry.date_qualifier,
    display_date: entry.display_date,
    date_text: entryDateText(entry, lang),
    tags: entry.tags.join(LIST_SEPARATOR),
    actors: entry.actors.join(LIST_SEPARATOR),
    location: entry.location,
    importance: entry.importance,
    media_url: entry.media?.url ?? null,
    media_alt: entry.media?.alt ?? null,
    media_credit: entry.media?.credit ?? null,
    source_urls: entry.sources.map((s) => s.url).join(LIST_SEPARATOR),
    source_titles: entry.sources.map((s) => s.title).join(LIST_SEPARATOR),
    status: c?.status ?? null,
    due: c?.due ?? null,
    overdue: c ? c.overdue : null,
    amount: c?.amount?.value ?? null,
    amount_unit: c?.amount?.currency ?? null,
    delivered: c?.delivered?.value ?? null,
    delivered_unit: c?.delivered?.currency ?? null,
    progress: c?.progress ?? null,
    reason: c?.reason ?? null,
    totals: c && c.tranches.length > 0 ? totalsLines(c.totals, lang).join(LIST_SEPARATOR) : null,
    tranches: c && c.tranches.length > 0 ? c.tranches.map((t) => trancheText(t, lang)).join(LIST_SEPARATOR) : null,
    made_by: c ? c.made_by.join(LIST_SEPARATOR) : null,
    beneficiary: c?.beneficiary ?? null,
    url: entryUrl(ctx.origin, timeline.slug, entry.id),
    revision: entry.revision,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
  };
}

/** The CSV document of `entries`, BOM first. */
export function renderCsv(timeline: Timeline, entries: Entry[], ctx: FeedContext): string {
  const lang = feedLanguage(timeline, ctx);
  const lines = [CSV_COLUMNS.map(csvField).join(",")];
  for (const entry of entries) {
    const values = row(entry, timeline, lang, ctx);
    lines.push(CSV_COLUMNS.map((column) => csvField(values[column])).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
