import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const base = "/v1/timelines/writes/entries";
const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe("safe writes", () => {
  beforeAll(async () => {
    await createTimeline("writes");
  });

  it("honours If-Match: a stale ETag gets 412 and changes nothing", async () => {
    const created = await createEntry("writes", { title: "Original", start: "2024" });
    const read = await call("GET", `${base}/${created.id}`, { token: null });
    const etag = read.headers.get("ETag")!;
    const first = await call("PATCH", `${base}/${created.id}`, { headers: { "If-Match": etag }, body: { title: "Erste Änderung" } });
    expect(first.status).toBe(200);
    const stale = await call("PATCH", `${base}/${created.id}`, { headers: { "If-Match": etag }, body: { title: "Verloren" } });
    expect(stale.status).toBe(412);
    expect(await json(stale)).toMatchObject({ type: "/problems/precondition-failed" });
    expect((await json(await call("GET", `${base}/${created.id}`))).title).toBe("Erste Änderung");
    const fresh = first.headers.get("ETag")!;
    expect((await call("DELETE", `${base}/${created.id}`, { headers: { "If-Match": etag } })).status).toBe(412);
    expect((await call("PATCH", `${base}/${created.id}`, { headers: { "If-Match": fresh }, body: { title: "Zweite" } })).status).toBe(200);
    expect((await call("PATCH", `${base}/${created.id}`, { headers: { "If-Match": "*" }, body: { title: "Dritte" } })).status).toBe(200);
  });

  it("never loses one of two concurrent updates without If-Match", async () => {
    const created = await createEntry("writes", { title: "Parallel", start: "2024", tags: [] });
    const results = await Promise.all([
      call("PATCH", `${base}/${created.id}`, { body: { body: "from A" } }),
      call("PATCH", `${base}/${created.id}`, { body: { location: "from B" } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const final = await json(await call("GET", `${base}/${created.id}`));
    expect(final).toMatchObject({ body: "from A", location: "from B", revision: 3 });
  });

  it("replays a POST with the same Idempotency-Key instead of creating twice", async () => {
    const before = await count("entries");
    const body = { kind: "event", title: "Einmal", start: "2024-05" };
    const headers = { "Idempotency-Key": "create-once-1" };
    const first = await call("POST", base, { headers, body });
    const second = await call("POST", base, { headers, body });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await json(second)).id).toBe((await json(first)).id);
    expect(await count("entries")).toBe(before + 1);

    const reused = await call("POST", base, { headers, body: { ...body, title: "Anders" } });
    expect(reused.status).toBe(422);
    expect(await count("entries")).toBe(before + 1);
  });

  it("creates once when retries with one key race each other", async () => {
    const before = await count("entries");
    const body = { kind: "event", title: "Rennen", start: "2024-06" };
    const headers = { "Idempotency-Key": "race-1" };
    const results = await Promise.all([1, 2, 3].map(() => call("POST", base, { headers, body })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = new Set(await Promise.all(results.map(async (r) => (await json(r)).id)));
    expect(ids.size).toBe(1);
    expect(await count("entries")).toBe(before + 1);
  });

  it("stores nothing from a rejected write", async () => {
    const tables = ["entries", "entry_facets", "entry_revisions", "idempotency_keys"];
    const before = await Promise.all(tables.map(count));
    const revision = (await json(await call("GET", "/v1/timelines/writes"))).revision;
    const rejected = [
      call("POST", base, { body: { kind: "event", title: "", start: "2024", tags: ["a", "b"] } }),
      call("POST", base, { headers: { "Idempotency-Key": "bad-1" }, body: { kind: "event", title: "x", start: "nope" } }),
      call("POST", base, { body: "{not json", headers: { "Content-Type": "application/json" } }),
      call("POST", base, { token: null, body: { kind: "event", title: "x", start: "2024" } }),
    ];
    for (const res of await Promise.all(rejected)) expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect((await json(await call("GET", "/v1/timelines/writes"))).revision).toBe(revision);
  });

  it("bumps the timeline revision on every entry write", async () => {
    const before = (await json(await call("GET", "/v1/timelines/writes"))).revision;
    const created = await createEntry("writes", { title: "Rev", start: "2024" });
    await call("PATCH", `${base}/${created.id}`, { body: { title: "Rev 2" } });
    await call("DELETE", `${base}/${created.id}`);
    expect((await json(await call("GET", "/v1/timelines/writes"))).revision).toBe(before + 3);
  });
});

describe("housekeeping", () => {
  it("forgets idempotency keys older than a day and keeps younger ones", async () => {
    const { createScheduledController } = await import("cloudflare:test");
    const worker = (await import("../../src/index")).default;
    await createTimeline("housekeeping");
    const path = "/v1/timelines/housekeeping/entries";
    const post = (key: string, title: string) => call("POST", path, { headers: { "Idempotency-Key": key }, body: { kind: "event", title, start: "2024" } });
    const stored = async () =>
      (await env.DB.prepare("SELECT key FROM idempotency_keys WHERE key LIKE 'hk-%' ORDER BY key").all<{ key: string }>()).results.map((r) => r.key);
    const cron = Date.parse("2026-03-11T03:17:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    let young: any;
    try {
      vi.setSystemTime(cron - 25 * 3_600_000);
      expect((await post("hk-25h", "Alt")).status).toBe(201);
      vi.setSystemTime(cron - 23 * 3_600_000);
      young = await json(await post("hk-23h", "Jung"));
    } finally {
      vi.useRealTimers();
    }
    expect(await stored()).toEqual(["hk-23h", "hk-25h"]);

    await worker.scheduled(createScheduledController({ scheduledTime: cron, cron: "17 3 * * *" }), env);
    expect(await stored()).toEqual(["hk-23h"]);
    // The forgotten key can be used again; the kept one still answers its retry with the stored response.
    expect((await post("hk-25h", "Neu")).status).toBe(201);
    const retry = await post("hk-23h", "Jung");
    expect(retry.status).toBe(201);
    expect((await json(retry)).id).toBe(young.id);
    expect((await json(await call("GET", path))).items.map((e: any) => e.title).sort()).toEqual(["Alt", "Jung", "Neu"]);
  });
});
