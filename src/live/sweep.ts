/**
 * The hourly sweep: sends deliveries that never reached the queue (a write's send failed or its
 * isolate died right after the commit), and announces commitments that have just turned overdue,
 * once per commitment and due date: a `commitment.overdue` event for webhooks that want it, and an
 * item in the timeline's changes feed whether or not it has any.
 */
import { dueTextRange, OVERDUE_LOOKBACK_MS, turnedOverdue } from "../domain/overdue";
import type { Db } from "../db/client";
import { type OutboxEvent, unsentDeliveries } from "../db/outbox";
import { type OverdueAlert, overdueCandidates, recordOverdue, type TouchedTimeline } from "../db/overdue";
import type { Env } from "../env";
import { purgeTimelineIn } from "../http/cache";
import { broadcastRevision, enqueueDeliveries, outboxEvent } from "./announce";

/** A write sends its own deliveries right after the commit; the sweep leaves it this long to do so. */
const UNSENT_GRACE_MS = 2 * 60_000;
const PAGE = 100;
/** Bounds one run's work (D1 allows 1,000 queries per invocation); the next run continues. */
const MAX_PAGES = 20;

/** Sends outbox deliveries older than the grace period that never reached the queue. */
export async function sweepOutbox(db: Db, env: Env, now: Date): Promise<number> {
  const before = new Date(now.getTime() - UNSENT_GRACE_MS).toISOString();
  let sent = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const unsent = await unsentDeliveries(db, before, PAGE * 5);
    if (unsent.length === 0) break;
    // Recorded before the next page is read, so no delivery is sent twice by one sweep.
    const recorded = await enqueueDeliveries(env, db, unsent, now.toISOString());
    if (!recorded) break;
    await recorded;
    sent += unsent.length;
    if (unsent.length < PAGE * 5) break;
  }
  return sent;
}

/**
 * Fires `commitment.overdue` for every live commitment whose due period ended in the lookback
 * window and that is neither fulfilled nor withdrawn, at most once per (commitment, due date), and
 * adds the moment to the timeline's changes feed in the same batch. The timelines whose feeds
 * changed are purged from the edge (through `ctx`, when the runtime gives one) and their live
 * readers told the new revision. Answers how many alerts this run recorded (a concurrent run's
 * are not counted twice).
 */
export async function sweepOverdue(db: Db, env: Env, now: Date, ctx?: ExecutionContext): Promise<number> {
  const nowMs = now.getTime();
  const fromMs = nowMs - OVERDUE_LOOKBACK_MS;
  const range = dueTextRange(fromMs, nowMs);
  let alerted = 0;
  const touched = new Map<string, TouchedTimeline>();
  let after: { due: string; id: string } | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const candidates = await overdueCandidates(db, range, PAGE, after);
    if (candidates.length === 0) break;
    const last = candidates.at(-1)!;
    after = { due: last.entry.commitment!.due!, id: last.entry.id };

    const alerts: OverdueAlert[] = [];
    const byTimeline = new Map<number, OutboxEvent[]>();
    for (const { entry, timeline } of candidates) {
      const commitment = entry.commitment;
      if (!commitment?.due || !turnedOverdue(commitment, timeline.timeZone, fromMs, nowMs)) continue;
      const event = outboxEvent("commitment.overdue", entry, now);
      alerts.push({ entryId: entry.id, due: commitment.due, eventId: event.id });
      byTimeline.set(timeline.id, [...(byTimeline.get(timeline.id) ?? []), event]);
    }
    if (alerts.length > 0) {
      const recorded = await recordOverdue(db, alerts, byTimeline, now.toISOString());
      alerted += recorded.alerted;
      for (const t of recorded.touched) touched.set(t.slug, t);
      if (recorded.deliveries.length > 0) await (await enqueueDeliveries(env, db, recorded.deliveries, now.toISOString()));
    }
    if (candidates.length < PAGE) break;
  }
  await Promise.all(
    [...touched.values()].map(async (t) => {
      if (ctx) await purgeTimelineIn(ctx, t.slug);
      if (t.live) await broadcastRevision(env, t.slug, t.revision);
    }),
  );
  return alerted;
}

/** What the hourly trigger runs. */
export async function hourly(db: Db, env: Env, now: Date, ctx?: ExecutionContext): Promise<void> {
  await sweepOutbox(db, env, now);
  await sweepOverdue(db, env, now, ctx);
}
