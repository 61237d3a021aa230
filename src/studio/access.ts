/**
 * What a session may see and change: the timelines its token covers, nothing else. A timeline
 * outside the scope is reported as missing, so its existence does not leak.
 */
import type { Context } from "hono";
import { type Action, can } from "../domain/auth";
import type { Timeline } from "../domain/timeline";
import { findTimeline } from "../db/timelines";
import type { AppEnv } from "../env";
import { Problem } from "../http/problem";
import { signedIn } from "./guard";

export const notHere = () => new Problem("not-found", "There is no such timeline or entry here, or your token does not cover it.");
export const notAllowed = () => new Problem("forbidden", "Your token does not allow this.");

/**
 * The timeline `slug` if the session's token covers it (live, or deleted when `deleted` is set),
 * and may do `action` on it.
 * @example const timeline = await studioTimeline(c, slug, "entry:write");
 */
export async function studioTimeline(
  c: Context<AppEnv>,
  slug: string,
  action: Action = "timeline:read-private",
  options: { deleted?: boolean } = {},
): Promise<Timeline> {
  const who = await signedIn(c);
  if (!can(who, "timeline:read-private", slug)) throw notHere();
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || (timeline.deleted_at !== null) !== (options.deleted ?? false)) throw notHere();
  if (!can(who, action, slug)) throw notAllowed();
  return timeline;
}
