/**
 * Text helpers of the widget and pages: paragraphs with links that leave the widget, safe hrefs,
 * JSON-LD, excerpts. Every piece of text is escaped; nothing the author wrote is ever markup.
 */
import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { paragraphsHtml } from "../../domain/markup";
import { isHttpUrl } from "../../domain/text";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Attributes of every link that leaves the widget. */
const EXTERNAL_ATTRIBUTES = 'rel="noopener nofollow" target="_blank"';
export const EXTERNAL = raw(EXTERNAL_ATTRIBUTES);

/**
 * Paragraphs of plain text: blank lines separate paragraphs, single newlines become `<br>`, bare
 * links open outside the widget (domain/markup.ts does the work for every format).
 * @example paragraphs("One\n\nTwo") // <p>One</p><p>Two</p>
 */
export function paragraphs(text: string | null): Html | "" {
  if (!text) return "";
  return raw(paragraphsHtml(text, { linkAttributes: EXTERNAL_ATTRIBUTES }));
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
