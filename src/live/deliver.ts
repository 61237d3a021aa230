/**
 * The queue consumer that delivers webhooks: one message per (endpoint, event). Each attempt is
 * signed afresh (Standard Webhooks timestamps must be recent), logged, and either delivered,
 * retried later with backoff and jitter (`message.retry`), or ended: `410 Gone` disables the
 * endpoint, and a spent schedule fails the delivery (it can be replayed). The dead-letter queue
 * catches messages this consumer could not handle at all; they are marked failed.
 */
import { checkWebhookUrl } from "../domain/webhook-url";
import { signatureHeader } from "../domain/webhook-signature";
import { type Entry, entryJson } from "../domain/entry";
import { attemptOutcome, retryDelaySeconds, webhookBody, type WebhookEventType } from "../domain/webhooks";
import { openDb, type Db } from "../db/client";
import type { DeliveryKey } from "../db/outbox";
import { failDeliveries, loadDelivery, recordAttempt } from "../db/webhooks";
import type { Env } from "../env";
import { deliverySchedule, urlRules } from "./settings";

/** How long an endpoint has to answer. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** When the consumer itself fails (D1 unavailable), try the message again after this long. */
const CONSUMER_FAILURE_DELAY_S = 60;

export const USER_AGENT = "edge-timeline-webhooks/1 (+https://www.standardwebhooks.com/)";

function isDeliveryKey(body: unknown): body is DeliveryKey {
  const b = body as Partial<DeliveryKey> | null;
  return typeof b === "object" && b !== null && typeof b.webhook === "string" && typeof b.event === "string";
}

/**
 * The body of an event: `{type, timestamp, data}` with the entry as the API showed it when the
 * event happened (its saved revision with every translation, `overdue` as of that moment). Null
 * when the revision is gone.
 */
function eventBody(type: WebhookEventType, createdAt: string, snapshot: Record<string, unknown> | null, timeline: { slug: string; timeZone: string; language: string }) {
  if (!snapshot) return null;
  const data = entryJson(snapshot as unknown as Entry, { ...timeline, nowMs: Date.parse(createdAt) });
  return webhookBody(type, createdAt, data);
}

/** Handles a batch of the webhook queue. */
export async function deliverBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = openDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      if (!isDeliveryKey(message.body)) {
        message.ack(); // not ours to retry: nothing could ever deliver it
        return;
      }
      try {
        const delay = await attempt(db, env, message.body, message.attempts);
        if (delay === null) message.ack();
        else message.retry({ delaySeconds: delay });
      } catch (err) {
        console.error(JSON.stringify({ level: "error", msg: "webhook consumer failed", error: String(err).slice(0, 300) }));
        message.retry({ delaySeconds: CONSUMER_FAILURE_DELAY_S });
      }
    }),
  );
}

/** Handles a batch of the dead-letter queue: those deliveries fail (and can be replayed). */
export async function deadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const keys = batch.messages.map((m) => m.body).filter(isDeliveryKey);
  await failDeliveries(openDb(env.DB), keys, "dead-lettered: the consumer could not process it");
  batch.ackAll();
}

/**
 * One attempt at one delivery. Answers the seconds to wait before the next attempt, or null when
 * the delivery is finished (delivered, failed, or nothing to do). `round` is this message's attempt
 * number (1 for its first), which indexes the retry schedule; a replay starts a new round.
 */
async function attempt(db: Db, env: Env, key: DeliveryKey, round: number): Promise<number | null> {
  const found = await loadDelivery(db, key);
  if (!found) return null;
  const { delivery, webhook, event } = found;
  const built = event.payload === null ? eventBody(event.type, event.createdAt, found.snapshot, found.timeline) : null;
  const body = event.payload ?? built;
  if (delivery.state !== "pending") return null;
  if (webhook.deletedAt || webhook.disabledAt) {
    await failDeliveries(db, [key], webhook.deletedAt ? "the endpoint was deleted" : "the endpoint is disabled");
    return null;
  }

  const started = Date.now();
  const at = new Date(started).toISOString();
  const number = delivery.attempts + 1;
  const verdict = checkWebhookUrl(webhook.url, urlRules(env));
  let status: number | null = null;
  let error: string | null = null;
  if (!verdict.ok) {
    error = `the target URL is refused: it ${verdict.reason}`;
  } else if (body === null) {
    error = "the entry's saved state is missing, so there is nothing to send";
  } else {
    const timestamp = Math.floor(started / 1000);
    const secrets = [webhook.secret];
    if (webhook.previousSecret && webhook.previousSecretUntil && webhook.previousSecretUntil > at) secrets.push(webhook.previousSecret);
    try {
      const res = await fetch(verdict.url, {
        method: "POST",
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": USER_AGENT,
          "webhook-id": event.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": await signatureHeader(secrets, event.id, timestamp, body),
        },
      });
      status = res.status;
      await res.body?.cancel();
      if (status >= 300 && status < 400) error = "redirects are not followed";
      else if (status >= 400) error = `answered HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : `could not connect: ${String(err).slice(0, 200)}`;
    }
  }

  const outcome = verdict.ok && body !== null ? attemptOutcome(status) : "refused";
  const delay = outcome === "retry" ? retryDelaySeconds(round, deliverySchedule(env), Math.random()) : null;
  await recordAttempt(db, key, {
    attempt: number,
    at,
    status,
    error,
    durationMs: Date.now() - started,
    state: outcome === "delivered" ? "delivered" : delay === null ? "failed" : "pending",
    nextAttemptAt: delay === null ? null : new Date(started + delay * 1000).toISOString(),
    disable: outcome === "disable" ? "the endpoint answered 410 Gone" : null,
    builtPayload: built,
  });
  return delay;
}
