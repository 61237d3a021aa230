/** Timeline queries. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Timeline } from "../domain/timeline";
import type { Db } from "./client";
import { timelines, type TimelineRow } from "./schema";

export function toTimeline(row: TimelineRow): Timeline {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    language: row.language,
    time_zone: row.timeZone,
    visibility: row.visibility,
    embed_origins: row.embedOrigins,
    live: row.live,
    revision: row.revision,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    deleted_at: row.deletedAt,
  };
}

/** The timeline row with this slug, as a query to run alone or in a batch. */
export function timelineBySlug(db: Db, slug: string) {
  return db.select().from(timelines).where(eq(timelines.slug, slug));
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

export type NewTimeline = Omit<Timeline, "id" | "revision" | "created_at" | "updated_at" | "deleted_at" | "live"> & { live?: boolean };

/** Inserts a timeline; null when the slug is taken (live or deleted). */
export async function insertTimeline(db: Db, input: NewTimeline, now: string): Promise<Timeline | null> {
  const row = await db
    .insert(timelines)
    .values({
      slug: input.slug,
      title: input.title,
      description: input.description,
      language: input.language,
      timeZone: input.time_zone,
      visibility: input.visibility,
      embedOrigins: input.embed_origins,
      live: input.live ?? false,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  return row ? toTimeline(row) : null;
}

export type TimelineChanges = Partial<Pick<Timeline, "title" | "description" | "language" | "time_zone" | "visibility" | "embed_origins" | "live" | "deleted_at">>;

/** Applies changes and bumps the revision (every cached read of the timeline goes stale). */
export async function updateTimeline(db: Db, id: number, changes: TimelineChanges, now: string): Promise<Timeline> {
  const row = await db
    .update(timelines)
    .set({
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.time_zone !== undefined && { timeZone: changes.time_zone }),
      ...(changes.visibility !== undefined && { visibility: changes.visibility }),
      ...(changes.embed_origins !== undefined && { embedOrigins: changes.embed_origins }),
      ...(changes.live !== undefined && { live: changes.live }),
      ...(changes.deleted_at !== undefined && { deletedAt: changes.deleted_at }),
      revision: sql`${timelines.revision} + 1`,
      updatedAt: now,
    })
    .where(eq(timelines.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`timeline ${id} vanished during update`);
  return toTimeline(row);
}
