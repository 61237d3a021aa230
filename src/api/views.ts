/** Published JSON of timelines and entries, with links to every way of reading them. */
import { type EntryJson, entryJson, type Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { timelineLinks } from "../http/links";

export interface TimelineJson extends Omit<Timeline, "id" | "deleted_at"> {
  deleted_at?: string;
  links: Record<string, string>;
}

export function timelineJson(t: Timeline, origin: string): TimelineJson {
  const { id: _internal, deleted_at, ...rest } = t;
  return { ...rest, ...(deleted_at ? { deleted_at } : {}), links: timelineLinks(origin, t.slug) };
}

export function entriesJson(entries: Entry[], t: Timeline, nowMs: number): EntryJson[] {
  const ctx = { slug: t.slug, timeZone: t.time_zone, nowMs };
  return entries.map((e) => entryJson(e, ctx));
}
