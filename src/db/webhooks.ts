/**
 * Webhook endpoints, their deliveries and the log of attempts. The outbox that creates deliveries
 * is in outbox.ts; the rules (events, signatures, retries) in domain/.
 */
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { WebhookEventType } from "../domain/webhooks";
import type { Db } from "./client";
import type { DeliveryKey } from "./outbox";
import { type DeliveryState, entryRevisions, timelines, webhookAttempts, webhookDeliveries, webhookEvents, webhooks, type WebhookRow } from "./schema";

export type Webhook = WebhookRow;

export async function insertWebhook(db: Db, row: typeof webhooks.$inferInsert): Promise<Webhook> {
  return db.insert(webhooks).values(row).returning().get();
}

/** The timeline's endpoints (not deleted), oldest first. */
export async function listWebhooks(db: Db, timelineId: number): Promise<Webhook[]> {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.timelineId, timelineId), isNull(webhooks.deletedAt)))
    .orderBy(webhooks.createdAt, webhooks.id);
}

export async function findWebhook(db: Db, timelineId: number, id: string): Promise<Webhook | null> {
  const row = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.timelineId, timelineId), isNull(webhooks.deletedAt)))
    .get();
  return row ?? null;
}

/** Deletes the endpoint (softly: its deliveries log stays readable to the service) and stops its pending deliveries. */
export async function deleteWebhook(db: Db, id: string, now: string): Promise<void> {
  await db.batch([
    db.update(webhooks).set({ deletedAt: now }).where(eq(webhooks.id, id)),
    db
      .update(webhookDeliveries)
      .set({ state: "failed", lastError: "the endpoint was deleted" })
      .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.state, "pending"))),
  ]);
}

/** A new signing secret; the old one keeps signing beside it until `previousUntil`. */
export async function rotateWebhookSecret(db: Db, hook: Webhook, secret: string, previousUntil: string): Promise<Webhook> {
  return db
    .update(webhooks)
    .set({ secret, previousSecret: hook.secret, previousSecretUntil: previousUntil })
    .where(eq(webhooks.id, hook.id))
    .returning()
    .get();
}

export interface AttemptLog {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface DeliveryRecord {
  id: string;
  type: WebhookEventType;
  entry_id: string | null;
  created_at: string;
  state: DeliveryState;
  attempts: number;
  last_status: number | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  log: AttemptLog[];
}

const deliveryColumns = {
  id: webhookEvents.id,
  type: webhookEvents.type,
  entry_id: webhookEvents.entryId,
  created_at: webhookEvents.createdAt,
  state: webhookDeliveries.state,
  attempts: webhookDeliveries.attempts,
  last_status: webhookDeliveries.lastStatus,
  last_attempt_at: webhookDeliveries.lastAttemptAt,
  next_attempt_at: webhookDeliveries.nextAttemptAt,
  delivered_at: webhookDeliveries.deliveredAt,
};

/** The endpoint's deliveries, newest first (event ids are time-sortable), each with its attempts. */
export async function listDeliveries(
  db: Db,
  webhookId: string,
  page: { before: string | null; limit: number },
): Promise<{ items: DeliveryRecord[]; more: boolean }> {
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.webhookId, webhookId), page.before ? lt(webhookDeliveries.eventId, page.before) : undefined))
    .orderBy(desc(webhookDeliveries.eventId))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const logs = await attemptsOf(db, webhookId, items.map((r) => r.id));
  return { items: items.map((r) => ({ ...r, log: logs.get(r.id) ?? [] })), more: rows.length > page.limit };
}

export async function findDelivery(db: Db, webhookId: string, eventId: string): Promise<DeliveryRecord | null> {
  const row = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.eventId, eventId)))
    .get();
  if (!row) return null;
  const logs = await attemptsOf(db, webhookId, [eventId]);
  return { ...row, log: logs.get(eventId) ?? [] };
}

async function attemptsOf(db: Db, webhookId: string, eventIds: string[]): Promise<Map<string, AttemptLog[]>> {
  const logs = new Map<string, AttemptLog[]>();
  if (eventIds.length === 0) return logs;
  const rows = await db
    .select()
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.webhookId, webhookId),
        sql`${webhookAttempts.eventId} IN (SELECT value FROM json_each(${JSON.stringify(eventIds)}))`,
      ),
    )
    .orderBy(webhookAttempts.eventId, webhookAttempts.attempt);
  for (const r of rows) {
    const list = logs.get(r.eventId) ?? [];
    list.push({ attempt: r.attempt, at: r.at, status: r.status, error: r.error, duration_ms: r.durationMs });
    logs.set(r.eventId, list);
  }
  return logs;
}

