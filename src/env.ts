/**
 * The Worker's bindings (wrangler.toml) and secrets, and the per-request variables every handler
 * sees. Types only: every layer from http/ up may import it without importing the app.
 */
import type { Principal } from "./domain/auth";
import type { Db } from "./db/client";
import type { DeliveryKey } from "./db/outbox";

export interface Env {
  DB: D1Database;
  /** Root admin secret: `wrangler secret put ADMIN_TOKEN`; `.dev.vars` locally. */
  ADMIN_TOKEN: string;
  /** Public origin for absolute links when set; otherwise the request's origin. Its host is served. */
  PUBLIC_ORIGIN?: string;
  /** Hosts the Worker answers for, comma-separated (`timeline.example,timeline.workers.dev`); others get 421. */
  ALLOWED_HOSTS?: string;
  /** Writes per token (or client address) and minute. */
  WRITE_LIMITER?: RateLimit;
  /** Expensive reads (search, export, import) per client address and minute. */
  READ_LIMITER?: RateLimit;
  /** Uploaded images, by content hash (`wrangler r2 bucket create edge-timeline-media`). */
  MEDIA?: R2Bucket;
  /** Studio sign-in attempts per client address and minute. */
  SIGNIN_LIMITER?: RateLimit;
  /** Webhook deliveries, one message per (endpoint, event); consumed by this Worker. */
  WEBHOOK_QUEUE: Queue<DeliveryKey>;
  /** One Durable Object per live timeline, holding its readers' WebSockets. */
  LIVE_ROOMS: DurableObjectNamespace<LiveRoom>;
  /** "true" lets webhooks target http:// and loopback (local development only; `npm start` sets it). */
  WEBHOOK_ALLOW_LOOPBACK?: string;
  /** Seconds between delivery attempts, comma-separated, replacing the three-day schedule (tests). */
  WEBHOOK_RETRY_DELAYS?: string;
}

/** What the Worker calls on a live timeline's Durable Object (src/live/room.ts implements it). */
export interface LiveRoom extends Rpc.DurableObjectBranded {
  /** Accepts a reader's WebSocket upgrade. */
  fetch(request: Request): Promise<Response>;
  /** Sends the revision to every reader; answers how many sockets it reached. */
  broadcast(revision: number): Promise<number>;
  /** Closes every reader's socket (the timeline is no longer live to them). */
  closeAll(): Promise<void>;
  /** How many readers are connected. */
  connections(): Promise<number>;
}

/** Hono's environment for this app: bindings plus what the shared middleware sets. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** Resolved lazily by `principal(c)` in http/auth.ts. */
    principal: Promise<Principal | null>;
    /** The request's clock: one instant for everything derived in it. */
    now: Date;
    /** A public read's path and canonical query (every validated value): what its representation depends on. */
    readKey: string;
  };
}
