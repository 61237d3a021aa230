/**
 * One spelling per public read URL. The caches inside the Worker key a representation by its
 * validated, normalised query (never the raw query string), and a request that spells a public
 * read differently — unknown or tracking parameters, `limit=05`, another parameter order, an
 * empty `q=` — is answered with a small, cacheable redirect to the canonical URL, so the Workers
 * Cache in front (which keys on the full URL) holds one redirect per spelling, never a render.
 *
 * The canonical query holds the parameters the request named, each with its normalised value
 * (numbers without padding, dates and language tags in canonical form, text NFC and trimmed),
 * empty values left out, in the order of `QUERY_ORDER`.
 */

/**
 * The canonical order of query parameters: what the URL is about (oEmbed's `url` and sizes),
 * presentation (`lang`, `theme`), the entry filters as the contract lists them, then the page
 * (`order`, `limit`) and last the `cursor`. The loader script, the widget's links, feeds'
 * `next` links and oEmbed's iframe all write this order.
 */
export const QUERY_ORDER = [
  "url",
  "maxwidth",
  "maxheight",
  "format",
  "lang",
  "theme",
  "kind",
  "status",
  "tag",
  "actor",
  "from",
  "to",
  "q",
  "order",
  "limit",
  "cursor",
] as const;

const rank = (key: string) => {
  const at = (QUERY_ORDER as readonly string[]).indexOf(key);
  return at === -1 ? QUERY_ORDER.length : at;
};

/** A validated value as query text; null leaves the parameter out. */
function queryValue(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  return null;
}

/**
 * The canonical query string (without `?`) of validated values: `only` the named keys when
 * given, every key otherwise; empty values left out; in `QUERY_ORDER` (others after, by name).
 * @example canonicalSearch({ limit: 5, kind: "event" }) // "kind=event&limit=5"
 */
export function canonicalSearch(values: Record<string, unknown>, only?: Iterable<string>): string {
  const named = only ? new Set(only) : null;
  const pairs: [string, string][] = [];
  for (const [key, raw] of Object.entries(values)) {
    if (named && !named.has(key)) continue;
    const value = queryValue(raw);
    if (value !== null) pairs.push([key, value]);
  }
  pairs.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(pairs).toString();
}

/** Redirects are permanent for a URL (they depend on nothing but it): cached a day at every layer. */
export const REDIRECT_CACHE_CONTROL = "public, max-age=86400, s-maxage=86400";

/** A cacheable `301` to the canonical spelling of a public read URL. */
export function canonicalRedirect(path: string, search: string): Response {
  return new Response(null, {
    status: 301,
    headers: {
      Location: search ? `${path}?${search}` : path,
      "Cache-Control": REDIRECT_CACHE_CONTROL,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
