/** Published JSON of timelines and entries, with links to every way of reading them. */
import { type EntryJson, entryJson, type Entry, type ViewContext } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { timelineLinks } from "../http/links";

export interface TimelineJson extends Omit<Timeline, "id" | "ledger_version" | "deleted_at"> {
  deleted_at?: string;
  links: Record<string, string>;
}

export function timelineJson(t: Timeline, origin: string): TimelineJson {
  const { id: _internal, ledger_version: _version, deleted_at, ...rest } = t;
  return { ...rest, ...(deleted_at ? { deleted_at } : {}), links: timelineLinks(origin, t.slug) };
}

/** Entries as published: in the source language with every translation, or in `lang`. */
export function entriesJson(entries: Entry[], t: Timeline, nowMs: number, lang?: string): EntryJson[] {
  const ctx = viewContext(t, nowMs, lang);
  return entries.map((e) => entryJson(e, ctx));
}

export function viewContext(t: Timeline, nowMs: number, lang?: string | null): ViewContext {
  return { slug: t.slug, timeZone: t.time_zone, nowMs, language: t.language, lang };
}
