/** Timeline handlers: thin; rules live in domain/, storage in db/. */
import type { AppEnv } from "../../env";
import type { RouteHandler } from "../../http/route";
import { findTimeline, listPublicTimelines } from "../../db/timelines";
import { authorize } from "../../http/auth";
import { bodyEtag, LIST_CACHE_CONTROL, LIST_CACHE_TAG, notModifiedFor, timelineRead } from "../../http/cache";
import { decodeTimelineCursor, encodeTimelineCursor } from "../../http/schemas/timeline";
import { publicOrigin } from "../../http/origin";
import { Problem } from "../../http/problem";
import { readableTimeline, timelineNotFound } from "../../http/timeline-access";
import { writeNewTimeline, writeTimelineChange } from "../../http/write";
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
  const headers = {
    ETag: bodyEtag("l", body),
    "Cache-Control": LIST_CACHE_CONTROL,
    "Cache-Tag": LIST_CACHE_TAG,
    "Access-Control-Allow-Origin": "*",
  };
  return notModifiedFor(c, headers) ?? c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
};

export const getTimeline: RouteHandler<typeof routes.getTimeline> = async (c, input) => {
  const timeline = await readableTimeline(c, input.params.slug);
  return timelineRead(c, timeline, async () => c.json(timelineJson(timeline, publicOrigin(c))), { cors: true });
};

export const createTimeline: RouteHandler<typeof routes.createTimeline> = async (c, input) => {
  const body = input.body;
  const who = await authorize(c, "timeline:create", body.slug);
  const created = await writeNewTimeline(c, body, { by: who.id });
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
  const who = await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  const updated = await writeTimelineChange(c, timeline, "update", input.body, { by: who.id });
  return c.json(timelineJson(updated, publicOrigin(c)), 200);
};

export const deleteTimeline: RouteHandler<typeof routes.deleteTimeline> = async (c, input) => {
  const { slug } = input.params;
  const who = await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  await writeTimelineChange(c, timeline, "delete", { deleted_at: c.var.now.toISOString() }, { by: who.id });
  return c.body(null, 204);
};

export const restoreTimeline: RouteHandler<typeof routes.restoreTimeline> = async (c, input) => {
  const { slug } = input.params;
  const who = await authorize(c, "timeline:manage", slug);
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline) throw timelineNotFound(slug);
  const restored = timeline.deleted_at ? await writeTimelineChange(c, timeline, "restore", { deleted_at: null }, { by: who.id }) : timeline;
  return c.json(timelineJson(restored, publicOrigin(c)), 200);
};
