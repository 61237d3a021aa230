/**
 * `GET /embed/{slug}`: the embeddable widget, server-rendered, framable only by the timeline's
 * `embed_origins` (any site when empty), read through the edge cache like every public read.
 * Errors become readable pages in widget/index.ts's onError.
 */
import { html } from "hono/html";
import { timelineRead } from "../http/cache";
import { embedUrl, pageUrl } from "../http/links";
import { publicOrigin } from "../http/origin";
import type { RouteHandler } from "../http/route";
import { frameAncestors, htmlDocument, setEmbedHeaders } from "./document";
import { hasImage, timelineBody, titleHeading } from "../http/html/render";
import { loadScorecard } from "../http/scorecard";
import { language } from "../i18n";
import { scorecardBody, scorecardHeading } from "./scorecard";
import type * as routes from "./routes";
import { loadView, widgetRequest } from "../http/html/view";
import { publicTimeline, readScope } from "./view";

/** Renders the widget for `/embed/{slug}`. */
export const embed: RouteHandler<typeof routes.embed> = async (c, { params, query }) => {
  const { slug } = params;
  const request = await widgetRequest(c, query);
  const timeline = await publicTimeline(c, slug);
  const ancestors = frameAncestors(timeline.embed_origins);
  const res = await timelineRead(c, timeline, async () => {
    const page = pageUrl(publicOrigin(c), slug);
    if (query.view === "scorecard") {
      const { card } = await loadScorecard(c.var.db, timeline, query, c.var.now.getTime());
      const lang = language(query.lang, timeline.language);
      const body = html`<header>${scorecardHeading(timeline, lang, page)}</header>${scorecardBody({ card, lang, maker: query.maker ?? null })}`;
      const head = html`<link rel="canonical" href="${page}">`;
      return c.html(htmlDocument({ lang, theme: query.theme, title: timeline.title, head, body }));
    }
    const view = await loadView(c, timeline, request, { path: embedUrl("", slug), pageLink: page });
    const body = html`<header>${titleHeading(view)}</header>${timelineBody(view)}`;
    const head = html`<link rel="canonical" href="${page}">`;
    return c.html(htmlDocument({ lang: view.lang, theme: view.theme, title: timeline.title, head, body, images: view.entries.some(hasImage), timeline }));
  }, readScope(query.lang, timeline));
  return setEmbedHeaders(res, ancestors);
};
