/**
 * Every public URL the service builds for a timeline, in one place: the API resource and its
 * formats, the public page and its entry anchors, the widget, its loader and oEmbed.
 * `origin` is the public origin without a trailing slash (`publicOrigin(c)`), or "" for a
 * same-origin relative link.
 */

/** The timeline's API resource; every format hangs below it. */
export function apiUrl(origin: string, slug: string): string {
  return `${origin}/v1/timelines/${slug}`;
}

/** The public page of a timeline. */
export function pageUrl(origin: string, slug: string): string {
  return `${origin}/t/${slug}`;
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
 * The copy-paste snippet for a timeline (the landing page, the public page, the studio): a
 * placeholder the loader turns into a sized iframe.
 * @example embedSnippet("https://timeline.example", "g7-ukraine")
 * // <div data-timeline="g7-ukraine"></div><script async src="https://timeline.example/embed.js"></script>
 */
export function embedSnippet(origin: string, slug: string): string {
  return `<div data-timeline="${slug}"></div><script async src="${loaderUrl(origin)}"></script>`;
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
 * (JSON Feed, Atom, iCalendar), so feed readers and calendar apps find them from the page URL.
 * @example
 * feedLinks("https://timeline.example", "g7-ukraine", "G7")
 *   .map((l) => `<link rel="${l.rel}" type="${l.type}" href="${l.href}" title="${l.title}">`)
 */
export function feedLinks(origin: string, slug: string, title?: string): FeedLink[] {
  const links = timelineLinks(origin, slug);
  const name = (format: string) => (title ? `${title} (${format})` : format);
  return [
    { rel: "alternate", type: "application/feed+json", href: links.json_feed!, title: name("JSON Feed") },
    { rel: "alternate", type: "application/atom+xml", href: links.atom!, title: name("Atom") },
    { rel: "alternate", type: "text/calendar", href: links.ical!, title: name("iCalendar") },
  ];
}
