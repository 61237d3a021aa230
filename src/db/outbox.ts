/**
 * The webhook outbox. A D1 commit and a queue send cannot be one transaction, so the events a
 * write fires are stored by statements that join the write's own batch: an event row (only when
 * some endpoint of the timeline wants its type) and one pending delivery per such endpoint. After
 * the commit the deliveries go to the queue; the cron sweep sends any that never got there. Rows
 * name the entry's saved revision rather than carry its JSON, so even a 5,000-entry import adds
 * little to its batch.
 * An overdue event is stored only by the sweep whose alert record names it (see overdue.ts).
 */
import { and, asc, eq, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { WebhookEventType } from "../domain/webhooks";
import { runBatch, type Statement, statement } from "./batch";
import type { Db } from "./client";
import { jsonChunks } from "./columns";
import { webhookDeliveries } from "./schema";

export interface OutboxEvent {
  /** A UUIDv7: sortable, and the `webhook-id` of every delivery of this event. */
  id: string;
  type: WebhookEventType;
  entryId: string;
  /** The entry's revision the event is about (its saved state in entry_revisions). */
  entryRevision: number;
}

/** One event for one endpoint: what a queue message names. */
export interface DeliveryKey {
  webhook: string;
  event: string;
}

/** Endpoints of the timeline that are neither deleted nor disabled and want `type`. */
const wants = (timelineId: number, type: SQL) =>
  sql`SELECT 1 FROM webhooks w WHERE w.timeline_id = ${timelineId} AND w.deleted_at IS NULL AND w.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(w.events) t WHERE t.value = ${type})`;

/**
 * Statements that store `events` of one timeline for its subscribed endpoints, to run in the
 * write's own batch. The delivery inserts answer (RETURNING) the deliveries they made: read them
 * with `deliveriesMade`.
 */
export function outboxStatements(db: Db, timelineId: number, events: OutboxEvent[], now: string): Statement[] {
  if (events.length === 0) return [];
  const statements: Statement[] = [];
  const rows = events.map((e) => ({ id: e.id, type: e.type, entry_id: e.entryId, revision: e.entryRevision }));
  for (const chunk of jsonChunks(rows)) {
    statements.push(
      statement(
        db,
        sql`INSERT INTO webhook_events (id, timeline_id, type, entry_id, entry_revision, created_at)
          SELECT e.value ->> 'id', ${timelineId}, e.value ->> 'type', e.value ->> 'entry_id', e.value ->> 'revision', ${now}
          FROM json_each(${chunk}) e WHERE EXISTS (${wants(timelineId, sql`e.value ->> 'type'`)})
            AND (e.value ->> 'type' <> 'commitment.overdue'
              OR EXISTS (SELECT 1 FROM overdue_alerts a WHERE a.event_id = e.value ->> 'id'))`,
      ),
    );
  }
  for (const chunk of jsonChunks(events.map((e) => e.id))) {
    statements.push(
      statement(
        db,
        sql`INSERT INTO webhook_deliveries (webhook_id, event_id, state, attempts, created_at)
          SELECT w.id, ev.id, 'pending', 0, ${now}
          FROM webhook_events ev JOIN webhooks w ON w.timeline_id = ev.timeline_id
          WHERE ev.id IN (SELECT value FROM json_each(${chunk}))
            AND w.deleted_at IS NULL AND w.disabled_at IS NULL
            AND EXISTS (SELECT 1 FROM json_each(w.events) t WHERE t.value = ev.type)
          RETURNING webhook_id, event_id`,
      ),
    );
  }
  return statements;
}

/** The deliveries the outbox statements made, from the rows their batch answered. */
export function deliveriesMade(results: Record<string, unknown>[][]): DeliveryKey[] {
  const made: DeliveryKey[] = [];
  for (const rows of results) {
    for (const row of rows) {
      if (typeof row.webhook_id === "string" && typeof row.event_id === "string") {
        made.push({ webhook: row.webhook_id, event: row.event_id });
      }
    }
  }
  return made;
}

/** Records that `deliveries` are in the queue, so the sweep leaves them alone. */
export async function markEnqueued(db: Db, deliveries: DeliveryKey[], now: string): Promise<void> {
  for (const chunk of jsonChunks(deliveries.map((d) => [d.webhook, d.event]))) {
    await db.run(
      sql`UPDATE webhook_deliveries SET enqueued_at = ${now}
        WHERE (webhook_id, event_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${chunk}))`,
    );
  }
}

/**
 * Pending deliveries that were never handed to the queue and are older than `before` (a write's
 * own send had its chance), oldest first.
 */
export async function unsentDeliveries(db: Db, before: string, limit: number): Promise<DeliveryKey[]> {
  const rows = await db
    .select({ webhook: webhookDeliveries.webhookId, event: webhookDeliveries.eventId })
    .from(webhookDeliveries)
    .where(and(isNull(webhookDeliveries.enqueuedAt), lt(webhookDeliveries.createdAt, before), eq(webhookDeliveries.state, "pending")))
    .orderBy(asc(webhookDeliveries.createdAt))
    .limit(limit);
  return rows;
}

/** Forgets events older than `before` with their finished deliveries and attempts (the deliveries log's horizon). */
export async function purgeOldEvents(db: Db, before: string): Promise<void> {
  const old = sql`SELECT id FROM webhook_events WHERE created_at < ${before}`;
  await runBatch(db, [
    statement(db, sql`DELETE FROM webhook_attempts WHERE event_id IN (${old})`),
    statement(db, sql`DELETE FROM webhook_deliveries WHERE event_id IN (${old}) AND state <> 'pending'`),
    statement(
      db,
      sql`DELETE FROM webhook_events WHERE created_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)`,
    ),
  ]);
}

/** A read, in a write's batch, of the timeline's revision and `live` flag after the write (see `pushState`). */
export function pushStateStatement(db: Db, timelineId: number): Statement {
  return statement(db, sql`SELECT revision AS push_revision, live AS push_live FROM timelines WHERE id = ${timelineId}`);
}

/** What `pushStateStatement` read, from the rows a batch answered. */
export function pushState(results: Record<string, unknown>[][]): { revision: number; live: boolean } | null {
  const row = results.flat().find((r) => r.push_revision !== undefined);
  return row ? { revision: Number(row.push_revision), live: Boolean(row.push_live) } : null;
}
