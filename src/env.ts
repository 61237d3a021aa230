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
}
