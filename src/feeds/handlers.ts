/** Feed, export and import handlers: thin; the formats live in their own pure modules. */
import type { Context } from "hono";
import { uuidv7 } from "../domain/ids";
import type { AppEnv } from "../app";
import { EntryId } from "../api/schemas/common";
import { encodeCursor, toListRequest } from "../api/schemas/entry-query";
import { entryWrites, findEntriesByIds } from "../db/entries";
import { collectEntries, findEntriesByExternalIds } from "../db/transfer";
import type { Entry } from "../domain/entry";
import { LIMITS } from "../domain/limits";
import type { Timeline } from "../domain/timeline";
import { authorize } from "../http/auth";
import { commitEntryWrite } from "../http/announce";
import { PRIVATE_CACHE_CONTROL, timelineRead } from "../http/cache";
import { publicOrigin } from "../http/origin";
import { Problem } from "../http/problem";
import type { RouteHandler } from "../http/route";
import { readableTimeline, writableTimeline } from "../http/timeline-access";
import { ATOM_TYPE, renderAtom } from "./atom";
import { CSV_TYPE, renderCsv } from "./csv";
import { exportDocument } from "./export";
import { ICAL_TYPE, renderICal } from "./ical";
import { type ExistingEntries, planImport } from "./import/plan";
import { decodeUtf8, readImport } from "./import/read";
import type { ImportReport, ImportRow } from "./import/types";
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

export const exportTimeline: RouteHandler<typeof routes.exportTimeline> = async (c, { params }) => {
  await authorize(c, "timeline:export", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const { entries } = await collectEntries(c.var.db, timeline.id, {}, { order: "asc", max: Number.POSITIVE_INFINITY });
  return c.json(exportDocument(timeline, entries, c.var.now.toISOString()), 200, {
    "Cache-Control": PRIVATE_CACHE_CONTROL,
    "Content-Disposition": `attachment; filename="${timeline.slug}.edge-timeline.json"`,
  });
};

/** 422: the import was read, some rows were rejected, and nothing was written. */
function importRejected(report: ImportReport): Problem {
  const errors = report.items.flatMap((item) => item.errors ?? []);
  const first = errors[0];
  const total = report.items.length;
  return new Problem(
    "import-rejected",
    `${report.rejected} of ${total} rows ${report.rejected === 1 ? "was" : "were"} rejected, so nothing was written` +
      (first ? ` (first: ${first.pointer} ${first.detail}).` : "."),
    { errors: errors.slice(0, 100), extensions: { report } },
  );
}

/** The stored entries an import's rows may name, by id (any timeline) and by external id (this one). */
async function existingEntries(c: Context<AppEnv>, timelineId: number, rows: ImportRow[]): Promise<ExistingEntries> {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  for (const row of rows) {
    if (row.id) ids.add(row.id);
    if (row.ownId && EntryId.safeParse(row.ownId).success) ids.add(row.ownId);
    if (row.externalId) externalIds.add(row.externalId);
  }
  const [byId, byExternal] = await Promise.all([
    findEntriesByIds(c.var.db, [...ids]),
    findEntriesByExternalIds(c.var.db, timelineId, [...externalIds]),
  ]);
  return {
    byId: new Map(byId.map((found) => [found.entry.id, found])),
    byExternalId: new Map(byExternal.map((e) => [e.external_id!, e])),
  };
}

export const importEntries: RouteHandler<typeof routes.importEntries> = async (c, { params, query }) => {
  const who = await authorize(c, "entry:write", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const contentType = c.req.header("Content-Type") ?? "";
  const body = decodeUtf8(await c.req.arrayBuffer(), contentType);
  const doc = await readImport(contentType, body, timeline.time_zone);
  const existing = await existingEntries(c, timeline.id, doc.rows);
  const now = c.var.now.toISOString();
  const plan = planImport(doc.rows, existing, timeline.id, { now, newId: uuidv7 });
  const report: ImportReport = { format: doc.format, dry_run: query.dry_run, applied: false, ...plan.report, notes: doc.notes };
  if (report.rejected > 0) throw importRejected(report);
  if (!query.dry_run && plan.changes.length > 0) {
    await commitEntryWrite(c, timeline, entryWrites(c.var.db, timeline.id, plan.changes, { tokenId: who.id, now }), plan.changes);
    report.applied = true;
  }
  return c.json(report, 200, { "Cache-Control": "no-store" });
};
