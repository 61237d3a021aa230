import { describe, expect, it, vi } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const get = (path: string, headers: Record<string, string> = {}) => call("GET", path, { token: null, headers });

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

  it("serves repeats from the Cache API and never returns pre-write data after a write", async () => {
    await createTimeline("fresh");
    const first = await createEntry("fresh", { title: "Vorher", start: "2024" });
    const miss = await get("/v1/timelines/fresh/entries");
    expect(miss.headers.get("X-Cache")).toBe("MISS");
    await miss.arrayBuffer();
    // Let waitUntil's cache.put settle.
    await new Promise((r) => setTimeout(r, 50));
    const hit = await get("/v1/timelines/fresh/entries");
    expect(hit.headers.get("X-Cache")).toBe("HIT");
    expect((await json(hit)).items.map((e: any) => e.title)).toEqual(["Vorher"]);
    const oldEtag = hit.headers.get("ETag")!;

    await call("PATCH", `/v1/timelines/fresh/entries/${first.id}`, { body: { title: "Nachher" } });
    const after = await get("/v1/timelines/fresh/entries", { "If-None-Match": oldEtag });
    expect(after.status).toBe(200);
    expect((await json(after)).items.map((e: any) => e.title)).toEqual(["Nachher"]);

    await createEntry("fresh", { title: "Neu", start: "2025" });
    expect((await json(await get("/v1/timelines/fresh/entries"))).items.map((e: any) => e.title)).toEqual(["Nachher", "Neu"]);
    await call("PATCH", "/v1/timelines/fresh", { body: { title: "Umbenannt" } });
    expect((await json(await get("/v1/timelines/fresh"))).title).toBe("Umbenannt");
  });

  it("purges Workers Cache by tag on a write, and again once reads begun before it are done", async () => {
    const { LATE_PURGE_MS, purgeTimeline } = await import("../../src/http/cache");
    const purged: string[][] = [];
    const pending: Promise<unknown>[] = [];
    const c = {
      executionCtx: {
        cache: { purge: async ({ tags }: { tags: string[] }) => (purged.push(tags), { success: true, errors: [] }) },
        waitUntil: (p: Promise<unknown>) => pending.push(p),
      },
    };
    vi.useFakeTimers();
    try {
      await purgeTimeline(c as never, "g7");
      expect(purged).toEqual([["timeline-g7"]]);
      await vi.advanceTimersByTimeAsync(LATE_PURGE_MS);
      await Promise.all(pending);
      expect(purged).toEqual([["timeline-g7"], ["timeline-g7"]]);
    } finally {
      vi.useRealTimers();
    }
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
  it("hands out a bookmark on writes and accepts it on reads, so a client sees its own writes", async () => {
    await createTimeline("bookmarks");
    const write = await call("POST", "/v1/timelines/bookmarks/entries", { body: { kind: "event", title: "Geschrieben", start: "2024" } });
    const bookmark = write.headers.get("x-d1-bookmark");
    expect(bookmark).toBeTruthy();
    const read = await call("GET", "/v1/timelines/bookmarks/entries", { token: null, headers: { "x-d1-bookmark": bookmark! } });
    expect(read.status).toBe(200);
    expect((await json(read)).items.map((e: any) => e.title)).toEqual(["Geschrieben"]);
  });
});

describe("the isolate's representation memory", () => {
  it("keeps the most recently used representations within its count and byte bounds", async () => {
    const { RepresentationMemory } = await import("../../src/http/cache");
    const stored = (bytes: number) => ({ status: 200, headers: [] as [string, string][], body: new ArrayBuffer(bytes) });
    const memory = new RepresentationMemory(3, 8000);
    memory.set("a", stored(100));
    memory.set("b", stored(100));
    memory.set("c", stored(100));
    memory.get("a"); // a is now the most recent
    memory.set("d", stored(100));
    expect(memory.get("b")).toBeUndefined();
    expect(memory.get("a")).toBeDefined();
    expect(memory.size).toBe(3);
    memory.set("big", stored(900));
    memory.set("e", stored(900)); // 100+100+900+900 > ... evicts oldest until within bytes
    expect(memory.size).toBeLessThanOrEqual(3);
    memory.set("huge", stored(5000)); // larger than an eighth of the budget: not kept
    expect(memory.get("huge")).toBeUndefined();
  });
});
