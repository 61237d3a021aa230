/**
 * Every write the studio makes, in one place and in the shape of the service's one write path
 * (http/write.ts): the same batch builders and cache purge the API's handlers use. When that
 * module lands, these three functions become imports of it.
 */
import type { Context } from "hono";
import { runBatch } from "../db/batch";
import { type EntryChange, entryWrites } from "../db/entries";
import { insertTimeline, type NewTimeline, type TimelineChanges, updateTimeline } from "../db/timelines";
import type { Timeline } from "../domain/timeline";
import type { AppEnv } from "../env";
import { purgeTimeline } from "../http/cache";

/** Stores entry changes of one timeline in one batch, then drops the timeline's cached reads. */
export async function writeEntries(
  c: Context<AppEnv>,
  timeline: Pick<Timeline, "id" | "slug">,
  changes: EntryChange[],
  options: { by: string },
): Promise<void> {
  if (changes.length === 0) return;
  const now = c.var.now.toISOString();
  await runBatch(c.var.db, entryWrites(c.var.db, timeline.id, changes, { tokenId: options.by, now }));
  await purgeTimeline(c, timeline.slug);
}

/** Creates a timeline; null when its slug is taken (live or deleted). */
export async function createTimelineWrite(c: Context<AppEnv>, fields: NewTimeline, _options: { by: string }): Promise<Timeline | null> {
  return insertTimeline(c.var.db, fields, c.var.now.toISOString());
}

/** Changes, deletes or restores a timeline, then drops its cached reads. */
export async function updateTimelineWrite(
  c: Context<AppEnv>,
  timeline: Pick<Timeline, "id" | "slug">,
  _action: "update" | "delete" | "restore",
  fields: TimelineChanges,
  _options: { by: string },
): Promise<Timeline> {
  const updated = await updateTimeline(c.var.db, timeline.id, fields, c.var.now.toISOString());
  await purgeTimeline(c, timeline.slug);
  return updated;
}
