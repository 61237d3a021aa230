/**
 * The one text pipeline: plain text as authors write it (paragraphs at blank lines, bare links)
 * becomes escaped HTML for the widget, the pages and the feeds, or tidy plain text for text-only
 * feeds. One link finder and one escaper serve both renderers; nothing an author wrote is ever
 * markup.
 */
import { isHttpUrl } from "./text";

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

/** A run of text: words as they are, or a link. */
export type TextRun = string | { url: string };

// A link starts at a word boundary and stops at white space, quotes, backticks and angle brackets.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'")\]}»“”’]+$/;

/**
 * Splits text into runs of words and links; a link loses trailing punctuation that belongs to the
 * sentence, and keeps a closing parenthesis only when it opened one. Only http(s) is ever linked.
 * @example linkRuns("See https://example.org/a.") // ["See ", { url: "https://example.org/a" }, "."]
 */
export function linkRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0];
    const trail = TRAILING.exec(url)?.[0] ?? "";
    url = url.slice(0, url.length - trail.length);
    let keep = "";
    for (const ch of trail) {
      if (ch === ")" && count(url + keep, "(") > count(url + keep, ")")) keep += ch;
      else break;
    }
    url += keep;
    const start = match.index;
    if (!isHttpUrl(url)) continue;
    if (start > last) runs.push(text.slice(last, start));
    runs.push({ url });
    last = start + url.length;
  }
  if (last < text.length) runs.push(text.slice(last));
  return runs;
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/**
 * Plain text as paragraphs of lines: blank lines separate paragraphs, which are trimmed; empty
 * ones are dropped.
 * @example textParagraphs("One\n\n\nTwo\nlines") // [["One"], ["Two", "lines"]]
 */
export function textParagraphs(text: string | null | undefined): string[][] {
  if (!text) return [];
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split("\n"));
}

export interface HtmlOptions {
  /** Attributes every link gets after its href, e.g. `rel="noopener" target="_blank"`. */
  linkAttributes?: string;
}

/**
 * One line of text as escaped HTML, its links made anchors.
 * @example lineHtml("A & https://x.example") // 'A &amp; <a href="https://x.example">https://x.example</a>'
 */
export function lineHtml(line: string, options: HtmlOptions = {}): string {
  const attributes = options.linkAttributes ? ` ${options.linkAttributes}` : "";
  return linkRuns(line)
    .map((run) => (typeof run === "string" ? escapeMarkup(run) : `<a href="${escapeMarkup(run.url)}"${attributes}>${escapeMarkup(run.url)}</a>`))
    .join("");
}

/**
 * Plain text as escaped HTML paragraphs, line breaks as `<br>`, bare links as anchors.
 * @example paragraphsHtml("A & B\n\nsee https://x.example") // "<p>A &amp; B</p><p>see <a href=…>…</a></p>"
 */
export function paragraphsHtml(text: string | null | undefined, options: HtmlOptions = {}): string {
  return textParagraphs(text)
    .map((lines) => `<p>${lines.map((line) => lineHtml(line, options)).join("<br>")}</p>`)
    .join("");
}

/**
 * Plain text tidied for text-only formats: the same paragraphs, one blank line between them.
 * @example paragraphsText("  One\n\n\n\nTwo  ") // "One\n\nTwo"
 */
export function paragraphsText(text: string | null | undefined): string {
  return textParagraphs(text)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}
