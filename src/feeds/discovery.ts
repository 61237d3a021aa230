/**
 * Feed autodiscovery: the `<link rel="alternate">` elements a timeline's HTML pages carry, so
 * feed readers and calendar apps find the feeds from the page URL.
 */

export interface FeedLink {
  rel: "alternate";
  type: string;
  href: string;
  title: string;
}

/**
 * The feeds a page of timeline `slug` should announce (JSON Feed, Atom, iCalendar).
 * @example
 * feedLinks("https://timeline.example", "g7-ukraine", "G7")
 *   .map((l) => `<link rel="${l.rel}" type="${l.type}" href="${l.href}" title="${l.title}">`)
 */
export function feedLinks(origin: string, slug: string, title?: string): FeedLink[] {
  const base = `${origin}/v1/timelines/${slug}`;
  const name = (format: string) => (title ? `${title} (${format})` : format);
  return [
    { rel: "alternate", type: "application/feed+json", href: `${base}/feed.json`, title: name("JSON Feed") },
    { rel: "alternate", type: "application/atom+xml", href: `${base}/feed.atom`, title: name("Atom") },
    { rel: "alternate", type: "text/calendar", href: `${base}/calendar.ics`, title: name("iCalendar") },
  ];
}
