/** Names the Worker shares with wrangler.toml (test/repo/live-config.test.ts keeps them in step). */

/** Webhook deliveries, and where messages the consumer cannot handle end up. */
export const WEBHOOK_QUEUE_NAME = "edge-timeline-webhooks";
export const WEBHOOK_DLQ_NAME = "edge-timeline-webhooks-dlq";

/** The hourly cron: outbox sweep and overdue alerts. */
export const HOURLY_CRON = "7 * * * *";

/** The Durable Object class of live timelines and its binding. */
export const LIVE_ROOM_CLASS = "TimelineRoom";
export const LIVE_ROOMS_BINDING = "LIVE_ROOMS";
