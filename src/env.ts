import type { DeliveryKey } from "./db/outbox";
import type { TimelineRoom } from "./live/room";

/** The Worker's bindings (wrangler.toml) and secrets. */
export interface Env {
  DB: D1Database;
  /** Root admin secret: `wrangler secret put ADMIN_TOKEN`; `.dev.vars` locally. */
  ADMIN_TOKEN: string;
  /** Public origin for absolute links when set; otherwise the request's origin. */
  PUBLIC_ORIGIN?: string;
  /** Writes per token (or client address) and minute. */
  WRITE_LIMITER?: RateLimit;
  /** Expensive reads (search, export, import) per client address and minute. */
  READ_LIMITER?: RateLimit;
  /** Webhook deliveries, one message per (endpoint, event); consumed by this Worker. */
  WEBHOOK_QUEUE: Queue<DeliveryKey>;
  /** One Durable Object per live timeline, holding its readers' WebSockets. */
  LIVE_ROOMS: DurableObjectNamespace<TimelineRoom>;
  /** "true" lets webhooks target http:// and loopback (local development only; `npm start` sets it). */
  WEBHOOK_ALLOW_LOOPBACK?: string;
  /** Seconds between delivery attempts, comma-separated, replacing the three-day schedule (tests). */
  WEBHOOK_RETRY_DELAYS?: string;
}
