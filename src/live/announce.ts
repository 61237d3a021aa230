/**
 * What a write announces, and when, as a same-batch hook and an after-commit effect of the one
 * write path (http/write.ts; live/index.ts registers them). Webhook events join the write's own
 * D1 batch (the outbox), so an acknowledged write never loses one; after the commit the deliveries
 * go to the queue and the new revision to the timeline's live readers. A failed send is logged,
 * not fatal: the hourly sweep sends what never reached the queue, and widgets also poll.
 */
import type { Entry } from "../domain/entry";
import { uuidv7 } from "../domain/ids";
import { entryEventTypes, isPublished, type WebhookEventType } from "../domain/webhooks";
import type { Db } from "../db/client";
import { type DeliveryKey, deliveriesMade, markEnqueued, type OutboxEvent, outboxStatements, pushState, pushStateStatement } from "../db/outbox";
import { timelineFromResult } from "../db/timelines";
import type { Env } from "../env";
import type { AfterCommit, BatchHook, EntryChange } from "../http/write";

/** Queues accepts at most 100 messages per `sendBatch`. */
const SEND_BATCH = 100;

/** One event of the outbox, about `entry` as it is now saved. */
export function outboxEvent(type: WebhookEventType, entry: Pick<Entry, "id" | "revision">, now: Date): OutboxEvent {
  return { id: uuidv7(now.getTime()), type, entryId: entry.id, entryRevision: entry.revision };
}

/** The events a batch of entry changes fires (`previous` is what readers saw before; null for new). */
export function entryEvents(changes: EntryChange[], now: Date): OutboxEvent[] {
  return changes.flatMap((change) => entryEventTypes(change.previous ?? null, change.entry).map((type) => outboxEvent(type, change.entry, now)));
}

/** Whether readers could notice the changes: drafts before and after are nobody's business. */
export function readersSee(changes: EntryChange[]): boolean {
  return changes.some((c) => isPublished(c.entry) || (c.previous != null && isPublished(c.previous)));
}

/**
 * The same-batch statements of a write of entries: the outbox rows of the events its changes fire,
 * and a read of the timeline's new revision and `live` flag (for the push after the commit).
 * They run after the write's own statements, so they see its rows, and commit with it or not at all.
 */
export function announceStatements(db: Db, timelineId: number, changes: EntryChange[], now: Date): ReturnType<BatchHook> {
  return [...outboxStatements(db, timelineId, entryEvents(changes, now), now.toISOString()), pushStateStatement(db, timelineId)];
}

/**
 * The write path's same-batch hook: for a write of entries, the outbox rows of its events and a
 * read of the timeline's new revision and `live` flag; for imported exchange rates (the scorecard
 * changes, no entry does) only that read.
 */
export const announceHook: BatchHook = (db, write) => {
  if (write.kind === "entries") return announceStatements(db, write.timelineId, write.changes, new Date(write.at));
  return write.kind === "rates" ? [pushStateStatement(db, write.timelineId)] : [];
};

/**
 * The write path's after-commit effect. Entries: the deliveries the batch made go to the queue,
 * and the new revision to the timeline's live readers (unless only drafts changed). The timeline
 * itself: live readers refresh; when it stops being live, is made private or is deleted, their
 * sockets are closed (they fall back to polling, which then answers as the timeline now is).
 * Exchange rates: live readers refresh (a scorecard's converted sums changed).
 */
export const announceEffect: AfterCommit = async (c, write, results) => {
  if (write.kind === "entries") {
    const deliveries = deliveriesMade(results);
    const recorded = deliveries.length > 0 ? await enqueueDeliveries(c.env, c.var.db, deliveries, write.at) : null;
    if (recorded) c.executionCtx.waitUntil(recorded);
    const state = pushState(results);
    if (state?.live && readersSee(write.changes)) c.executionCtx.waitUntil(broadcastRevision(c.env, write.slug, state.revision));
    return;
  }
  if (write.kind === "rates") {
    const state = pushState(results);
    if (state?.live) c.executionCtx.waitUntil(broadcastRevision(c.env, write.slug, state.revision));
    return;
  }
  if (write.action === "create") return;
  const ended = write.action === "delete" || write.fields.live === false || write.fields.visibility === "private";
  const timeline = timelineFromResult(results);
  if (ended) c.executionCtx.waitUntil(closeLiveRoom(c.env, write.slug));
  else if (timeline?.live) c.executionCtx.waitUntil(broadcastRevision(c.env, write.slug, timeline.revision));
};

/**
 * Hands deliveries to the queue; answers the recording that they are there (to await, or leave to
 * `waitUntil`), or null when the send failed. Nothing is lost then: unsent deliveries stay in the
 * outbox for the sweep.
 */
export async function enqueueDeliveries(env: Env, db: Db, deliveries: DeliveryKey[], now: string): Promise<Promise<void> | null> {
  try {
    for (let i = 0; i < deliveries.length; i += SEND_BATCH) {
      await env.WEBHOOK_QUEUE.sendBatch(deliveries.slice(i, i + SEND_BATCH).map((body) => ({ body, contentType: "json" })));
    }
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "webhook queue send failed; the sweep will retry", error: String(err) }));
    return null;
  }
  return markEnqueued(db, deliveries, now).catch((err) => console.error(JSON.stringify({ level: "warn", msg: "marking enqueued failed", error: String(err) })));
}

/** The Durable Object that holds a timeline's live readers. */
export function liveRoom(env: Env, slug: string) {
  return env.LIVE_ROOMS.get(env.LIVE_ROOMS.idFromName(slug));
}

/** Closes every reader's socket of the timeline (it is no longer live to them). */
export async function closeLiveRoom(env: Env, slug: string): Promise<void> {
  try {
    await liveRoom(env, slug).closeAll();
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "closing live sockets failed", slug, error: String(err) }));
  }
}

/** Tells the timeline's live readers its new revision. A failure only delays them until they poll. */
export async function broadcastRevision(env: Env, slug: string, revision: number): Promise<void> {
  try {
    await liveRoom(env, slug).broadcast(revision);
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "live broadcast failed", slug, error: String(err) }));
  }
}
