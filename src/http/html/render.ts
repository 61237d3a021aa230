/**
 * The timeline as HTML: a summary of commitments, entries grouped by year in an ordered list with a
 * "today" marker, and a plain "more" link to the next page. Shared by the embed, the public page and
 * the studio's preview (which alone ever shows drafts, marked as such).
 * Every value from storage goes through `html` (escaped) or `safeHref` (http(s) only).
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { COMMITMENT_STATUSES, type CommitmentStatus } from "../../domain/commitments";
import { formatYear, mustParseDate, parseDate } from "../../domain/dates";
import { type CommitmentJson, commitmentJson, type Entry } from "../../domain/entry";
import { formatAmount, formatEntryDate, formatPeriod, formatProgress, textDirection } from "../../domain/format";
import type { Timeline } from "../../domain/timeline";
import { fallbackChain, localize, sameLanguage, type TextField, type TextOrigin } from "../../domain/translations";
import { fill, type Language } from "../../i18n";
import { MEDIA_FILE } from "../media";
import { canonicalSearch } from "../canonical";
import { type Theme, VIEW_KEYS } from "./options";
import { EXTERNAL, paragraphs, safeHref } from "./text";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const FILTER_KEYS = ["kind", "status", "tag", "actor", "from", "to", "q"] as const;

export interface TimelineView {
  timeline: Timeline;
  /** The page's entries, their text in the language asked for where a translation has it. */
  entries: Entry[];
  /** Where each entry's text comes from, by entry id (absent: all of it is the source's). */
  origins: Map<string, TextOrigin>;
  /**
   * Whether text left in the source language is marked "original": when the timeline is
   * published in the language asked for, so a reader expects it translated.
   */
  marksOriginal: boolean;
  lang: Language;
  theme: Theme;
  order: "asc" | "desc";
  /** Sort key (start ms) of the entry before this page; null on the first page. */
  afterMs: number | null;
  nextCursor: string | null;
  counts: Map<CommitmentStatus, number>;
  nowMs: number;
  /** Path of this view: `/embed/{slug}` or `/t/{slug}`. */
  path: string;
  /** The request's query parameters (already validated). */
  params: URLSearchParams;
  /**
   * The full page, for an embed's title link; null on the page itself, where entry titles link to
   * their own anchor instead (a permalink a reader can copy; inside an iframe nobody can).
   */
  pageLink: string | null;
}

/**
 * The entries of a view read in `lang` (each field from its translation where one has it) and
 * where their text comes from; whether untranslated text is marked "original" (the timeline is
 * published in a language of the reader's fallback chain).
 */
export function localizedView(
  entries: Entry[],
  lang: string | null | undefined,
  timeline: Pick<Timeline, "language" | "languages">,
): Pick<TimelineView, "entries" | "origins" | "marksOriginal"> {
  const chain = fallbackChain(lang, timeline.language);
  const shown = entries.map((entry) => localize(entry, chain));
  return {
    entries: shown.map((s) => s.entry),
    origins: new Map(shown.map((s) => [s.entry.id, s.origin])),
    marksOriginal: chain.slice(0, -1).some((tag) => timeline.languages.some((l) => sameLanguage(l, tag))),
  };
}

/** A link to this view with some parameters changed (`null` removes one), in the canonical spelling (no redirect). */
export function viewHref(view: Pick<TimelineView, "path" | "params">, changes: Record<string, string | null>, keep: readonly string[] = VIEW_KEYS): string {
  const next: Record<string, string | null> = {};
  for (const key of keep) next[key] = view.params.get(key);
  Object.assign(next, changes);
  const query = canonicalSearch(next);
  return query ? `${view.path}?${query}` : view.path;
}

/** The value of a `<time datetime>` for a timeline date, when HTML can express it (years 1–9999). */
export function htmlDatetime(text: string): string | null {
  const parsed = parseDate(text);
  if (!parsed.ok || parsed.date.year < 1 || parsed.date.year > 9999) return null;
  return parsed.date.text;
}

function time(date: string, label: string): Html {
  const datetime = htmlDatetime(date);
  return datetime ? html`<time datetime="${datetime}">${label}</time>` : html`<time>${label}</time>`;
}

