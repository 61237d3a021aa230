/**
 * Plain text to safe HTML: paragraphs at blank lines, line breaks kept, bare http(s) links made
 * clickable. Every piece of text is escaped; nothing the author wrote is ever markup.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { isHttpUrl } from "../domain/text";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Attributes of every link that leaves the widget. */
export const EXTERNAL = html`rel="noopener nofollow" target="_blank"`;

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'")\]}»“”’]+$/;

/**
 * Splits text into runs of words and links; a link loses trailing punctuation that belongs to the
 * sentence, and keeps a closing parenthesis only when it opened one.
 * @example linkRuns("See https://example.org/a.") // ["See ", { url: "https://example.org/a" }, "."]
 */
export function linkRuns(text: string): (string | { url: string })[] {
  const runs: (string | { url: string })[] = [];
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

/** One line of text with its links. */
export function inlineText(text: string): Html {
  return html`${linkRuns(text).map((run) =>
    typeof run === "string" ? run : html`<a href="${run.url}" ${EXTERNAL}>${run.url}</a>`,
  )}`;
}

/**
 * Paragraphs of plain text: blank lines separate paragraphs, single newlines become `<br>`.
 * @example paragraphs("One\n\nTwo") // <p>One</p><p>Two</p>
 */
export function paragraphs(text: string | null): Html | "" {
  if (!text) return "";
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  return html`${blocks.map(
    (block) => html`<p>${block.split("\n").map((line, i) => (i === 0 ? inlineText(line) : html`<br>${inlineText(line)}`))}</p>`,
  )}`;
}

/** An href for a URL from stored data: only absolute http(s), else nothing. */
export function safeHref(url: string | null | undefined): string | null {
  return url && isHttpUrl(url) ? url : null;
}

/** JSON that is safe inside `<script type="application/ld+json">`: no `<`, `>`, `&` or line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Shortens text at a word boundary to at most `max` characters, with an ellipsis. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "")}…`;
}
