/** Published JSON of timelines and entries, with links to every way of reading them. */
import { type EntryJson, entryJson, type Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";

export interface TimelineJson extends Omit<Timeline, "id" | "deleted_at"> {
  deleted_at?: string;
  links: Record<string, string>;
}

export function timelineLinks(origin: string, slug: string): Record<string, string> {
  const api = `${origin}/v1/timelines/${slug}`;
  return {
    self: api,
    entries: `${api}/entries`,
    json_feed: `${api}/feed.json`,
    atom: `${api}/feed.atom`,
    ical: `${api}/calendar.ics`,
    timelinejs: `${api}/timelinejs.json`,
    csv: `${api}/entries.csv`,
    export: `${api}/export`,
    embed: `${origin}/embed/${slug}`,
    page: `${origin}/t/${slug}`,
  };
}

export function timelineJson(t: Timeline, origin: string): TimelineJson {
  const { id: _internal, deleted_at, ...rest } = t;
  return { ...rest, ...(deleted_at ? { deleted_at } : {}), links: timelineLinks(origin, t.slug) };
}

export function entriesJson(entries: Entry[], t: Timeline, nowMs: number): EntryJson[] {
  const ctx = { slug: t.slug, timeZone: t.time_zone, nowMs };
  return entries.map((e) => entryJson(e, ctx));
}
