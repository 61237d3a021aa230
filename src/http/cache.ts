/**
 * Public reads at the edge. Three layers:
 *  1. Workers Cache in front of the Worker (production, `[cache] enabled`), steered by
 *     Cache-Control and Cache-Tag and purged by tag on every write (`purgeTimeline`).
 *  2. Inside the Worker, keys carry the timeline's revision (read from D1 on every request), so
 *     a write makes the next read miss and render fresh data without waiting for expiry:
 *     first the isolate's memory, then the Cache API of the data centre. Keys also name the
 *     origin a body's links were built for and the canonical query (http/canonical.ts), never
 *     the raw URL: a Host header or a spelling of the query cannot reach another reader's copy.
 * Validators are derived from the revision and the request, never by hashing a body.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { Timeline } from "../domain/timeline";
import { publicOrigin } from "./origin";

/** Bump when a deploy changes how any public read renders. */
export const RENDER_VERSION = "1";

/**
 * Derived values (overdue, the "today" marker) follow the clock in the timeline's zone, so
 * representations roll over every quarter hour: midnight in every zone falls on one (UTC+5:30,
 * +5:45), where an hourly roll-over would keep yesterday's answer for up to 45 minutes.
 */
const BUCKET_MS = 15 * 60_000;

export const PUBLIC_CACHE_CONTROL = "public, max-age=10, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400";
export const PRIVATE_CACHE_CONTROL = "private, no-store";
/** Lists across timelines (the API's and the landing page) change with any timeline: shorter at the edge. */
export const LIST_CACHE_CONTROL = "public, max-age=10, s-maxage=30, stale-while-revalidate=30, stale-if-error=86400";

/** Every public read of a timeline carries this tag; a write to the timeline purges it. */
export function cacheTag(slug: string): string {
  return `timeline-${slug}`;
}

/** The Cache-Tag of the lists across timelines (`/v1/timelines`, the landing page). */
export const LIST_CACHE_TAG = "timelines";

/**
 * Carried by reads that show what any write changes (revisions, modification times, every
 * translation): the API's JSON and the feeds. A write that changes only translations purges it.
 */
export function everyWriteTag(slug: string): string {
  return `timeline-${slug}~every-write`;
}

/** Carried by a page or widget read that shows text translated into `lang` (or a language it falls back to). */
export function languageTag(slug: string, lang: string): string {
  return `timeline-${slug}~lang-${lang.toLowerCase()}`;
}

/**
 * What a write touches. Everything of the timeline by default; with `languages`, only what shows
 * translations into them (a write that changed nothing else); with `list`, the lists across
 * timelines too (a write that changes which timelines are listed or how).
 */
export interface PurgeScope {
  languages?: string[];
  list?: boolean;
}

