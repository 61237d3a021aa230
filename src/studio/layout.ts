/**
 * The page around every studio view: language, skip link, header with the language switch and
 * sign-out, and the one stylesheet and script. Plus the small pieces every form uses: labelled
 * fields with their hint and error, linked by `aria-describedby`.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env";
import { type StudioWords, studioWords } from "../i18n";
import { STUDIO_CSS_PATH, STUDIO_JS_PATH } from "./assets";
import { studioLanguage } from "./guard";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Ui {
  lang: "en" | "de";
  w: StudioWords;
}

export function ui(c: Context<AppEnv>): Ui {
  const lang = studioLanguage(c);
  return { lang, w: studioWords(lang) };
}

/** The path and query of this request, to come back to after a switch or a sign-in. */
export function here(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** Only paths inside the studio are followed after a form (no open redirects). */
export function safeNext(value: string | null | undefined): string {
  return value && /^\/studio(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(value) && !value.startsWith("//") ? value : "/studio";
}

export interface PageOptions {
  title: string;
  body: Html;
  status?: number;
  /** Signed in: the header offers sign-out. */
  signedIn?: boolean;
}

/** A whole studio page. */
export function page(c: Context<AppEnv>, options: PageOptions): Response | Promise<Response> {
  const { lang, w } = ui(c);
  const back = here(c);
  const other = lang === "de" ? "en" : "de";
  const doc = html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${options.title} · ${w.studio}</title><link rel="stylesheet" href="${STUDIO_CSS_PATH}"><script src="${STUDIO_JS_PATH}" defer></script></head><body><a class="skip" href="#main">${w.skip}</a><header class="top"><a class="brand" href="/studio">edge-timeline ${w.studio}</a><form method="post" action="/studio/language"><input type="hidden" name="next" value="${back}"><button class="link" name="lang" value="${other}" lang="${other}">${w.switchLanguage}</button></form>${
    options.signedIn ? html`<form method="post" action="/studio/sign-out"><button class="sec">${w.signOut}</button></form>` : ""
  }</header><main id="main">${options.body}</main></body></html>`;
  return c.html(doc, (options.status ?? 200) as 200);
}

export interface FieldOptions {
  label: string;
  name: string;
  value?: string | null;
  id?: string;
  type?: string;
  help?: string;
  error?: string | null;
  /** Text shown beside the field (a date read back). */
  hint?: string | null;
  required?: boolean;
  attrs?: Html | "";
  list?: string;
  multiline?: boolean;
  rows?: number;
}

/** A labelled input (or textarea) with its help, hint and error, all announced with it. */
export function field(o: FieldOptions): Html {
  const id = o.id ?? `f-${o.name}`;
  const described = [o.help ? `${id}-help` : "", `${id}-hint`, o.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = html`id="${id}" name="${o.name}" aria-describedby="${described}"${o.error ? html` aria-invalid="true"` : ""}${
    o.required ? html` required` : ""
  }${o.list ? html` list="${o.list}"` : ""}${o.attrs ?? ""}`;
  const control = o.multiline
    ? html`<textarea ${common} rows="${String(o.rows ?? 4)}">${o.value ?? ""}</textarea>`
    : html`<input type="${o.type ?? "text"}" ${common} value="${o.value ?? ""}">`;
  return html`<div class="field"><label for="${id}">${o.label}</label>${o.help ? html`<p class="help" id="${id}-help">${o.help}</p>` : ""}${control}<p class="hint" id="${id}-hint" aria-live="polite">${
    o.hint ?? ""
  }</p>${o.error ? html`<p class="err" id="${id}-error">${o.error}</p>` : ""}</div>`;
}

/** A labelled select. */
export function select(o: { label: string; name: string; id?: string; value: string | null; options: [string, string][]; error?: string | null }): Html {
  const id = o.id ?? `f-${o.name}`;
  return html`<div class="field"><label for="${id}">${o.label}</label><select id="${id}" name="${o.name}"${
    o.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""
  }>${o.options.map(([value, label]) => html`<option value="${value}"${value === (o.value ?? "") ? html` selected` : ""}>${label}</option>`)}</select>${
    o.error ? html`<p class="err" id="${id}-error">${o.error}</p>` : ""
  }</div>`;
}

/** A one-button form that posts to `action` (delete, restore, publish …). */
export function postButton(action: string, label: string, options: { className?: string; confirm?: string; hidden?: Record<string, string> } = {}): Html {
  return html`<form method="post" action="${action}" class="inline"${options.confirm ? html` data-confirm="${options.confirm}"` : ""}>${Object.entries(
    options.hidden ?? {},
  ).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button${options.className ? html` class="${options.className}"` : ""}>${label}</button></form>`;
}

/** A status line after an action, announced to screen readers. */
export function notice(text: string | null, kind: "ok" | "bad" | "" = "ok"): Html | "" {
  return text ? html`<p class="note ${kind}" role="${kind === "bad" ? "alert" : "status"}">${text}</p>` : "";
}
