/**
 * Queries of the overdue sweep: live commitments whose due date falls in a range (the `entries_due`
 * index), the once-per-(commitment, due date) record that keeps an alert from repeating, and the
 * changes feed's item of each alert, recorded with it.
 */
import { and, eq, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { OVERDUE_KEY_PREFIX } from "../domain/changes";
import type { Entry } from "../domain/entry";
import { runBatch, type Statement, statement } from "./batch";
import type { Db } from "./client";
import { jsonChunks } from "./columns";
import { toEntry } from "./entries";
import { deliveriesMade, type OutboxEvent, outboxStatements } from "./outbox";
import { entries, timelines } from "./schema";

export interface OverdueCandidate {
  entry: Entry;
  timeline: { id: number; slug: string; timeZone: string };
}

/** The indexed expression (`entries_due`); queries must repeat it exactly for SQLite to use the index. */
const dueText = sql`json_extract(${entries.commitment}, '$.due')`;

/**
 * Live, published (not draft), unsettled commitments of live timelines with a due text in [`from`, `to`) that have no
 * alert for that due date yet, in due order. The caller checks each exactly (domain/overdue.ts).
 * Exposed as a query so a test can check its plan.
 */
export function overdueCandidatesQuery(db: Db, range: { from: string; to: string }, limit: number, after: { due: string; id: string } | null = null) {
  return db
    .select({ entry: entries, slug: timelines.slug, timeZone: timelines.timeZone })
    .from(entries)
    .innerJoin(timelines, eq(timelines.id, entries.timelineId))
    .where(
      and(
        sql`${dueText} >= ${range.from}`,
        sql`${dueText} < ${range.to}`,
        isNotNull(entries.status),
        isNull(entries.deletedAt),
        eq(entries.draft, false),
        notInArray(entries.status, ["fulfilled", "withdrawn"]),
        isNull(timelines.deletedAt),
        sql`NOT EXISTS (SELECT 1 FROM overdue_alerts a WHERE a.entry_id = ${entries.id} AND a.due = ${dueText})`,
        after ? sql`(${dueText}, ${entries.id}) > (${after.due}, ${after.id})` : undefined,
      ),
    )
    .orderBy(dueText, entries.id)
    .limit(limit);
}

export async function overdueCandidates(
  db: Db,
  range: { from: string; to: string },
  limit: number,
  after: { due: string; id: string } | null = null,
): Promise<OverdueCandidate[]> {
  const rows = await overdueCandidatesQuery(db, range, limit, after);
  return rows.map((r) => ({ entry: toEntry(r.entry), timeline: { id: r.entry.timelineId, slug: r.slug, timeZone: r.timeZone } }));
}

export interface OverdueAlert {
  entryId: string;
  due: string;
  /** The event this sweep would fire; it is stored only if this sweep's alert row wins. */
  eventId: string;
}

/**
 * Records the alerts, each at most once per (commitment, due date): a concurrent or later sweep's
 * insert is ignored, and the outbox stores an overdue event only when its alert row names it.
 */
export function alertStatements(db: Db, alerts: OverdueAlert[], now: string): Statement[] {
  const rows = alerts.map((a) => ({ entry_id: a.entryId, due: a.due, event_id: a.eventId }));
  return jsonChunks(rows).map((chunk) =>
    statement(
      db,
      sql`INSERT INTO overdue_alerts (entry_id, due, event_id, created_at)
        SELECT value ->> 'entry_id', value ->> 'due', value ->> 'event_id', ${now} FROM json_each(${chunk}) WHERE true
        ON CONFLICT DO NOTHING RETURNING entry_id AS alerted_entry`,
    ),
  );
}

/**
 * The alerts this sweep won (its alert row names its event), of entries still live and published:
 * looked up by the alerts' primary key, never by scanning them.
 */
const wonAlerts = (chunk: string) => sql`json_each(${chunk}) v
  JOIN overdue_alerts a ON a.entry_id = v.value ->> 'entry_id' AND a.due = v.value ->> 'due' AND a.event_id = v.value ->> 'event_id'
  JOIN entries e ON e.id = a.entry_id
  WHERE e.deleted_at IS NULL AND e.draft = 0`;

/**
 * The changes feed's side of the alerts, in their batch: one row per won alert in the changes
 * index (the write path keeps it for as long as the entry counts, see db/ledger.ts), and the
 * revision of each timeline that gained one moves on, so revision-keyed cached reads miss.
 * The update answers (RETURNING) the timelines it touched: read them with `timelinesTouched`.
 */
export function overdueChangeStatements(db: Db, alerts: OverdueAlert[]): Statement[] {
  const rows = alerts.map((a) => ({ entry_id: a.entryId, due: a.due, event_id: a.eventId }));
  return jsonChunks(rows).flatMap((chunk) => [
    statement(
      db,
      sql`INSERT OR IGNORE INTO ledger_changes (timeline_id, recorded_at, entry_id, key)
        SELECT e.timeline_id, a.created_at, a.entry_id, ${OVERDUE_KEY_PREFIX} || a.due FROM ${wonAlerts(chunk)}`,
    ),
    statement(
      db,
      sql`UPDATE timelines SET revision = revision + 1 WHERE id IN (SELECT e.timeline_id FROM ${wonAlerts(chunk)})
        RETURNING slug AS touched_slug, revision AS touched_revision, live AS touched_live`,
    ),
  ]);
}

/** A timeline whose changes feed an overdue sweep added to. */
export interface TouchedTimeline {
  slug: string;
  revision: number;
  live: boolean;
}

/** The timelines `overdueChangeStatements` touched, from the rows their batch answered. */
export function timelinesTouched(results: Record<string, unknown>[][]): TouchedTimeline[] {
  const bySlug = new Map<string, TouchedTimeline>();
  for (const row of results.flat()) {
    if (typeof row.touched_slug !== "string") continue;
    const revision = Number(row.touched_revision);
    if ((bySlug.get(row.touched_slug)?.revision ?? -1) < revision) bySlug.set(row.touched_slug, { slug: row.touched_slug, revision, live: Boolean(row.touched_live) });
  }
  return [...bySlug.values()];
}

/**
 * Records the alerts, their items of the changes feed and their events in the outbox, in one
 * batch; answers how many alerts this call recorded (a concurrent sweep's are not counted), the
 * deliveries it made and the timelines whose feeds changed.
 */
export async function recordOverdue(db: Db, alerts: OverdueAlert[], events: Map<number, OutboxEvent[]>, now: string) {
  const statements = [...alertStatements(db, alerts, now), ...overdueChangeStatements(db, alerts)];
  for (const [timelineId, list] of events) statements.push(...outboxStatements(db, timelineId, list, now));
  const results = await runBatch(db, statements);
  return {
    alerted: results.flat().filter((row) => row.alerted_entry !== undefined).length,
    deliveries: deliveriesMade(results),
    touched: timelinesTouched(results),
  };
}