/** Where the "today" marker goes among `keys` (start ms in page order), or null when not on this page. */
export function todayIndex(keys: number[], nowMs: number, order: "asc" | "desc", afterMs: number | null, more: boolean): number | null {
  if (keys.length === 0) return null;
  const passed = (k: number) => (order === "asc" ? k > nowMs : k <= nowMs);
  let index = keys.findIndex(passed);
  if (index === -1) return more ? null : keys.length;
  if (index === 0 && afterMs !== null && passed(afterMs)) return null;
  return index;
}

function yearOf(ms: number, timeZone: string): number {
  const part = new Intl.DateTimeFormat("en", { timeZone, year: "numeric", era: "short" })
    .formatToParts(new Date(ms));
  const year = Number(part.find((p) => p.type === "year")?.value);
  return part.find((p) => p.type === "era")?.value.startsWith("B") ? 1 - year : year;
}

/**
 * `lang` and `dir` for text written in another language than the reader's interface (German
 * entries in an Arabic widget stay left-to-right German); empty when they agree.
 */
export function languageAttributes(written: string, view: Pick<TimelineView, "lang">): Html | "" {
  if (sameLanguage(written, view.lang.locale)) return "";
  return html` lang="${written}" dir="${textDirection(written)}"`;
}

function progressBar(share: number, label: string, locale: string): Html {
  return html`<progress max="1" value="${String(Math.round(Math.min(Math.max(share, 0), 1) * 1000) / 1000)}" aria-label="${label}"></progress> ${formatProgress(share, locale)} · `;
}

/** `amount` and `delivered` of a commitment without tranches, as before the ledger. */
function legacyFigures(c: CommitmentJson, view: TimelineView): Html | "" {
  const { locale, words } = view.lang;
  const pledged = c.amount ? formatAmount(c.amount, locale) : null;
  const delivered = c.delivered ? formatAmount(c.delivered, locale) : null;
  if (!delivered) return pledged ? html` · ${words.pledged}: ${pledged}` : "";
  return html`<br>${c.progress !== null ? progressBar(c.progress, words.progress, locale) : ""}${pledged ? fill(words.delivered, { delivered, pledged }) : delivered}`;
}

/**
 * Per currency or unit: a progress bar of delivered over committed; then the tranches, folded,
 * each note in the language it is written in (`noteLanguages`, by position; see `TextOrigin`).
 */
function trancheFigures(c: CommitmentJson, view: TimelineView, noteLanguages: readonly (string | null)[] = []): Html {
  const { locale, words } = view.lang;
  const lines = c.totals.map((t) => {
    const amount = (value: number) => formatAmount({ value, currency: t.currency }, locale);
    const text =
      t.committed > 0
        ? fill(words.delivered, { delivered: amount(t.delivered), pledged: amount(t.committed) })
        : `${words.ledger.phases.delivered}: ${amount(t.delivered)}`;
    const allocated = t.allocated > 0 ? html` · ${words.ledger.phases.allocated}: ${amount(t.allocated)}` : "";
    return html`<br>${t.progress !== null ? progressBar(t.progress, `${words.progress} (${t.currency})`, locale) : ""}${text}${allocated}`;
  });
  const note = (text: string, written: string | null | undefined) => {
    const attributes = languageAttributes(written ?? view.timeline.language, view);
    return attributes ? html` · <span${attributes}>${text}</span>` : html` · ${text}`;
  };
  const items = c.tranches.map(
    (t, i) =>
      html`<li>${time(t.date, formatEntryDate(t.date, { locale }))} · ${words.ledger.phases[t.phase]}: ${formatAmount(t.amount, locale)}${
        t.made_by ? html` · <bdi>${t.made_by}</bdi>` : ""
      }${t.note ? note(t.note, noteLanguages[i]) : ""}${t.source && safeHref(t.source.url) ? html` · <a href="${t.source.url}" ${EXTERNAL}>${t.source.title}</a>` : ""}</li>`,
  );
  return html`${lines}<details><summary>${words.ledger.tranches} (${String(c.tranches.length)})</summary><ul class="tr">${items}</ul></details>`;
}

/** `lang` and `dir` for text in the timeline's own language (its title and description). */
export function contentAttributes(view: Pick<TimelineView, "lang" | "timeline">): Html | "" {
  return languageAttributes(view.timeline.language, view);
}

