/**
 * Rate limits on the Workers Rate Limiting binding: writes per token (or per client address
 * when there is none, which also slows token guessing), expensive reads per client address.
 * Counters are per Cloudflare location and approximate by design; see README "Limits".
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { principal } from "./auth";
import { isWrite } from "./methods";
import { Problem } from "./problem";

const WINDOW_SECONDS = 60;

function clientAddress(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/** Search, export and import cost far more than a cached page. */
export function isExpensiveRead(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  return url.searchParams.has("q") || /\/(export|import)$/.test(url.pathname);
}

function tooMany(what: string): Problem {
  return new Problem("rate-limited", `Too many ${what}; retry in a minute.`, {
    headers: { "Retry-After": String(WINDOW_SECONDS) },
  });
}

/**
 * Counts an expensive read (a search, an export, an import) against READ_LIMITER; throws a 429
 * problem once the client's address is over the limit. Pages that search (the widget and the
 * public page with `?q=`) call it themselves, so the answer can be a readable page.
 * @example if (isExpensiveRead(c)) await limitExpensiveRead(c);
 */
export async function limitExpensiveRead(c: Context<AppEnv>): Promise<void> {
  if (!c.env.READ_LIMITER) return;
  if (!(await c.env.READ_LIMITER.limit({ key: `ip:${clientAddress(c)}` })).success) {
    throw tooMany("searches, exports and imports");
  }
}

/**
 * Counts writes and expensive reads against their limiters; a request over the limit is a 429
 * before it touches the database. Without the bindings (plain tests of other things) it passes.
 * @example app.use("/v1/*", rateLimits());
 */
export function rateLimits(): MiddlewareHandler<AppEnv> {
  return async function rateLimits(c, next) {
    const write = isWrite(c.req.method);
    if (write && c.env.WRITE_LIMITER) {
      // A malformed or unknown token still counts, against its address.
      const who = await principal(c).catch(() => null);
      const key = who ? `token:${who.id}` : `ip:${clientAddress(c)}`;
      if (!(await c.env.WRITE_LIMITER.limit({ key })).success) throw tooMany("writes");
    }
    if (write ? /\/import$/.test(new URL(c.req.url).pathname) : isExpensiveRead(c)) await limitExpensiveRead(c);
    await next();
  };
}
