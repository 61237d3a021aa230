/**
 * Building blocks every feed shares: the feed's language, and the human lines that describe an
 * entry's date and commitment, as plain text or escaped HTML (through domain/markup.ts).
 */
import { commitmentJson, type Entry } from "../domain/entry";
import { type CurrencyTotals, TRANCHE_PHASES, type Tranche } from "../domain/ledger";
import { formatAmount, formatEntryDate, formatPeriod, formatProgress } from "../domain/format";
import { escapeMarkup, paragraphsHtml, paragraphsText } from "../domain/markup";
import type { Timeline } from "../domain/timeline";
import { sameLanguage, type TextField, type TextOrigin } from "../domain/translations";
import { type Language, language } from "../i18n";

/** What every renderer needs besides the timeline and its entries. */
export interface FeedContext {
  /** Public origin for absolute links, without a trailing slash. */
  origin: string;
  /** Absolute URL of this representation (with its query). */
  selfUrl: string;
  /** Absolute URL of the next page when there are more entries, else null. */
  nextUrl: string | null;
  /** The request's clock (overdue is derived from it). */
  nowMs: number;
  /** The language asked for (`?lang=`); default: the timeline's. */
  lang?: Language;
  /** Where each entry's text comes from, by entry id, when read in another language than the source. */
  origins?: Map<string, TextOrigin>;
}

/**
 * The language a feed speaks: the one asked for, else the timeline's own, with the widget's words
 * (English where it has none).
 */
export function feedLanguage(timeline: Pick<Timeline, "language">, ctx?: Pick<FeedContext, "lang">): Language {
  return ctx?.lang ?? language(timeline.language, "en");
}

/**
 * The language `field` of an entry is written in when that is not the feed's own (its text fell
 * back to another language), else null.
 */
export function otherLanguage(entry: Entry, field: TextField, timeline: Pick<Timeline, "language">, ctx: FeedContext): string | null {
  const written = ctx.origins?.get(entry.id)?.languages[field] ?? timeline.language;
  return sameLanguage(written, feedLanguage(timeline, ctx).locale) ? null : written;
}

/** The entry's date as a reader sees it: display text, or its period at its own precision, qualified. */
export function entryDateText(entry: Entry, lang: Language): string {
  return formatPeriod(entry.start, entry.end, {
    locale: lang.locale,
    qualifier: entry.date_qualifier,
    qualifiers: lang.words.qualifiers,
    display: entry.display_date,
  });
}

/**
 * A commitment's facts as short labelled lines in the timeline's language (status, due and
 * whether overdue, pledged, delivered with progress, who made it, for whom); empty for events.
 */
export function commitmentLines(entry: Entry, lang: Language, timeZone: string, nowMs: number): string[] {
  if (!entry.commitment) return [];
  const c = commitmentJson(entry.commitment, { timeZone, nowMs });
  const { locale, words } = lang;
  const lines = [`${words.statusLabel}: ${words.status[c.status]}`];
  if (c.reason) lines.push(`${words.ledger.reason}: ${c.reason}`);
  if (c.due) lines.push(`${words.due}: ${formatEntryDate(c.due, { locale })}${c.overdue ? ` (${words.overdue})` : ""}`);
  if (c.tranches.length > 0) {
    lines.push(...totalsLines(c.totals, lang));
  } else {
    if (c.amount) lines.push(`${words.pledged}: ${formatAmount(c.amount, locale)}`);
    if (c.delivered) {
      const share = c.progress === null ? "" : ` (${formatProgress(c.progress, locale)})`;
      lines.push(`${words.deliveredLabel}: ${formatAmount(c.delivered, locale)}${share}`);
    }
  }
  if (c.made_by.length > 0) lines.push(`${words.by}: ${c.made_by.join(", ")}`);
  if (c.beneficiary) lines.push(`${words.for}: ${c.beneficiary}`);
  if (c.tranches.length > 0) lines.push(`${words.ledger.tranches}:`, ...c.tranches.map((t) => trancheText(t, lang)));
  return lines;
}

/** Per currency or unit: "Committed 2B € · Allocated 1B € · Delivered 500M € (25%)". */
export function totalsLines(totals: readonly CurrencyTotals[], lang: Language): string[] {
  const { locale, words } = lang;
  return totals.map((t) => {
    const amount = (value: number) => formatAmount({ value, currency: t.currency }, locale);
    const parts = TRANCHE_PHASES.filter((phase) => phase === "committed" || t[phase] > 0).map((phase) => `${words.ledger.phases[phase]}: ${amount(t[phase])}`);
    return `${parts.join(" · ")}${t.progress === null ? "" : ` (${formatProgress(t.progress, locale)})`}`;
  });
}

/** One tranche as a line: "10 January 2025 · Delivered: €500M · Germany · First tranche". */
export function trancheText(t: Tranche, lang: Language): string {
  return [formatEntryDate(t.date, { locale: lang.locale }), `${lang.words.ledger.phases[t.phase]}: ${formatAmount(t.amount, lang.locale)}`, t.made_by, t.note]
    .filter(Boolean)
    .join(" · ");
}

/** Sources as plain-text lines: "Title (Publisher): URL". */
export function sourceLines(entry: Entry): string[] {
  return entry.sources.map((s) => `${s.title}${s.publisher ? ` (${s.publisher})` : ""}: ${s.url}`);
}

/**
 * The whole entry as plain text: date, body, commitment facts, sources; blocks separated by
 * blank lines. What text-only feeds (JSON Feed, iCalendar) carry.
 */
export function entryPlainText(entry: Entry, lang: Language, timeZone: string, nowMs: number): string {
  const sources = sourceLines(entry);
  return [
    entryDateText(entry, lang),
    paragraphsText(entry.body),
    commitmentLines(entry, lang, timeZone, nowMs).join("\n"),
    sources.length > 0 ? `${lang.words.sources}:\n${sources.join("\n")}` : "",
  ]
    .filter((block) => block && block.trim() !== "")
    .join("\n\n");
}

/** The whole entry as escaped HTML: date, body paragraphs, commitment facts, linked sources. */
export function entryHtml(entry: Entry, lang: Language, timeZone: string, nowMs: number): string {
  const facts = commitmentLines(entry, lang, timeZone, nowMs);
  let html = `<p><strong>${escapeMarkup(entryDateText(entry, lang))}</strong></p>${paragraphsHtml(entry.body)}`;
  if (facts.length > 0) html += `<ul>${facts.map((f) => `<li>${escapeMarkup(f)}</li>`).join("")}</ul>`;
  if (entry.sources.length > 0) {
    const items = entry.sources.map(
      (s) =>
        `<li><a href="${escapeMarkup(s.url)}">${escapeMarkup(s.title)}</a>${s.publisher ? ` (${escapeMarkup(s.publisher)})` : ""}</li>`,
    );
    html += `<p>${escapeMarkup(lang.words.sources)}:</p><ul>${items.join("")}</ul>`;
  }
  return html;
}