/**
 * Whether the entry's media is an image this service stores (uploaded, with its size known): only
 * those are shown inline, lazily and with their size reserved; any other media stays a link, so
 * the widget never loads anything from a third party.
 */
export function hasImage(entry: Pick<Entry, "media">): boolean {
  const m = entry.media;
  if (!m || m.width === null || m.height === null || !safeHref(m.url)) return false;
  const path = new URL(m.url).pathname;
  return path.startsWith("/media/") && MEDIA_FILE.test(path.slice("/media/".length));
}

function entryItem(entry: Entry, view: TimelineView): Html {
  const { lang, timeline, nowMs } = view;
  const { locale, words } = lang;
  const origin = view.origins.get(entry.id);
  const writtenIn = (field: TextField) => languageAttributes(origin?.languages[field] ?? timeline.language, view);
  const original =
    view.marksOriginal && (["title", "body"] as const).some((f) => entry[f] !== null && sameLanguage(origin?.languages[f] ?? timeline.language, timeline.language));
  const c = entry.commitment ? commitmentJson(entry.commitment, { timeZone: timeline.time_zone, nowMs }) : null;
  const id = `entry-${entry.id}`;
  const when = formatPeriod(entry.start, entry.end, {
    locale,
    qualifier: entry.date_qualifier,
    qualifiers: words.qualifiers,
    display: entry.display_date,
  });
  const place = writtenIn("location");
  const meta: [string, string, Html | ""][] = [];
  if (entry.actors.length) meta.push([words.actors, entry.actors.join(", "), ""]);
  if (c?.made_by.length) meta.push([words.by, c.made_by.join(", "), ""]);
  if (c?.beneficiary) meta.push([words.for, c.beneficiary, ""]);
  if (entry.location) meta.push([words.location, entry.location, place]);
  if (entry.tags.length) meta.push([words.tags, entry.tags.join(", "), ""]);
  const sources = entry.sources.filter((s) => safeHref(s.url));
  const media = entry.media && safeHref(entry.media.url) ? entry.media : null;
  const image = hasImage(entry) ? entry.media! : null;

  let commitment: Html | "" = "";
  if (c) {
    const head = html`<span class="st s-${c.status}">${words.status[c.status]}</span>${c.overdue ? html` <strong class="od">${words.overdue}</strong>` : ""}${
      c.due ? html` · ${words.due}: ${time(c.due, formatEntryDate(c.due, { locale }))}` : ""
    }${c.reason ? html`<br>${words.ledger.reason}: ${c.reason}` : ""}`;
    commitment = html`<div class="cm">${head}${c.tranches.length ? trancheFigures(c, view, origin?.notes.tranche_notes) : legacyFigures(c, view)}</div>`;
  }

  const bodyLang = writtenIn("body");
  const dateLang = entry.display_date ? writtenIn("display_date") : "";
  return html`<li id="${id}"${c ? html` class="c"` : ""}><p>${dateLang ? html`<span${dateLang}>${time(entry.start, when)}</span>` : time(entry.start, when)}${
    c ? html`<span class="k">${words.commitment}</span>` : ""
  }${entry.draft ? html`<span class="k">${words.draft}</span>` : ""}${
    original ? html`<small class="og" title="${words.originalNote}">${words.original}</small>` : ""
  }</p><h3${writtenIn("title")}>${view.pageLink ? entry.title : html`<a href="#${id}">${entry.title}</a>`}</h3>${
    image
      ? html`<figure class="im"><img src="${image.url}" alt="${image.alt ?? ""}" width="${String(image.width)}" height="${String(image.height)}" loading="lazy" decoding="async">${
          image.credit ? html`<figcaption><bdi>${image.credit}</bdi></figcaption>` : ""
        }</figure>`
      : ""
  }${
    bodyLang && entry.body ? html`<div${bodyLang}>${paragraphs(entry.body)}</div>` : paragraphs(entry.body)
  }${commitment}${
    meta.length ? html`<dl class="m">${meta.map(([k, v, attrs]) => html`<dt>${k}</dt><dd${attrs}>${v}</dd>`)}</dl>` : ""
  }${
    media && !image ? html`<p class="src">${words.media}: <a href="${media.url}" ${EXTERNAL}>${media.alt || media.url}</a>${media.credit ? html` <bdi>(${media.credit})</bdi>` : ""}</p>` : ""
  }${
    sources.length
      ? html`<p class="src">${words.sources}: ${sources.map(
          (s, i) => html`${i ? ", " : ""}<a href="${s.url}" ${EXTERNAL}>${s.title}</a>${s.publisher ? html` <bdi>(${s.publisher})</bdi>` : ""}`,
        )}</p>`
      : ""
  }</li>`;
}

