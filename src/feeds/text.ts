/**
 * Building blocks every feed shares: escaping for XML and HTML, plain-text bodies as HTML
 * paragraphs, entry links, and the human lines that describe an entry's date and commitment.
 */
import { commitmentJson, type Entry } from "../domain/entry";
import { formatAmount, formatEntryDate, formatPeriod, formatProgress } from "../domain/format";
import { feedLabels } from "./labels";

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
}

// Code points XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARKUP = /[&<>"]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Text made safe for XML and HTML content and for double-quoted attribute values (every
 * attribute we write is double-quoted, so `'` needs no reference that some parsers do not know).
 * @example escapeMarkup(`<b>"Tom & Jerry"</b>`) // "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;"
 */
export function escapeMarkup(text: string): string {
  return text.replace(XML_INVALID, "\uFFFD").replace(MARKUP, (ch) => ENTITIES[ch]!);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»«“”‘’]+$/;

/** One line of plain text as HTML, its bare http(s) links made into anchors. */
function lineHtml(line: string): string {
  let html = "";
  let last = 0;
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    const at = match.index;
    html += escapeMarkup(line.slice(last, at));
    html += `<a href="${escapeMarkup(url)}">${escapeMarkup(url)}</a>`;
    last = at + url.length;
  }
  return html + escapeMarkup(line.slice(last));
}

/**
 * Plain text (paragraphs separated by blank lines, bare links) as escaped HTML paragraphs.
 * @example paragraphsHtml("A & B\n\nsee https://x.example") // "<p>A &amp; B</p><p>see <a href=…>…</a></p>"
 */
export function paragraphsHtml(text: string | null | undefined): string {
  if (!text) return "";
  return text
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split("\n").map(lineHtml).join("<br>")}</p>`)
    .join("");
}

/** The entry's date as a reader sees it: display text, or its period at its own precision, qualified. */
export function entryDateText(entry: Entry, locale: string): string {
  return formatPeriod(entry.start, entry.end, { locale, qualifier: entry.date_qualifier, display: entry.display_date });
}

/**
 * A commitment's facts as short labelled lines in the timeline's language (status, due and
 * whether overdue, pledged, delivered with progress, who made it, for whom); empty for events.
 */
export function commitmentLines(entry: Entry, locale: string, timeZone: string, nowMs: number): string[] {
  if (!entry.commitment) return [];
  const c = commitmentJson(entry.commitment, { timeZone, nowMs });
  const l = feedLabels(locale);
  const lines = [`${l.status}: ${l.statuses[c.status]}`];
  if (c.due) lines.push(`${l.due}: ${formatEntryDate(c.due, { locale })}${c.overdue ? ` (${l.overdue})` : ""}`);
  if (c.amount) lines.push(`${l.pledged}: ${formatAmount(c.amount, locale)}`);
  if (c.delivered) {
    const share = c.progress === null ? "" : ` (${formatProgress(c.progress, locale)})`;
    lines.push(`${l.delivered}: ${formatAmount(c.delivered, locale)}${share}`);
  }
  if (c.made_by.length > 0) lines.push(`${l.madeBy}: ${c.made_by.join(", ")}`);
  if (c.beneficiary) lines.push(`${l.beneficiary}: ${c.beneficiary}`);
  return lines;
}

/** Sources as plain-text lines: "Title (Publisher): URL". */
export function sourceLines(entry: Entry): string[] {
  return entry.sources.map((s) => `${s.title}${s.publisher ? ` (${s.publisher})` : ""}: ${s.url}`);
}

/**
 * The whole entry as plain text: date, body, commitment facts, sources; blocks separated by
 * blank lines. What text-only feeds (JSON Feed, iCalendar) carry.
 */
export function entryPlainText(entry: Entry, locale: string, timeZone: string, nowMs: number): string {
  const l = feedLabels(locale);
  const sources = sourceLines(entry);
  return [
    entryDateText(entry, locale),
    entry.body,
    commitmentLines(entry, locale, timeZone, nowMs).join("\n"),
    sources.length > 0 ? `${l.sources}:\n${sources.join("\n")}` : "",
  ]
    .filter((block) => block && block.trim() !== "")
    .join("\n\n");
}

/** The whole entry as escaped HTML: date, body paragraphs, commitment facts, linked sources. */
export function entryHtml(entry: Entry, locale: string, timeZone: string, nowMs: number): string {
  const l = feedLabels(locale);
  const facts = commitmentLines(entry, locale, timeZone, nowMs);
  let html = `<p><strong>${escapeMarkup(entryDateText(entry, locale))}</strong></p>${paragraphsHtml(entry.body)}`;
  if (facts.length > 0) html += `<ul>${facts.map((f) => `<li>${escapeMarkup(f)}</li>`).join("")}</ul>`;
  if (entry.sources.length > 0) {
    const items = entry.sources.map(
      (s) =>
        `<li><a href="${escapeMarkup(s.url)}">${escapeMarkup(s.title)}</a>${s.publisher ? ` (${escapeMarkup(s.publisher)})` : ""}</li>`,
    );
    html += `<p>${escapeMarkup(l.sources)}:</p><ul>${items.join("")}</ul>`;
  }
  return html;
}
