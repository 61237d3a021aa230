/**
 * Every public URL the service builds for a timeline, in one place: the API resource and its
 * formats, the public page and its entry anchors, the widget, its loader and oEmbed.
 * `origin` is the public origin without a trailing slash (`publicOrigin(c)`), or "" for a
 * same-origin relative link.
 */
import { escapeMarkup } from "../domain/markup";

/** The timeline's API resource; every format hangs below it. */
export function apiUrl(origin: string, slug: string): string {
  return `${origin}/v1/timelines/${slug}`;
}

/** Which view of a timeline a page or widget shows: the list (the default) or the scorecard, perhaps of one maker. */
export interface ViewChoice {
  view?: "list" | "scorecard";
  maker?: string | null;
}

/** The query parameters of a view choice, in canonical order (the list view has none). */
function viewParams(choice: ViewChoice | undefined): [string, string][] {
  if (choice?.view !== "scorecard") return [];
  return [["view", "scorecard"], ...(choice.maker ? [["maker", choice.maker] as [string, string]] : [])];
}

/**
 * The public page of a timeline, in `lang` when given (the source language's page has none), in
 * the view `choice` names.
 * @example pageUrl("", "g7-ukraine", "en") // "/t/g7-ukraine?lang=en"
 * @example pageUrl("", "g7-ukraine", null, { view: "scorecard", maker: "USA" }) // "/t/g7-ukraine?view=scorecard&maker=USA"
 */
export function pageUrl(origin: string, slug: string, lang?: string | null, choice?: ViewChoice): string {
  const search = new URLSearchParams([...(lang ? [["lang", lang] as [string, string]] : []), ...viewParams(choice)]).toString();
  return `${origin}/t/${slug}${search ? `?${search}` : ""}`;
}

/**
 * The page of each published language (`languages`, the source language first: its page is the
 * plain one), as hreflang alternates list them, in the view `choice` names.
 * @example languagePages("", "g7", ["de", "en"]) // [["de", "/t/g7"], ["en", "/t/g7?lang=en"]]
 */
export function languagePages(origin: string, slug: string, languages: readonly string[], choice?: ViewChoice): [lang: string, url: string][] {
  return languages.map((lang, i) => [lang, pageUrl(origin, slug, i === 0 ? null : lang, choice)]);
}

/** The deep link to one entry on the public page. */
export function entryUrl(origin: string, slug: string, id: string): string {
  return `${pageUrl(origin, slug)}#entry-${id}`;
}

/**
 * The widget of a timeline, with the view's query parameters when given.
 * @example embedUrl("", "g7-ukraine", new URLSearchParams({ limit: "5" })) // "/embed/g7-ukraine?limit=5"
 */
export function embedUrl(origin: string, slug: string, params?: URLSearchParams): string {
  const query = params?.size ? `?${params}` : "";
  return `${origin}/embed/${slug}${query}`;
}

/** The loader script that turns `<div data-timeline>` placeholders into widgets. */
export function loaderUrl(origin: string): string {
  return `${origin}/embed.js`;
}

/**
 * The copy-paste snippet for a timeline (the landing page, the public page, the studio), in `lang`
 * and the view `choice` names when given: a placeholder the loader turns into a sized iframe.
 * @example embedSnippet("https://timeline.example", "g7-ukraine")
 * // <div data-timeline="g7-ukraine"></div><script async src="https://timeline.example/embed.js"></script>
 */
export function embedSnippet(origin: string, slug: string, lang?: string | null, choice?: ViewChoice): string {
  const view = viewParams(choice)
    .map(([key, value]) => ` data-${key}="${escapeMarkup(value)}"`)
    .join("");
  return `<div data-timeline="${slug}"${lang ? ` data-lang="${lang}"` : ""}${view}></div><script async src="${loaderUrl(origin)}"></script>`;
}

/** The oEmbed answer for one of our timeline URLs. */
export function oembedUrl(origin: string, url: string): string {
  return `${origin}/oembed?${new URLSearchParams({ url, format: "json" })}`;
}

/** The human-readable documentation of the API and its problem types. */
export function docsUrl(origin: string): string {
  return `${origin}/docs`;
}

/** Links to every way of reading a timeline, as the API's `links` object shows them. */
export function timelineLinks(origin: string, slug: string): Record<string, string> {
  const api = apiUrl(origin, slug);
  return {
    self: api,
    entries: `${api}/entries`,
    json_feed: `${api}/feed.json`,
    atom: `${api}/feed.atom`,
    ical: `${api}/calendar.ics`,
    timelinejs: `${api}/timelinejs.json`,
    csv: `${api}/entries.csv`,
    changes_json: `${api}/changes.json`,
    changes_atom: `${api}/changes.atom`,
    scorecard: `${api}/scorecard`,
    scorecard_csv: `${api}/scorecard.csv`,
    rates: `${api}/rates`,
    export: `${api}/export`,
    embed: embedUrl(origin, slug),
    page: pageUrl(origin, slug),
  };
}

export interface FeedLink {
  rel: "alternate";
  type: string;
  href: string;
  title: string;
}

/**
 * Feed autodiscovery: the feeds a page of timeline `slug` announces as `<link rel="alternate">`
 * (JSON Feed, Atom, iCalendar, and the changes feeds of its commitments), so feed readers and
 * calendar apps find them from the page URL.
 * @example
 * feedLinks("https://timeline.example", "g7-ukraine", "G7")
 *   .map((l) => `<link rel="${l.rel}" type="${l.type}" href="${l.href}" title="${l.title}">`)
 */
export function feedLinks(origin: string, slug: string, title?: string, lang?: string | null): FeedLink[] {
  const links = timelineLinks(origin, slug);
  const name = (format: string) => (title ? `${title} (${format})` : format);
  const inLang = (href: string) => (lang ? `${href}?lang=${encodeURIComponent(lang)}` : href);
  return [
    { rel: "alternate", type: "application/feed+json", href: inLang(links.json_feed!), title: name("JSON Feed") },
    { rel: "alternate", type: "application/atom+xml", href: inLang(links.atom!), title: name("Atom") },
    { rel: "alternate", type: "text/calendar", href: inLang(links.ical!), title: name("iCalendar") },
    { rel: "alternate", type: "application/feed+json", href: inLang(links.changes_json!), title: name("changes, JSON Feed") },
    { rel: "alternate", type: "application/atom+xml", href: inLang(links.changes_atom!), title: name("changes, Atom") },
  ];
}

/** Every downloadable form of a timeline's entries (the feeds and the whole-timeline formats), in `lang`. */
export function downloads(origin: string, slug: string, lang?: string | null): { name: string; type: string; href: string }[] {
  const links = timelineLinks(origin, slug);
  const inLang = (href: string) => (lang ? `${href}?lang=${encodeURIComponent(lang)}` : href);
  return [
    ...feedLinks(origin, slug, undefined, lang).map((l) => ({ name: l.title, type: l.type, href: l.href })),
    { name: "TimelineJS", type: "application/json", href: inLang(links.timelinejs!) },
    { name: "CSV", type: "text/csv", href: inLang(links.csv!) },
  ];
}
