/**
 * `GET /oembed`: oEmbed 1.0 `rich` answers for `/t/{slug}` and `/embed/{slug}` URLs of this
 * service, so CMSs that speak oEmbed turn a pasted link into the widget.
 */
import { html } from "hono/html";
import { timelineRead } from "../http/cache";
import { canonicalSearch } from "../http/canonical";
import { embedUrl, loaderUrl } from "../http/links";
import { publicOrigin } from "../http/origin";
import { Problem } from "../http/problem";
import type { RouteHandler } from "../http/route";
import { EMBED_SANDBOX, VIEW_KEYS } from "../http/html/options";
import type * as routes from "./routes";
import { WidgetQuery } from "../http/html/view";
import { publicTimeline } from "./view";

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 600;
const CACHE_AGE = 3600;
const TIMELINE_PATH = /^\/(?:t|embed)\/([a-z0-9-]{1,64})\/?$/;

function notFound(url: string): Problem {
  return new Problem("not-found", `${url} is not the URL of a public timeline on this service.`);
}

/**
 * The view parameters of a timeline URL for the widget's iframe, spelled canonically (values
 * normalised as the widget validates them) so the iframe loads without a redirect; parameters
 * the widget would refuse stay as given, for it to explain.
 */
function viewParams(target: URL, lang: string | undefined): URLSearchParams {
  const given: Record<string, string> = {};
  for (const key of VIEW_KEYS) {
    const value = target.searchParams.get(key);
    if (value) given[key] = value;
  }
  // oEmbed's own `lang` chooses the widget's language over the URL's.
  if (lang) given.lang = lang;
  const valid = WidgetQuery.safeParse(given);
  return new URLSearchParams(canonicalSearch(valid.success ? valid.data : given, Object.keys(given)));
}

export const oembed: RouteHandler<typeof routes.oembed> = async (c, { query }) => {
  if (query.format === "xml") throw new Problem("not-implemented", "Only format=json is offered.");
  let target: URL;
  try {
    target = new URL(query.url);
  } catch {
    throw notFound(query.url);
  }
  const origin = publicOrigin(c);
  const ours = new Set([origin, new URL(c.req.url).origin]);
  const slug = TIMELINE_PATH.exec(target.pathname)?.[1];
  if (!ours.has(target.origin) || !slug) throw notFound(query.url);
  const timeline = await publicTimeline(c, slug).catch((err: unknown) => {
    throw err instanceof Problem ? notFound(query.url) : err;
  });

  return timelineRead(
    c,
    timeline,
    async () => {
      const width = Math.min(DEFAULT_WIDTH, query.maxwidth ?? DEFAULT_WIDTH);
      const height = Math.min(DEFAULT_HEIGHT, query.maxheight ?? DEFAULT_HEIGHT);
      const src = embedUrl(origin, slug, viewParams(target, query.lang));
      // A fixed maxheight is a promise about the size, so the self-sizing loader stays out then.
      const loader = query.maxheight === undefined ? html`<script async src="${loaderUrl(origin)}"></script>` : "";
      const snippet = await html`<iframe data-timeline-frame src="${src}" width="${String(width)}" height="${String(
        height,
      )}" title="${timeline.title}" loading="lazy" sandbox="${EMBED_SANDBOX}" style="border:0;max-width:100%"></iframe>${loader}`;
      return c.json({
        version: "1.0",
        type: "rich",
        title: timeline.title,
        html: String(snippet),
        width,
        height,
        provider_name: "edge-timeline",
        provider_url: `${origin}/`,
        cache_age: CACHE_AGE,
      });
    },
    { cors: true },
  );
};