function todayItem(view: TimelineView): Html {
  const today = new Date(view.nowMs);
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: view.timeline.time_zone }).format(today);
  const label = new Intl.DateTimeFormat(view.lang.locale, { dateStyle: "long", timeZone: view.timeline.time_zone }).format(today);
  return html`<li class="now"><time datetime="${iso}">${view.lang.words.today}, ${label}</time></li>`;
}

/** The entries of this page grouped by year (`<section><h2><ol>`), with the today marker. */
export function entryList(view: TimelineView): Html {
  const keys = view.entries.map((e) => mustParseDate(e.start).startMs);
  const marker = todayIndex(keys, view.nowMs, view.order, view.afterMs, view.nextCursor !== null);
  const items: { year: number; item: Html }[] = view.entries.map((e) => ({
    year: mustParseDate(e.start).year,
    item: entryItem(e, view),
  }));
  if (marker !== null) items.splice(marker, 0, { year: yearOf(view.nowMs, view.timeline.time_zone), item: todayItem(view) });
  const groups: { year: number; items: Html[] }[] = [];
  for (const { year, item } of items) {
    const group = groups.at(-1);
    if (group && group.year === year) group.items.push(item);
    else groups.push({ year, items: [item] });
  }
  return html`<div data-list>${groups.map(
    (g) => html`<section><h2>${formatEntryDate(formatYear(g.year), { locale: view.lang.locale })}</h2><ol>${g.items}</ol></section>`,
  )}</div>`;
}

/** Commitments counted by status, each a link that filters by it. */
export function summary(view: TimelineView): Html | "" {
  const total = [...view.counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return "";
  const { words } = view.lang;
  const active = view.params.get("status");
  const statuses = COMMITMENT_STATUSES.filter((s) => (view.counts.get(s) ?? 0) > 0);
  return html`<p class="sum"><span>${words.commitments} (${String(total)}):</span>${statuses.map(
    (s) =>
      html` <a class="st s-${s}" href="${viewHref(view, { status: s, kind: null })}"${active === s ? html` aria-current="true"` : ""}>${String(
        view.counts.get(s),
      )} ${words.status[s]}</a>`,
  )}</p>`;
}

function filterNote(view: TimelineView): Html | "" {
  if (!FILTER_KEYS.some((k) => view.params.has(k))) return "";
  return html`<p class="flt">${view.lang.words.filtered} · <a href="${viewHref(view, {}, ["lang", "theme", "order", "limit"])}">${view.lang.words.all}</a></p>`;
}

/** Everything below the title: summary, filter note, the list (or "none") and the "more" link. */
export function timelineBody(view: TimelineView): Html {
  const { words } = view.lang;
  return html`<div data-body>${summary(view)}${filterNote(view)}${view.entries.length ? entryList(view) : html`<p>${words.none}</p>`}${
    view.nextCursor ? html`<p><a class="more" rel="next" href="${viewHref(view, { cursor: view.nextCursor })}">${words.more}</a></p>` : ""
  }</div>${liveRegion(view.lang)}`;
}

/**
 * Where the widget script politely announces what a refresh brought ("2 new entries"); it carries
 * the words, so the script needs no dictionary. Empty, and silent, without JavaScript.
 */
export function liveRegion(lang: Language): Html {
  const { words } = lang;
  return html`<p class="vh" role="status" aria-live="polite" data-announce data-new="${words.new}" data-one="${words.newEntries.one}" data-other="${words.newEntries.other}" data-upd="${words.updated}"></p>`;
}

/** Text of a timeline title heading, linked to the full page when the view is an embed. */
export function titleHeading(view: TimelineView): Html {
  const title = view.timeline.title;
  const content = contentAttributes(view);
  return view.pageLink
    ? html`<h1${content}><a href="${view.pageLink}" target="_blank" title="${view.lang.words.openPage}">${title}</a></h1>`
    : html`<h1${content}>${title}</h1>`;
}
