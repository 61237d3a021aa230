/**
 * The Worker's bindings (wrangler.toml) and secrets, and the per-request variables every handler
 * sees. Types only: every layer from http/ up may import it without importing the app.
 */
import type { Principal } from "./domain/auth";
import type { Db } from "./db/client";

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