/** The tags to purge for a write of `scope`. */
export function purgeTags(slug: string, scope: PurgeScope = {}): string[] {
  const tags = scope.languages ? [everyWriteTag(slug), ...scope.languages.map((l) => languageTag(slug, l))] : [cacheTag(slug)];
  return scope.list ? [...tags, LIST_CACHE_TAG] : tags;
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

/**
 * A strong validator from what the representation is made of: `state` (the timeline's revision,
 * or an entry's id and revision), the quarter hour, and `key`: the origin its links were built
 * for, the path and the canonical query.
 */
export function representationEtag(state: string, key: string, nowMs: number): string {
  const bucket = Math.floor(nowMs / BUCKET_MS);
  return `"${state}.${RENDER_VERSION}.${bucket.toString(36)}.${fingerprint(key)}"`;
}

/**
 * A strong validator for a small body that no single revision names (a list across timelines, a
 * page): `prefix`, the body's fingerprint and its length.
 */
export function bodyEtag(prefix: string, body: string): string {
  return `"${prefix}.${fingerprint(body)}.${body.length.toString(36)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * The one way a conditional GET is answered: `304` with the headers the full answer would carry
 * when If-None-Match names `headers.ETag`, else null (the client needs the body).
 * @example return notModifiedFor(c, headers) ?? c.body(body, 200, headers);
 */
export function notModifiedFor(c: Context, headers: Record<string, string> & { ETag: string }): Response | null {
  if (!matchesIfNoneMatch(c.req.header("If-None-Match"), headers.ETag)) return null;
  return new Response(null, { status: 304, headers });
}

interface Stored {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

/**
 * The isolate's most recently used representations, bounded in count and bytes. Keys name the
 * revision, so an entry can only ever be current or unreachable.
 */
export class RepresentationMemory {
  #entries = new Map<string, Stored>();
  #bytes = 0;
  constructor(
    private readonly maxEntries = 256,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {}

  get(key: string): Stored | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key); // most recently used goes last
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Stored): void {
    if (value.body.byteLength > this.maxBytes / 8) return;
    const old = this.#entries.get(key);
    if (old) this.#bytes -= old.body.byteLength;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#bytes += value.body.byteLength;
    for (const [oldest, stored] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= stored.body.byteLength;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

/** This isolate's memory layer (tests empty it to reach the Cache API behind it). */
export const isolateMemory = new RepresentationMemory();

function fromStored(stored: Stored, layer: string): Response {
  const res = new Response(stored.body, { status: stored.status, headers: stored.headers });
  res.headers.set("X-Cache", layer);
  return res;
}

export interface ReadOptions {
  /** JSON and feeds are readable from any origin. */
  cors?: boolean;
  /** What the representation depends on besides the clock; defaults to the timeline's revision. */
  state?: string;
  /** The language asked for (`?lang=`): named in `Content-Language`. */
  lang?: string;
  /**
   * For pages and widgets, whose body shows entry text and nothing that changes with other
   * writes: the translations (by language) it shows, so a write to another language's text
   * leaves it cached. Without it, any write to the timeline purges the representation.
   */
  textLanguages?: string[];
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

  // What the body depends on: the origin its absolute links name, the path, the validated query (set by `mount`).
  if (!c.var.readKey) throw new Error("timelineRead needs the readKey of a mounted public read");
  const key = `${publicOrigin(c)}${c.var.readKey}`;
  const etag = representationEtag(options.state ?? `t${timeline.revision}`, key, c.var.now.getTime());
  const headers: Record<string, string> & { ETag: string } = {
    ETag: etag,
    "Cache-Control": PUBLIC_CACHE_CONTROL,
    "Cache-Tag": (options.textLanguages
      ? [cacheTag(timeline.slug), ...options.textLanguages.map((l) => languageTag(timeline.slug, l))]
      : [cacheTag(timeline.slug), everyWriteTag(timeline.slug)]
    ).join(","),
    ...(options.lang ? { "Content-Language": options.lang } : {}),
    "Last-Modified": new Date(timeline.updated_at).toUTCString(),
    ...(options.cors ? { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Link" } : {}),
    ...(timeline.visibility === "unlisted" ? { "X-Robots-Tag": "noindex" } : {}),
  };

  const unchanged = notModifiedFor(c, headers);
  if (unchanged) return unchanged;

  const cacheUrl = `https://cache.internal/${timeline.slug}/${etag.replace(/"/g, "")}/${encodeURIComponent(key)}`;
  const remembered = isolateMemory.get(cacheUrl);
  if (remembered) return fromStored(remembered, "HIT");

  const cache = caches.default;
  const hit = await cache.match(cacheUrl);
  if (hit) {
    // The Cache API adds what it knows about its copy (Age, CF-Cache-Status); the representation
    // is the same whichever layer answers, and its freshness comes from the revision in the key.
    const headers = [...hit.headers].filter(([name]) => name !== "age" && name !== "cf-cache-status");
    const stored = { status: hit.status, headers, body: await hit.arrayBuffer() };
    isolateMemory.set(cacheUrl, stored);
    return fromStored(stored, "HIT");
  }

  const fresh = await render();
  if (fresh.status !== 200) return new Response(fresh.body, fresh);
  const res = new Response(fresh.body, fresh);
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  const stored = { status: 200, headers: [...res.headers], body: await res.arrayBuffer() };
  isolateMemory.set(cacheUrl, stored);
  c.executionCtx.waitUntil(cache.put(cacheUrl, new Response(stored.body, stored)).catch(() => undefined));
  return fromStored(stored, "MISS");
}

/**
 * A read that looked up the revision just before a write may still be rendering when the write
 * is acknowledged, and Workers Cache would then keep its pre-write response. Purging again once
 * such reads are done closes that window.
 */
export const LATE_PURGE_MS = 5_000;

/**
 * After a write, before it is acknowledged: drops the timeline's responses from Workers Cache in
 * front of the Worker, so the writer's next read cannot meet them, and again `LATE_PURGE_MS`
 * later: everything of the timeline, or what `scope` names (see `purgeTags`). A write that
 * changes which timelines are listed or how (create, visibility, title, description, delete,
 * restore) passes `list`. `ctx.cache` exists only in production with Workers Cache enabled;
 * locally the revision-keyed layers alone keep reads fresh. A failed purge is logged, not fatal:
 * the write itself has succeeded, and s-maxage bounds the rest.
 */
export async function purgeTimeline(c: Context<AppEnv>, slug: string, scope: PurgeScope = {}): Promise<void> {
  await purgeTimelineIn(c.executionCtx as ExecutionContext, slug, scope);
}

/**
 * `purgeTimeline` outside a request (the hourly sweep): the same purges through the invocation's
 * own execution context.
 */
export async function purgeTimelineIn(ctx: ExecutionContext, slug: string, scope: PurgeScope = {}): Promise<void> {
  const cache = ctx.cache;
  if (!cache) return;
  const tags = purgeTags(slug, scope);
  const purge = async () => {
    try {
      const result = await cache.purge({ tags });
      if (!result.success) console.error(JSON.stringify({ level: "warn", msg: "cache purge failed", slug, errors: result.errors }));
    } catch (err) {
      console.error(JSON.stringify({ level: "warn", msg: "cache purge failed", slug, error: err instanceof Error ? err.message : "unknown" }));
    }
  };
  await purge();
  ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, LATE_PURGE_MS)).then(purge));
}
