/**
 * `GET /embed/{slug}`: the embeddable widget, server-rendered, framable only by the timeline's
 * `embed_origins` (any site when empty), read through the edge cache like every public read.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env";
import { timelineRead } from "../http/cache";
import { pageUrl } from "../http/links";
import { publicOrigin } from "../http/origin";
import { Problem } from "../http/problem";
import { errorPage, frameAncestors, htmlDocument, setEmbedHeaders } from "./document";
import { timelineBody, titleHeading } from "./render";
import { loadView, parseWidgetQuery, publicTimeline } from "./view";

/**
 * Renders the widget for `/embed/{slug}`; a bad query or an unknown timeline gets a readable page
 * (problem+json when asked for JSON) that the host's iframe can show.
 * @example app.get("/embed/:slug", embed)
 */
export async function embed(c: Context<AppEnv>): Promise<Response> {
  const slug = c.req.param("slug") ?? "";
  try {
    const request = parseWidgetQuery(c);
    const timeline = await publicTimeline(c, slug);
    const ancestors = frameAncestors(timeline.embed_origins);
    const res = await timelineRead(c, timeline, async () => {
      const view = await loadView(c, timeline, request, {
        path: `/embed/${slug}`,
        pageLink: pageUrl(publicOrigin(c), slug),
      });
      const body = html`<header>${titleHeading(view)}</header>${timelineBody(view)}`;
      const head = html`<link rel="canonical" href="${pageUrl(publicOrigin(c), slug)}">`;
      return c.html(htmlDocument({ lang: view.lang, theme: request.query.theme, title: timeline.title, head, body, timeline }));
    });
    return setEmbedHeaders(res, ancestors);
  } catch (err) {
    if (err instanceof Problem) return errorPage(c, err, { embed: true });
    throw err;
  }
}
