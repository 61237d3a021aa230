/** Timeline queries. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Timeline } from "../domain/timeline";
import { type Statement, statement } from "./batch";
import type { Db } from "./client";
import { byKey, fromStored, type NamedRow, namedReader, type SameFields } from "./columns";
import { timelines, type TimelineRow } from "./schema";

// A timeline's fields are its row's columns, under the same names and types.
"same" satisfies SameFields<NamedRow<typeof timelines>, Timeline>;

const readTimeline = namedReader(timelines);

export function toTimeline(row: TimelineRow): Timeline {
  return readTimeline(row);
}

/** The timeline row with this slug, as a query to run alone or in a batch. */
export function timelineBySlug(db: Db, slug: string) {
  return db.select().from(timelines).where(eq(timelines.slug, slug));
}

/** The timeline with this internal id, deleted or not. */
export async function findTimelineById(db: Db, id: number): Promise<Timeline | null> {
  const row = await db.select().from(timelines).where(eq(timelines.id, id)).get();
  return row ? toTimeline(row) : null;
}

/** The timeline with this slug, deleted or not (callers decide what a deleted one means). */
export async function findTimeline(db: Db, slug: string): Promise<Timeline | null> {
  const row = await timelineBySlug(db, slug).get();
  return row ? toTimeline(row) : null;
}

/** Public, live timelines by creation order, keyset-paged by internal id. */
export async function listPublicTimelines(db: Db, afterId: number | null, limit: number) {
  const rows = await db
    .select()
    .from(timelines)
    .where(
      and(eq(timelines.visibility, "public"), isNull(timelines.deletedAt), afterId === null ? undefined : gt(timelines.id, afterId)),
    )
    .orderBy(asc(timelines.id))
    .limit(limit + 1);
  return { timelines: rows.slice(0, limit).map(toTimeline), more: rows.length > limit };
}

/** A timeline to create; `live` defaults to off, `reporting_currency` to none. */
export type NewTimeline = Omit<Timeline, "id" | "revision" | "ledger_version" | "created_at" | "updated_at" | "deleted_at" | "reporting_currency" | "live"> &
  Partial<Pick<Timeline, "reporting_currency" | "live">>;

/**
 * The insert of a new timeline, returning its row (see `timelineFromResult`). It fails with a
 * `UniqueViolation` on `timelines(slug)` when the slug is taken, live or deleted.
 */
export function insertTimelineStatement(db: Db, input: NewTimeline, now: string): Statement {
  const fields: Omit<NamedRow<typeof timelines>, "id" | "revision" | "ledger_version" | "deleted_at"> = {
    ...input,
    reporting_currency: input.reporting_currency ?? null,
    live: input.live ?? false,
    created_at: now,
    updated_at: now,
  };
  return statement(db, db.insert(timelines).values(byKey(timelines, fields) as typeof timelines.$inferInsert).returning());
}

/** Fields no update changes: the key, the slug (URLs name it), and what the store maintains. */
const FIXED = ["id", "slug", "revision", "ledger_version", "created_at", "updated_at"] as const;
export type TimelineChanges = Partial<Omit<Timeline, (typeof FIXED)[number]>>;

/** The update applying `changes` and bumping the revision (every cached read goes stale), returning the row. */
export function updateTimelineStatement(db: Db, id: number, changes: TimelineChanges, now: string): Statement {
  const changed: Record<string, unknown> = { ...changes };
  for (const field of FIXED) delete changed[field];
  const set = { ...byKey(timelines, changed), revision: sql`${timelines.revision} + 1`, updatedAt: now };
  return statement(db, db.update(timelines).set(set).where(eq(timelines.id, id)).returning());
}

/** The timeline a batch's first statement returned (an insert or update above), or null. */
export function timelineFromResult(results: Record<string, unknown>[][]): Timeline | null {
  const row = results[0]?.[0];
  return row ? fromStored(timelines, row) : null;
}

/**
 * Timelines (live and deleted) a principal covers: every one for `*`, else those named; most
 * recently changed first. For the studio's overview; bounded, as a newsroom has dozens, not
 * thousands.
 */
export async function listTimelinesIn(db: Db, slugs: string[] | "*", limit = 500): Promise<Timeline[]> {
  const rows = await db
    .select()
    .from(timelines)
    .where(slugs === "*" ? undefined : sql`${timelines.slug} IN (SELECT value FROM json_each(${JSON.stringify(slugs)}))`)
    .orderBy(sql`${timelines.updatedAt} DESC`)
    .limit(limit);
  return rows.map(toTimeline);
}
