/**
 * Public reads at the edge. Two layers:
 *  1. Workers Cache in front of the Worker (production, `[cache] enabled`), steered by
 *     Cache-Control and Cache-Tag and purged by tag on every write (`purgeTimeline`).
 *  2. The Cache API inside the Worker, keyed by the timeline's revision: a write bumps the
 *     revision, so the next read misses and renders fresh data without waiting for expiry.
 * Validators are derived from the revision and the request, never by hashing a body.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app";
import type { Timeline } from "../domain/timeline";

/** Bump when a deploy changes how any public read renders. */
export const RENDER_VERSION = "1";

/** Derived values (overdue, the "today" marker) follow the clock; representations roll hourly. */
const BUCKET_MS = 3_600_000;

export const PUBLIC_CACHE_CONTROL = "public, max-age=10, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400";
export const PRIVATE_CACHE_CONTROL = "private, no-store";

export function cacheTag(slug: string): string {
  return `timeline-${slug}`;
}

/** 32-bit FNV-1a, hex: a short, stable fingerprint of a request's representation. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Path and query with parameters sorted, so equivalent URLs share one representation. */
export function representationKey(url: URL): string {
  const params = [...url.searchParams].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  return `${url.pathname}?${new URLSearchParams(params)}`;
}

/**
 * A strong validator from what the representation is made of: `state` (the timeline's revision,
 * or an entry's id and revision), the hour, and the request's path and query.
 */
export function representationEtag(state: string, key: string, nowMs: number): string {
  const bucket = Math.floor(nowMs / BUCKET_MS);
  return `"${state}.${RENDER_VERSION}.${bucket.toString(36)}.${fingerprint(key)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export interface ReadOptions {
  /** JSON and feeds are readable from any origin. */
  cors?: boolean;
  /** What the representation depends on besides the clock; defaults to the timeline's revision. */
  state?: string;
}

/**
 * Serves a read of `timeline`: `304` when the client has it, from the Cache API when cached,
 * otherwise from `render()` (then cached). Private timelines are never cached anywhere.
 */
export async function timelineRead(
  c: Context<AppEnv>,
  timeline: Timeline,
  render: () => Promise<Response>,
  options: ReadOptions = {},
): Promise<Response> {
  if (timeline.visibility === "private") {
    const res = await render();
    res.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
    res.headers.append("Vary", "Authorization");
    return res;
  }

  const url = new URL(c.req.url);
  const key = representationKey(url);
  const etag = representationEtag(options.state ?? `t${timeline.revision}`, key, c.var.now.getTime());
  const headers: Record<string, string> = {
    ETag: etag,
    "Cache-Control": PUBLIC_CACHE_CONTROL,
    "Cache-Tag": cacheTag(timeline.slug),
    "Last-Modified": new Date(timeline.updated_at).toUTCString(),
    ...(options.cors ? { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Link" } : {}),
    ...(timeline.visibility === "unlisted" ? { "X-Robots-Tag": "noindex" } : {}),
  };

  if (matchesIfNoneMatch(c.req.header("If-None-Match"), etag)) {
    return new Response(null, { status: 304, headers });
  }

  const cacheKey = new Request(`https://cache.internal/${timeline.slug}/${etag.replace(/"/g, "")}${key}`);
  const cache = await openCache();
  const hit = await cache?.match(cacheKey);
  if (hit) {
    const res = new Response(hit.body, hit);
    res.headers.set("X-Cache", "HIT");
    return res;
  }

  const fresh = await render();
  const res = new Response(fresh.body, fresh);
  if (res.status !== 200) return res;
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  if (cache) c.executionCtx.waitUntil(cache.put(cacheKey, res.clone()).catch(() => undefined));
  res.headers.set("X-Cache", "MISS");
  return res;
}

async function openCache(): Promise<Cache | null> {
  // The Cache API exists on Cloudflare and in workerd; elsewhere (plain Node tools) reads still work.
  return typeof caches === "undefined" ? null : caches.default;
}

/**
 * After a write: drops the timeline's responses from Workers Cache in front of the Worker.
 * `ctx.cache` exists only in production with Workers Cache enabled; locally the revision-keyed
 * Cache API layer alone keeps reads fresh.
 */
export function purgeTimeline(c: Context<AppEnv>, slug: string): void {
  const cache = (c.executionCtx as ExecutionContext).cache;
  if (!cache) return;
  c.executionCtx.waitUntil(
    cache.purge({ tags: [cacheTag(slug)] }).then(
      (result) => {
        if (!result.success) console.error(JSON.stringify({ level: "warn", msg: "cache purge failed", slug, errors: result.errors }));
      },
      () => undefined,
    ),
  );
}
