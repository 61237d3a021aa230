/**
 * The HTML document around every widget view and page, its Content-Security-Policy, and the
 * readable error page an iframe shows instead of a browser's "refused to connect".
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env";
import { Problem, problemResponse, problemTitle } from "../http/problem";
import { canonicalOrigin } from "../domain/text";
import type { Timeline } from "../domain/timeline";
import { WIDGET_JS_PATH } from "./client";
import type { Language } from "../i18n";
import { styleSource } from "../http/security";
import type { Theme } from "../http/html/options";
import { CSS, IMAGE_CSS, PAGE_CSS } from "../http/html/styles";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * `frame-ancestors` for a timeline's `embed_origins`: any site when empty, else those origins
 * and this service itself (its own pages preview the widget). A stored value that is not an
 * origin is left out and never widens the list: with none left, only this service may frame.
 * @example frameAncestors([]) // "*"
 * @example frameAncestors(["https://news.example"]) // "'self' https://news.example"
 * @example frameAncestors(["https://*.evil.example"]) // "'self'"
 */
export function frameAncestors(origins: readonly string[]): string {
  if (origins.length === 0) return "*";
  const allowed = origins.map(canonicalOrigin).filter((o): o is string => o !== null);
  return ["'self'", ...new Set(allowed)].join(" ");
}

/**
 * The policy of every HTML view: nothing but the hashed inline stylesheet, our own script and
 * our own fetches ("more"); framing as `ancestors` says; `frames` lets a page show widget previews.
 */
export async function contentSecurityPolicy(ancestors: string, options: { frames?: boolean; page?: boolean } = {}): Promise<string> {
  return [
    "default-src 'none'",
    `style-src ${await styleSource(options.page ? PAGE_CSS : CSS)} ${await styleSource(IMAGE_CSS)}`,
    "img-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    ...(options.frames ? ["frame-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join("; ");
}

/**
 * Headers a widget response needs whatever path it took (fresh, cached, 304 or error): its own
 * policy (no X-Frame-Options), loadable by cross-origin-isolated hosts, and no opener policy. COOP
 * does nothing in an iframe, and opened on its own it would only cost a process swap: the widget
 * holds public data and opens nothing it talks to.
 */
export async function setEmbedHeaders(res: Response, ancestors: string): Promise<Response> {
  res.headers.set("Content-Security-Policy", await contentSecurityPolicy(ancestors));
  res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
  res.headers.set("Cross-Origin-Opener-Policy", "unsafe-none");
  res.headers.delete("X-Frame-Options");
  return res;
}

export interface DocumentParts {
  /** A public page (snippet box, copy button, previews) rather than the widget. */
  page?: boolean;
  lang: Language;
  theme: Theme;
  title: string;
  head?: Html | "";
  body: Html;
  /** The view shows images: their stylesheet comes along. */
  images?: boolean;
  /** The timeline this view shows: its script keeps it fresh (polling, or push when `live`). */
  timeline?: Pick<Timeline, "slug" | "revision" | "live">;
}

/** Attributes on `<html>` that tell the widget script which timeline and revision it shows. */
function freshnessAttributes(t: DocumentParts["timeline"]): Html | "" {
  return t ? html` data-slug="${t.slug}" data-rev="${String(t.revision)}"${t.live ? raw(" data-live") : ""}` : "";
}

/** A whole page: language and direction, theme, the stylesheet and the deferred widget script. */
export function htmlDocument(parts: DocumentParts): Html {
  return html`<!doctype html><html lang="${parts.lang.locale}" dir="${parts.lang.dir}" data-theme="${parts.theme}"${freshnessAttributes(parts.timeline)}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${parts.title}</title>${
    parts.head ?? ""
  }<style>${raw(parts.page ? PAGE_CSS : CSS)}</style>${parts.images ? html`<style>${raw(IMAGE_CSS)}</style>` : ""}<script src="${WIDGET_JS_PATH}" defer></script></head><body><main class="w">${parts.body}</main></body></html>`;
}

/** Browsers (and iframes) ask for HTML; every other client gets the contract's problem+json. */
function wantsHtml(c: Context<AppEnv>): boolean {
  return /text\/html/i.test(c.req.header("Accept") ?? "");
}

/**
 * A problem as a page a reader can understand when a browser asks, as problem+json otherwise.
 * `embed` pages may be framed anywhere so the message shows inside the host's iframe.
 */
export async function errorPage(
  c: Context<AppEnv>,
  problem: Problem,
  options: { embed: boolean; lang: Language; theme: Theme },
): Promise<Response> {
  const path = new URL(c.req.url).pathname;
  const ancestors = options.embed ? "*" : "'none'";
  if (!wantsHtml(c)) {
    const res = problemResponse(problem, path);
    res.headers.set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors " + ancestors);
    return res;
  }
  const { lang, theme } = options;
  const title = lang.words.errorTitle;
  const fields = problem.errors ?? [];
  const body = html`<h1>${title}</h1><p><strong>${problemTitle(problem.kind)}.</strong> ${problem.message}</p>${
    fields.length
      ? html`<ul>${fields.map((f) => html`<li><code>${f.parameter ?? f.pointer ?? f.header ?? ""}</code>: ${f.detail}</li>`)}</ul>`
      : ""
  }`;
  const res = await c.html(htmlDocument({ lang, theme, title, body }), problem.status as 400);
  res.headers.set("Cache-Control", "no-store");
  if (options.embed) await setEmbedHeaders(res, ancestors);
  else res.headers.set("Content-Security-Policy", await contentSecurityPolicy(ancestors));
  for (const [name, value] of Object.entries(problem.headers)) res.headers.set(name, value);
  return res;
}
