import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { isolateMemory, RepresentationMemory } from "../../src/http/cache";
import worker from "../../src/index";
import { ADMIN, BASE, call, createEntry, createTimeline, json } from "../support/api";

const get = (path: string, headers: Record<string, string> = {}) => call("GET", path, { token: null, headers });

/** A public read that returns once everything it left to waitUntil (the Cache API put) is done. */
async function read(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * The representation's headers: all but the layer that answered, the D1 session's bookmark, and
 * what the runtime adds to every response on the wire anyway (Date, Content-Length).
 */
const headersOf = (res: Response) =>
  [...res.headers].filter(([name]) => !["x-cache", "x-d1-bookmark", "date", "content-length"].includes(name));

describe("edge caching of public reads", () => {
  it("sends validators and cache headers, and 304 for a matching If-None-Match", async () => {
    await createTimeline("cached");
    await createEntry("cached", { title: "Eins", start: "2024" });
    const res = await get("/v1/timelines/cached/entries");
    expect(res.status).toBe(200);
    const etag = res.headers.get("ETag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const cc = res.headers.get("Cache-Control")!;
    for (const part of ["public", "max-age=", "s-maxage=", "stale-while-revalidate=", "stale-if-error="]) expect(cc).toContain(part);
    // The timeline's tag, and the tag of reads that any write changes (JSON shows revisions and every translation).
    expect(res.headers.get("Cache-Tag")!.split(",")).toEqual(["timeline-cached", "timeline-cached~every-write"]);
    expect(res.headers.get("Last-Modified")).toMatch(/GMT$/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");

    const again = await get("/v1/timelines/cached/entries", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");
    expect((await get("/v1/timelines/cached/entries", { "If-None-Match": `W/${etag}, "other"` })).status).toBe(304);
    expect((await get("/v1/timelines/cached/entries?limit=1", { "If-None-Match": etag })).status).toBe(200);
  });

  it("serves a repeat from the isolate's memory, then from the Cache API with the memory emptied, with identical headers", async () => {
    await createTimeline("layers");
    const first = await createEntry("layers", { title: "Vorher", start: "2024" });
    const matches = vi.spyOn(caches.default, "match");
    try {
      const miss = await read("/v1/timelines/layers/entries");
      expect(miss.headers.get("X-Cache")).toBe("MISS");
      const missBody = await miss.text();
      // Changed behind the API's back (no revision bump): only a stored representation still says "Vorher".
      await env.DB.prepare("UPDATE entries SET title = 'Hinter dem Rücken' WHERE id = ?").bind(first.id).run();

      matches.mockClear();
      const fromMemory = await read("/v1/timelines/layers/entries");
      expect(fromMemory.headers.get("X-Cache")).toBe("HIT");
      expect(matches).not.toHaveBeenCalled();
      expect(await fromMemory.text()).toBe(missBody);

      isolateMemory.clear();
      const fromCacheApi = await read("/v1/timelines/layers/entries");
      expect(fromCacheApi.headers.get("X-Cache")).toBe("HIT");
      expect(matches).toHaveBeenCalledTimes(1);
      expect(await fromCacheApi.text()).toBe(missBody);
      expect(headersOf(fromCacheApi)).toEqual(headersOf(miss));
      expect(headersOf(fromMemory)).toEqual(headersOf(miss));

      // A write bumps the revision: neither layer can answer with the old representation.
      const patched = await call("PATCH", `/v1/timelines/layers/entries/${first.id}`, { body: { title: "Nachher" } });
      expect(patched.status).toBe(200);
      const after = await read("/v1/timelines/layers/entries", { "If-None-Match": miss.headers.get("ETag")! });
      expect(after.status).toBe(200);
      expect(after.headers.get("X-Cache")).toBe("MISS");
      expect((await json(after)).items.map((e: any) => e.title)).toEqual(["Nachher"]);
      isolateMemory.clear();
      const afterFromCacheApi = await read("/v1/timelines/layers/entries");
      expect(afterFromCacheApi.headers.get("X-Cache")).toBe("HIT");
      expect((await json(afterFromCacheApi)).items.map((e: any) => e.title)).toEqual(["Nachher"]);
    } finally {
      matches.mockRestore();
    }
  });

  it("never returns pre-write data after a write, for lists, new entries and the timeline", async () => {
    await createTimeline("fresh");
    const first = await createEntry("fresh", { title: "Vorher", start: "2024" });
    expect((await json(await get("/v1/timelines/fresh/entries"))).items.map((e: any) => e.title)).toEqual(["Vorher"]);
    await call("PATCH", `/v1/timelines/fresh/entries/${first.id}`, { body: { title: "Nachher" } });
    expect((await json(await get("/v1/timelines/fresh/entries"))).items.map((e: any) => e.title)).toEqual(["Nachher"]);
    await createEntry("fresh", { title: "Neu", start: "2025" });
    expect((await json(await get("/v1/timelines/fresh/entries"))).items.map((e: any) => e.title)).toEqual(["Nachher", "Neu"]);
    expect((await json(await get("/v1/timelines/fresh"))).title).toBe("Timeline fresh");
    await call("PATCH", "/v1/timelines/fresh", { body: { title: "Umbenannt" } });
    expect((await json(await get("/v1/timelines/fresh"))).title).toBe("Umbenannt");
  });

  it("purges only what shows a translation when a write changed nothing else", async () => {
    const { purgeTimeline } = await import("../../src/http/cache");
    const purged: string[][] = [];
    const c = {
      executionCtx: {
        cache: { purge: async ({ tags }: { tags: string[] }) => (purged.push(tags), { success: true, errors: [] }) },
        waitUntil: () => undefined,
      },
    };
    await purgeTimeline(c as never, "g7", { languages: ["en-GB"] });
    // The API and feeds (every-write) and the pages and widgets that show English-GB text; not the German ones.
    expect(purged).toEqual([["timeline-g7~every-write", "timeline-g7~lang-en-gb"]]);
  });

  it("never caches private timelines", async () => {
    await createTimeline("closed", { visibility: "private" });
    await createEntry("closed", { title: "Geheim", start: "2024" });
    const res = await call("GET", "/v1/timelines/closed/entries");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("ETag")).toBeNull();
    expect(res.headers.get("X-Cache")).toBeNull();
    expect(res.headers.get("Vary")).toContain("Authorization");
    expect((await get("/v1/timelines/closed/entries")).status).toBe(404);
  });

  it("treats equivalent query strings as one representation", async () => {
    await createTimeline("keys");
    const a = await get("/v1/timelines/keys/entries?kind=event&limit=5");
    const b = await get("/v1/timelines/keys/entries?limit=5&kind=event");
    expect(a.headers.get("ETag")).toBe(b.headers.get("ETag"));
  });
});

describe("D1 read replication", () => {
  it("opens writes on the primary and hands the client's bookmark to the read session", async () => {
    await createTimeline("bookmarks");
    // A D1 stand-in that records every session constraint it is given.
    const constraints: string[] = [];
    const db = new Proxy(env.DB, {
      get(target, name) {
        if (name === "withSession") {
          return (constraint: string) => {
            constraints.push(constraint);
            return target.withSession(constraint);
          };
        }
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const send = async (request: Request) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(request, { ...env, DB: db }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };

    const write = await send(
      new Request(`${BASE}/v1/timelines/bookmarks/entries`, {
        method: "POST",
        headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ kind: "event", title: "Geschrieben", start: "2024" }),
      }),
    );
    expect(write.status).toBe(201);
    expect(constraints).toEqual(["first-primary"]);
    const bookmark = write.headers.get("x-d1-bookmark")!;
    expect(bookmark).toBeTruthy();

    const read = await send(new Request(`${BASE}/v1/timelines/bookmarks/entries`, { headers: { "x-d1-bookmark": bookmark } }));
    expect(read.status).toBe(200);
    expect(constraints).toEqual(["first-primary", bookmark]);
    expect((await json(read)).items.map((e: any) => e.title)).toEqual(["Geschrieben"]);
    expect(read.headers.get("x-d1-bookmark")).toBeTruthy();

    await send(new Request(`${BASE}/v1/timelines/bookmarks/entries`));
    expect(constraints).toEqual(["first-primary", bookmark, "first-unconstrained"]);
  });
});

describe("the isolate's representation memory", () => {
  const stored = (bytes: number) => ({ status: 200, headers: [] as [string, string][], body: new ArrayBuffer(bytes) });

  it("keeps the most recently used representations within its count bound", () => {
    const memory = new RepresentationMemory(3, 8000);
    memory.set("a", stored(100));
    memory.set("b", stored(100));
    memory.set("c", stored(100));
    memory.get("a"); // a is now the most recent
    memory.set("d", stored(100));
    expect(memory.size).toBe(3);
    expect(memory.get("b")).toBeUndefined();
    for (const key of ["a", "c", "d"]) expect(memory.get(key), key).toBeDefined();
  });

  it("evicts the least recently used until it is within its byte bound", () => {
    const memory = new RepresentationMemory(100, 8000);
    for (let i = 0; i < 8; i++) memory.set(`k${i}`, stored(1000)); // exactly the budget
    expect(memory.size).toBe(8);
    memory.get("k0");
    memory.set("k8", stored(1000)); // 9,000 bytes: k1, the least recently used, goes
    expect(memory.size).toBe(8);
    expect(memory.get("k1")).toBeUndefined();
    for (const key of ["k0", "k2", "k7", "k8"]) expect(memory.get(key), key).toBeDefined();
    memory.set("k9", stored(600));
    memory.set("k10", stored(600)); // each pushes past 8,000 bytes: k3, then k4, go
    expect(memory.size).toBe(8);
    expect(memory.get("k3")).toBeUndefined();
    expect(memory.get("k4")).toBeUndefined();
    expect(memory.get("k5")).toBeDefined();
    memory.set("huge", stored(1001)); // more than an eighth of the budget: not kept, nothing evicted
    expect(memory.get("huge")).toBeUndefined();
    expect(memory.size).toBe(8);
  });
});
