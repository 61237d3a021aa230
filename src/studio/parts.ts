/** Pieces several studio pages share: a timeline's tabs and the note after an action. */
import type { Context } from "hono";
import { html } from "hono/html";
import type { DateQualifier, Entry } from "../domain/entry";
import { formatEntryDate, formatPeriod } from "../domain/format";
import type { Timeline } from "../domain/timeline";
import type { AppEnv } from "../env";
import { language, type StudioWords } from "../i18n";
import { type Html, notice } from "./layout";

export type Tab = "entries" | "paste" | "preview" | "rates" | "settings" | "trash";

/** The timeline's sections; the current one is marked for assistive technology. */
export function tabs(w: StudioWords, timeline: Timeline, current: Tab | null): Html {
  const paths: [Tab, string][] = [
    ["entries", ""],
    ["paste", "/paste"],
    ["preview", "/preview"],
    ["rates", "/rates"],
    ["settings", "/settings"],
    ["trash", "/trash"],
  ];
  return html`<nav class="tabs" aria-label="${timeline.title}"><ul>${paths.map(
    ([tab, path]) => html`<li><a href="/studio/t/${timeline.slug}${path}"${tab === current ? html` aria-current="page"` : ""}>${w.tabs[tab]}</a></li>`,
  )}</ul></nav>`;
}

/** The note for `?done=…` after a redirect (post, redirect, get). */
export function doneNotice(c: Context<AppEnv>, w: StudioWords): Html | "" {
  const done = c.req.query("done");
  return done && done in w.done ? notice(w.done[done as keyof StudioWords["done"]]) : "";
}

/** An entry's date as readers see it, in the interface language (qualifier and display text included). */
export function entryWhen(e: Pick<Entry, "start" | "end" | "date_qualifier" | "display_date">, lang: "en" | "de"): string {
  return formatPeriod(e.start, e.end ?? null, { locale: lang, qualifier: e.date_qualifier, qualifiers: language(lang, lang).words.qualifiers, display: e.display_date });
}

/** One date spelled out in the interface language. */
export function spelledDate(date: string, lang: "en" | "de", qualifier: DateQualifier | null = null): string {
  return formatEntryDate(date, { locale: lang, qualifier, qualifiers: language(lang, lang).words.qualifiers });
}
