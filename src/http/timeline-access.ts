/** Finding the timeline a request names, and who may see it. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { can } from "../domain/auth";
import type { Timeline } from "../domain/timeline";
import { findTimeline } from "../db/timelines";
import { principal } from "./auth";
import { Problem } from "./problem";

export function timelineNotFound(slug: string): Problem {
  return new Problem("not-found", `There is no timeline "${slug}" (a private one needs a token that covers it).`);
}

/**
 * The live timeline `slug` if the request may read it. A private timeline the request may not
 * read is reported as missing, so its existence does not leak.
 */
export async function readableTimeline(c: Context<AppEnv>, slug: string): Promise<Timeline> {
  return ensureReadable(c, slug, await findTimeline(c.var.db, slug));
}

/** `timeline`, found under `slug`, if the request may read it; as `readableTimeline`. */
export async function ensureReadable(c: Context<AppEnv>, slug: string, timeline: Timeline | null): Promise<Timeline> {
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  if (timeline.visibility === "private" && !can(await principal(c), "timeline:read-private", slug)) {
    throw timelineNotFound(slug);
  }
  return timeline;
}

/** The live timeline `slug` for a write the caller is already authorized for. */
export async function writableTimeline(c: Context<AppEnv>, slug: string): Promise<Timeline> {
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at) throw timelineNotFound(slug);
  return timeline;
}

/**
 * Whether the request's token may edit the entries of `slug`, and so sees its drafts. Without a
 * token (or with one that is not valid: public reads ignore it) drafts stay hidden.
 */
export async function seesDrafts(c: Context<AppEnv>, slug: string): Promise<boolean> {
  if (!c.req.header("Authorization") && !c.get("principal")) return false;
  return can(await principal(c).catch(() => null), "entry:write", slug);
}
