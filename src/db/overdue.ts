/**
 * Queries of the overdue sweep: live commitments whose due date falls in a range (the `entries_due`
 * index), and the once-per-(commitment, due date) record that keeps an alert from repeating.
 */
import { and, eq, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
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
 * Records the alerts and stores their events in the outbox, in one batch; answers how many alerts
 * this call recorded (a concurrent sweep's are not counted) and the deliveries it made.
 */
export async function recordOverdue(db: Db, alerts: OverdueAlert[], events: Map<number, OutboxEvent[]>, now: string) {
  const statements = alertStatements(db, alerts, now);
  for (const [timelineId, list] of events) statements.push(...outboxStatements(db, timelineId, list, now));
  const results = await runBatch(db, statements);
  return { alerted: results.flat().filter((row) => row.alerted_entry !== undefined).length, deliveries: deliveriesMade(results) };
}
