/**
 * The changes feeds (`changes.json`, JSON Feed 1.1; `changes.atom`, Atom 1.0): one item per new
 * commitment, status change, tranche and passed due date (overdue), newest recorded first, each a
 * sentence in the language read (`?lang=`, default the timeline's: "Germany delivered €500 million
 * of €2 billion (25%)") that links to the entry. The entry's title and the change's note come from
 * their translations, and what fell back is marked as the other feeds mark it. Readers subscribe to
 * progress instead of rereading the timeline.
 */
import { type Change, type ChangeSource, changeSentence } from "../domain/changes";
import { formatEntryDate } from "../domain/format";
import type { Timeline } from "../domain/timeline";
import { sameLanguage } from "../domain/translations";
import { entryUrl, pageUrl } from "../http/links";
import type { Language } from "../i18n";
import { feedId } from "./atom";
import { JSON_FEED_VERSION } from "./jsonfeed";
import { escapeMarkup as x } from "../domain/markup";
import type { FeedContext } from "./text";

/** One change and the entry it belongs to (its current state, its text in the language read). */
export interface ChangeItem {
  change: Change;
  entry: ChangeSource;
  /** The language the entry's title and the change's note are written in; default: the feed's. */
  languages?: { title: string; note: string | null };
}

/** The parts of an item shown in another language than the feed's (their text fell back), with that language. */
function fallback(item: ChangeItem, lang: Language): { title?: string; note?: string } {
  const other = (written: string | null | undefined) => (written && !sameLanguage(written, lang.locale) ? written : undefined);
  const title = other(item.languages?.title);
  const note = item.change.note ? other(item.languages?.note) : undefined;
  return { ...(title ? { title } : {}), ...(note ? { note } : {}) };
}

/** The item's id: stable for as long as the change stays what it is. */
export function changeId(origin: string, timeline: Pick<Timeline, "slug" | "created_at">, item: ChangeItem): string {
  return `${feedId(origin, timeline)}/changes/${item.entry.id}/${item.change.key}`;
}

interface Told {
  sentence: string;
  /** "26 November 2024: sentence — the entry's title", with the change's note. */
  text: string;
}

function tell(item: ChangeItem, lang: Language): Told {
  const { change, entry } = item;
  const sentence = changeSentence(change, entry, { changes: lang.words.ledger, status: lang.words.status }, lang.locale);
  const lines = [`${formatEntryDate(change.date, { locale: lang.locale })}: ${sentence}`];
  if (!sentence.includes(entry.title)) lines[0] += ` — ${entry.title}`;
  if (change.note) lines.push(change.note);
  return { sentence, text: lines.join("\n\n") };
}

/** What the item's extension object says, in the API's words. */
function changeData(item: ChangeItem): Record<string, unknown> {
  const { change, entry } = item;
  const data: Record<string, unknown> = { kind: change.kind, date: change.date, entry_id: entry.id };
  if (change.kind === "commitment" || change.kind === "status") data.status = change.status;
  if (change.due) data.due = change.due;
  if (change.reason) data.reason = change.reason;
  if (change.tranche) {
    const { phase, amount, made_by, source } = change.tranche;
    Object.assign(data, { phase, amount, made_by, source });
  }
  return data;
}

export interface ChangesJsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  language: string;
  items: {
    id: string;
    url: string;
    title: string;
    content_text: string;
    date_published: string;
    external_url?: string;
    /** JSON Feed 1.1: the item's language, when the entry's title in it is not in the feed's (it was not translated). */
    language?: string;
    _change: Record<string, unknown>;
  }[];
}

/** The changes as JSON Feed 1.1; `items` newest recorded first. */
export function renderChangesJsonFeed(timeline: Timeline, items: readonly ChangeItem[], lang: Language, ctx: FeedContext): ChangesJsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: `${timeline.title}: ${lang.words.ledger.changes}`,
    home_page_url: pageUrl(ctx.origin, timeline.slug),
    feed_url: ctx.selfUrl,
    language: lang.locale,
    items: items.map((item) => {
      const told = tell(item, lang);
      const source = item.change.tranche?.source?.url;
      const fell = fallback(item, lang);
      return {
        id: changeId(ctx.origin, timeline, item),
        url: entryUrl(ctx.origin, timeline.slug, item.entry.id),
        title: told.sentence,
        content_text: told.text,
        date_published: item.change.recorded_at,
        ...(source ? { external_url: source } : {}),
        ...(fell.title ? { language: fell.title } : {}),
        _change: { about: `${ctx.origin}/docs`, ...changeData(item), ...(Object.keys(fell).length > 0 ? { fallback: fell } : {}) },
      };
    }),
  };
}

/** The changes as Atom 1.0; `items` newest recorded first. */
export function renderChangesAtom(timeline: Timeline, items: readonly ChangeItem[], lang: Language, ctx: FeedContext): string {
  const home = pageUrl(ctx.origin, timeline.slug);
  const updated = items[0]?.change.recorded_at ?? timeline.updated_at;
  const head = [
    `<id>${x(`${feedId(ctx.origin, timeline)}/changes`)}</id>`,
    `<title type="text">${x(`${timeline.title}: ${lang.words.ledger.changes}`)}</title>`,
    `<updated>${x(updated)}</updated>`,
    `<author><name>${x(timeline.title)}</name><uri>${x(home)}</uri></author>`,
    `<link rel="self" type="application/atom+xml" href="${x(ctx.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(home)}"/>`,
    `<generator uri="${x(ctx.origin)}/">edge-timeline</generator>`,
  ];
  const entries = items.map((item) => {
    const told = tell(item, lang);
    const source = item.change.tranche?.source;
    // As in feed.atom: a title (here the sentence naming the entry) or content (here with the note) whose text fell back names its language.
    const fell = fallback(item, lang);
    const titleLang = fell.title && told.sentence.includes(item.entry.title) ? ` xml:lang="${x(fell.title)}"` : "";
    const contentLang = fell.note ? ` xml:lang="${x(fell.note)}"` : "";
    return (
      `<entry><id>${x(changeId(ctx.origin, timeline, item))}</id>` +
      `<title type="text"${titleLang}>${x(told.sentence)}</title>` +
      `<updated>${x(item.change.recorded_at)}</updated>` +
      `<published>${x(item.change.recorded_at)}</published>` +
      `<link rel="alternate" type="text/html" href="${x(entryUrl(ctx.origin, timeline.slug, item.entry.id))}"/>` +
      (source ? `<link rel="related" href="${x(source.url)}" title="${x(source.title)}"/>` : "") +
      `<category term="${x(item.change.kind)}"/>` +
      `<content type="text"${contentLang}>${x(told.text)}</content></entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(lang.locale)}">` +
    head.join("") +
    entries.join("") +
    `</feed>\n`
  );
}
