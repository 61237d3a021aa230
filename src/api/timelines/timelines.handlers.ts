/** Timeline handlers: thin; rules live in domain/, storage in db/. */
import type { AppEnv } from "../../env";
import type { RouteHandler } from "../../http/route";
import { findTimeline, insertTimeline, listPublicTimelines, updateTimeline as storeTimelineUpdate } from "../../db/timelines";
import { announceTimelineChange } from "../../http/announce";
import { authorize } from "../../http/auth";
import { bodyEtag, LIST_CACHE_CONTROL, notModifiedFor, purgeTimeline, timelineRead } from "../../http/cache";
import { decodeTimelineCursor, encodeTimelineCursor } from "../../http/schemas/timeline";
import { publicOrigin } from "../../http/origin";
import { Problem } from "../../http/problem";
import { readableTimeline, timelineNotFound } from "../../http/timeline-access";
import { timelineJson } from "../views";
import type * as routes from "./timelines.routes";


export const listTimelines: RouteHandler<typeof routes.listTimelines> = async (c, input) => {
  const { limit, cursor } = input.query;
  const page = await listPublicTimelines(c.var.db, decodeTimelineCursor(cursor), limit);
  const origin = publicOrigin(c);
  const items = page.timelines.map((t) => timelineJson(t, origin));
  const last = page.timelines.at(-1);
  const body = JSON.stringify({ items, next_cursor: page.more && last ? encodeTimelineCursor(last.id) : null });
  // The list spans timelines, so no single revision names it; its body is small enough to fingerprint.
  const headers = { ETag: bodyEtag("l", body), "Cache-Control": LIST_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" };
  return notModifiedFor(c, headers) ?? c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
};

export const getTimeline: RouteHandler<typeof routes.getTimeline> = async (c, input) => {
  const timeline = await readableTimeline(c, input.params.slug);
  return timelineRead(c, timeline, async () => c.json(timelineJson(timeline, publicOrigin(c))), { cors: true });
};

export const createTimeline: RouteHandler<typeof routes.createTimeline> = async (c, input) => {
  const body = input.body;
  await authorize(c, "timeline:create", body.slug);
  const created = await insertTimeline(c.var.db, body, c.var.now.toISOString());
  if (!created) {
    const existing = await findTimeline(c.var.db, body.slug);
    throw new Problem(
      "conflict",
      existing?.deleted_at
        ? `A deleted timeline holds the slug "${body.slug}"; restore it with POST /v1/timelines/${body.slug}/restore.`
        : `The slug "${body.slug}" is taken.`,
    );
  }
  const origin = publicOrigin(c);
  return c.json(timelineJson(created, origin), 201, { Location: `${origin}/v1/timelines/${created.slug}` });
};

export const updateTimeline: RouteHandler<typeof routes.updateTimeline> = async (c, input) => {
  const { slug } = input.params;
  await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  const updated = await storeTimelineUpdate(c.var.db, timeline.id, input.body, c.var.now.toISOString());
  await purgeTimeline(c, slug);
  await announceTimelineChange(c, timeline, updated);
  return c.json(timelineJson(updated, publicOrigin(c)), 200);
};

export const deleteTimeline: RouteHandler<typeof routes.deleteTimeline> = async (c, input) => {
  const { slug } = input.params;
  await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  const now = c.var.now.toISOString();
  const deleted = await storeTimelineUpdate(c.var.db, timeline.id, { deleted_at: now }, now);
  await purgeTimeline(c, slug);
  await announceTimelineChange(c, timeline, deleted);
  return c.body(null, 204);
};

export const restoreTimeline: RouteHandler<typeof routes.restoreTimeline> = async (c, input) => {
  const { slug } = input.params;
  await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline) throw timelineNotFound(slug);
  const restored = timeline.deleted_at
    ? await storeTimelineUpdate(c.var.db, timeline.id, { deleted_at: null }, c.var.now.toISOString())
    : timeline;
  await purgeTimeline(c, slug);
  if (restored !== timeline) await announceTimelineChange(c, timeline, restored);
  return c.json(timelineJson(restored, publicOrigin(c)), 200);
};
