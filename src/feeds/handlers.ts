/** Feed handlers: thin; the formats live in their own pure modules. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { encodeCursor, toListRequest } from "../http/schemas/entry-query";
import { collectEntries } from "../db/transfer";
import type { Entry } from "../domain/entry";
import { LIMITS } from "../domain/limits";
import type { Timeline } from "../domain/timeline";
import { timelineRead } from "../http/cache";
import { publicOrigin } from "../http/origin";
import type { RouteHandler } from "../http/route";
import { readableTimeline } from "../http/timeline-access";
import { ATOM_TYPE, renderAtom } from "./atom";
import { CSV_TYPE, renderCsv } from "./csv";
import { ICAL_TYPE, renderICal } from "./ical";
import { JSON_FEED_TYPE, renderJsonFeed } from "./jsonfeed";
import type * as routes from "./routes";
import { FULL_FEED_MAX, type FeedQueryInput, NEWS_FEED_MAX } from "./routes";
import type { FeedContext } from "./text";
import { renderTimelineJs } from "./timelinejs";

interface FeedFormat {
  contentType: string;
  order: "asc" | "desc";
  /** Entries when the request names no `limit`. */
  max: number;
  render(timeline: Timeline, entries: Entry[], ctx: FeedContext): string;
  headers?(timeline: Timeline): Record<string, string>;
}

/** Serves one feed of a timeline: filters and cursor as the entries list, through the edge cache. */
async function serveFeed(
  c: Context<AppEnv>,
  input: { params: { slug: string }; query: FeedQueryInput },
  format: FeedFormat,
): Promise<Response> {
  const order = input.query.order ?? format.order;
  const max = input.query.limit ?? format.max;
  const { filter, page } = toListRequest({ ...input.query, order, limit: Math.min(max, LIMITS.pageSize) });
  const timeline = await readableTimeline(c, input.params.slug);
  return timelineRead(
    c,
    timeline,
    async () => {
      const { entries, next } = await collectEntries(c.var.db, timeline.id, filter, { order, max, after: page.after });
      const origin = publicOrigin(c);
      const url = new URL(c.req.url);
      const selfUrl = `${origin}${url.pathname}${url.search}`;
      let nextUrl: string | null = null;
      if (next) {
        const following = new URL(selfUrl);
        following.searchParams.set("cursor", encodeCursor(order, next));
        nextUrl = following.toString();
      }
      const body = format.render(timeline, entries, { origin, selfUrl, nextUrl, nowMs: c.var.now.getTime() });
      return new Response(body, {
        status: 200,
        headers: {
          "Content-Type": format.contentType,
          ...(nextUrl ? { Link: `<${nextUrl}>; rel="next"` } : {}),
          ...format.headers?.(timeline),
        },
      });
    },
    { cors: true },
  );
}

const feed =
  (format: FeedFormat): RouteHandler<typeof routes.jsonFeed> =>
  (c, input) =>
    serveFeed(c, input, format);

export const jsonFeed = feed({
  contentType: JSON_FEED_TYPE,
  order: "desc",
  max: NEWS_FEED_MAX,
  render: (t, e, ctx) => JSON.stringify(renderJsonFeed(t, e, ctx)),
});

export const atomFeed = feed({ contentType: ATOM_TYPE, order: "desc", max: NEWS_FEED_MAX, render: renderAtom });

export const calendar = feed({
  contentType: ICAL_TYPE,
  order: "asc",
  max: FULL_FEED_MAX,
  render: renderICal,
  headers: (t) => ({ "Content-Disposition": `inline; filename="${t.slug}.ics"` }),
});

export const timelineJs = feed({
  contentType: "application/json; charset=utf-8",
  order: "asc",
  max: FULL_FEED_MAX,
  render: (t, e, ctx) => JSON.stringify(renderTimelineJs(t, e, ctx)),
});

export const csv = feed({
  contentType: CSV_TYPE,
  order: "asc",
  max: FULL_FEED_MAX,
  render: renderCsv,
  headers: (t) => ({ "Content-Disposition": `attachment; filename="${t.slug}.csv"` }),
});
