/**
 * Webhook rules (Standard Webhooks): which events a write fires, the payload, and the retry
 * schedule. Pure: clocks and randomness are arguments.
 */
import type { Entry } from "./entry";

export const WEBHOOK_EVENT_TYPES = [
  "entry.created",
  "entry.updated",
  "entry.deleted",
  "commitment.status_changed",
  "commitment.overdue",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An entry as far as publishing goes; `draft` arrives with the drafts feature and may be absent. */
export type PublishState = Pick<Entry, "deleted_at" | "commitment"> & { draft?: boolean };

/** Whether readers see the entry: not deleted and not a draft. */
export function isPublished(entry: PublishState): boolean {
  return entry.deleted_at === null && entry.draft !== true;
}

/**
 * The events a write of one entry fires, from what readers saw before to what they see after.
 * Appearing (created, restored, a draft published) is `entry.created`; disappearing (deleted,
 * unpublished) is `entry.deleted`; drafts fire nothing.
 * @example entryEventTypes(null, { deleted_at: null, commitment: null }) // ["entry.created"]
 */
export function entryEventTypes(before: PublishState | null, after: PublishState): WebhookEventType[] {
  const was = before !== null && isPublished(before);
  const is = isPublished(after);
  if (!was) return is ? ["entry.created"] : [];
  if (!is) return ["entry.deleted"];
  const statusBefore = before.commitment?.status ?? null;
  const statusAfter = after.commitment?.status ?? null;
  return statusAfter !== null && statusAfter !== statusBefore ? ["entry.updated", "commitment.status_changed"] : ["entry.updated"];
}

/**
 * The body of a webhook message, exactly the bytes that are signed.
 * @example webhookBody("entry.created", "2026-01-01T00:00:00.000Z", { id: "…" })
 */
export function webhookBody(type: WebhookEventType, timestamp: string, data: unknown): string {
  return JSON.stringify({ type, timestamp, data });
}

/**
 * Seconds before each retry: the first within a minute, growing to Queues' longest delay (12 h),
 * about three days in all. Attempt 1 is immediate; attempt n + 1 waits `RETRY_DELAYS[n - 1]`.
 */
export const RETRY_DELAYS: readonly number[] = [
  30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200, 43_200, 43_200, 43_200, 28_800,
];

/** Cloudflare Queues delays a retry by at most 12 hours. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

/**
 * The schedule a setting asks for (`"1,1,1"`: seconds between attempts, for tests), or the
 * default when it is empty or not a list of whole seconds.
 */
export function retrySchedule(setting: string | undefined): readonly number[] {
  if (!setting?.trim()) return RETRY_DELAYS;
  const delays = setting.split(",").map((s) => Number(s.trim()));
  const valid = delays.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_QUEUE_DELAY_SECONDS);
  return valid ? delays : RETRY_DELAYS;
}

/**
 * How long to wait after failed attempt `attempt` (1-based), or null when the schedule is spent.
 * Jitter only shortens a delay (to between 75 % and 100 %), so receivers recovering together are
 * not hit in step and the schedule's bounds (first retry within a minute, three days in all) hold.
 * @example retryDelaySeconds(1, RETRY_DELAYS, 0.5) // 26
 */
export function retryDelaySeconds(attempt: number, schedule: readonly number[], random: number): number | null {
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.75 + 0.25 * Math.min(Math.max(random, 0), 1)));
}

/** What an endpoint's answer means for the delivery. */
export type AttemptOutcome = "delivered" | "retry" | "disable";

/**
 * 2xx delivers; `410 Gone` asks us to stop for good (the endpoint is disabled); everything else,
 * including redirects (never followed) and network errors (`null`), is retried.
 */
export function attemptOutcome(status: number | null): AttemptOutcome {
  if (status !== null && status >= 200 && status < 300) return "delivered";
  if (status === 410) return "disable";
  return "retry";
}