/**
 * Everything one delivery attempt needs, in one round trip: the delivery, its endpoint, its event,
 * and (while the event's body is still to build) the entry's saved revision and the timeline's
 * slug and zone. Null when the delivery is gone.
 */
export async function loadDelivery(db: Db, key: DeliveryKey) {
  const row = await db
    .select({
      delivery: webhookDeliveries,
      webhook: webhooks,
      event: webhookEvents,
      snapshot: entryRevisions.snapshot,
      timeline: { slug: timelines.slug, timeZone: timelines.timeZone, language: timelines.language },
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(timelines, eq(timelines.id, webhookEvents.timelineId))
    .leftJoin(
      entryRevisions,
      and(isNull(webhookEvents.payload), eq(entryRevisions.entryId, webhookEvents.entryId), eq(entryRevisions.revision, webhookEvents.entryRevision)),
    )
    .where(and(eq(webhookDeliveries.webhookId, key.webhook), eq(webhookDeliveries.eventId, key.event)))
    .get();
  return row ?? null;
}

export interface AttemptResult {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  state: DeliveryState;
  nextAttemptAt: string | null;
  /** Set when the endpoint answered 410: it is disabled with this reason. */
  disable: string | null;
  /** The body this attempt built and signed, kept so every later attempt sends the same bytes. */
  builtPayload: string | null;
}

/** Logs an attempt and moves the delivery (and, on 410, the endpoint) to its new state, atomically. */
export async function recordAttempt(db: Db, key: DeliveryKey, r: AttemptResult): Promise<void> {
  const where = and(eq(webhookDeliveries.webhookId, key.webhook), eq(webhookDeliveries.eventId, key.event));
  await db.batch([
    db
      .insert(webhookAttempts)
      .values({ webhookId: key.webhook, eventId: key.event, attempt: r.attempt, at: r.at, status: r.status, error: r.error, durationMs: r.durationMs })
      .onConflictDoNothing(),
    db
      .update(webhookDeliveries)
      .set({
        state: r.state,
        attempts: r.attempt,
        lastStatus: r.status,
        lastError: r.error,
        lastAttemptAt: r.at,
        nextAttemptAt: r.nextAttemptAt,
        ...(r.state === "delivered" ? { deliveredAt: r.at } : {}),
      })
      .where(where),
    ...(r.builtPayload
      ? [db.update(webhookEvents).set({ payload: r.builtPayload }).where(and(eq(webhookEvents.id, key.event), isNull(webhookEvents.payload)))]
      : []),
    ...(r.disable
      ? [
          db
            .update(webhooks)
            .set({ disabledAt: r.at, disabledReason: r.disable })
            .where(and(eq(webhooks.id, key.webhook), isNull(webhooks.disabledAt))),
          db
            .update(webhookDeliveries)
            .set({ state: "failed", lastError: "the endpoint is disabled" })
            .where(and(eq(webhookDeliveries.webhookId, key.webhook), eq(webhookDeliveries.state, "pending"))),
        ]
      : []),
  ]);
}

/** Ends deliveries without another attempt (dead-lettered, or their endpoint is gone). */
export async function failDeliveries(db: Db, keys: DeliveryKey[], reason: string): Promise<void> {
  if (keys.length === 0) return;
  await db.run(
    sql`UPDATE webhook_deliveries SET state = 'failed', last_error = ${reason}, next_attempt_at = NULL
      WHERE state = 'pending' AND (webhook_id, event_id) IN
        (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(keys.map((k) => [k.webhook, k.event]))}))`,
  );
}

/** Makes a finished delivery pending again for a replay; false when it is still pending. */
export async function reopenDelivery(db: Db, key: DeliveryKey, now: string): Promise<boolean> {
  const row = await db
    .update(webhookDeliveries)
    .set({ state: "pending", nextAttemptAt: now, enqueuedAt: now })
    .where(and(eq(webhookDeliveries.webhookId, key.webhook), eq(webhookDeliveries.eventId, key.event), sql`state <> 'pending'`))
    .returning({ state: webhookDeliveries.state })
    .get();
  return row !== undefined;
}
