/**
 * Queries for feeds, export and import: reading many pages of entries at once, and finding the
 * entries an import names by their external ids.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Entry } from "../domain/entry";
import { LIMITS } from "../domain/limits";
import type { Db } from "./client";
import { type EntryFilter, type EntryKey, listEntries, toEntry } from "./entries";
import { entries } from "./schema";

/**
 * Up to `max` live entries matching `filter`, read page by page in `order` from `after`, and the
 * key to continue after when more are left.
 * @example const { entries } = await collectEntries(db, timeline.id, {}, { order: "asc", max: Infinity });
 */
export async function collectEntries(
  db: Db,
  timelineId: number,
  filter: EntryFilter,
  options: { order: "asc" | "desc"; max: number; after?: EntryKey | null },
): Promise<{ entries: Entry[]; next: EntryKey | null }> {
  const found: Entry[] = [];
  let after = options.after ?? null;
  for (;;) {
    const limit = Math.min(LIMITS.pageSize, options.max - found.length);
    if (limit <= 0) return { entries: found, next: after };
    const page = await listEntries(db, timelineId, filter, { order: options.order, limit, after });
    found.push(...page.entries);
    if (!page.next) return { entries: found, next: null };
    after = page.next;
  }
}

/**
 * Entries of the timeline (live or deleted) whose id is among `ids`. Entries of other timelines
 * are never looked at: an import must not learn that an id exists elsewhere.
 */
export async function findEntriesByIds(db: Db, timelineId: number, ids: string[]): Promise<Entry[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(entries)
    .where(and(eq(entries.timelineId, timelineId), sql`${entries.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`));
  return rows.map(toEntry);
}

/** Entries of the timeline (live or deleted) whose external id is among `externalIds`. */
export async function findEntriesByExternalIds(db: Db, timelineId: number, externalIds: string[]): Promise<Entry[]> {
  if (externalIds.length === 0) return [];
  const rows = await db
    .select()
    .from(entries)
    .where(
      and(
        eq(entries.timelineId, timelineId),
        sql`${entries.externalId} IN (SELECT value FROM json_each(${JSON.stringify(externalIds)}))`,
      ),
    );
  return rows.map(toEntry);
}
