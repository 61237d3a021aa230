/**
 * How readers learn of changes: the cacheable revision resource (polling) and, for live timelines,
 * the WebSocket held by the timeline's Durable Object (push), tickets for private ones.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { TimelineRoom } from "../../src/live/room";
import { REVISION_CACHE_CONTROL } from "../../src/live/stream";
import { BASE, call, createEntry, createTimeline, json } from "../support/api";

/** Opens a WebSocket to the timeline through the Worker; collects what it receives. */
async function connect(slug: string, options: { ticket?: string; token?: string } = {}) {
  const url = `${BASE}/v1/timelines/${slug}/live${options.ticket ? `?ticket=${encodeURIComponent(options.ticket)}` : ""}`;
  const headers: Record<string, string> = { Upgrade: "websocket" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await exports.default.fetch(new Request(url, { headers }));
  const ws = res.webSocket;
  if (!ws) return { res, ws: null, messages: [] as unknown[], closed: Promise.resolve({ code: 0 }), next: async () => undefined };
  const messages: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.addEventListener("message", (e) => {
    const text = String(e.data);
    const m = text.startsWith("{") ? JSON.parse(text) : text;
    const waiter = waiters.shift();
    if (waiter) waiter(m);
    else messages.push(m);
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code })));
  ws.accept();
  const next = () =>
    messages.length > 0
      ? Promise.resolve(messages.shift())
      : new Promise<unknown>((resolve, reject) => {
          waiters.push(resolve);
          setTimeout(() => reject(new Error("no message within 2 s")), 2_000);
        });
  return { res, ws, messages, closed, next };
}

const room = (slug: string) => env.LIVE_ROOMS.get(env.LIVE_ROOMS.idFromName(slug));

describe("the revision resource (polling)", () => {
  beforeAll(async () => {
    await createTimeline("polled");
    await createTimeline("hidden", { visibility: "private" });
  });

  it("is a small JSON that shared caches may keep briefly, purged by tag, with an ETag", async () => {
    const res = await call("GET", "/v1/timelines/polled/revision", { token: null });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ revision: expect.any(Number), live: false });
    expect(res.headers.get("Cache-Control")).toBe(REVISION_CACHE_CONTROL);
    expect(REVISION_CACHE_CONTROL).toMatch(/\bpublic\b/);
    expect(REVISION_CACHE_CONTROL).toMatch(/\bs-maxage=\d+/);
    // Polling shows a change within a minute even where a purge failed: browser + shared cache ages stay small.
    const ages = [...REVISION_CACHE_CONTROL.matchAll(/(?:max-age|s-maxage|stale-while-revalidate)=(\d+)/g)].map((m) => Number(m[1]));
    expect(ages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
    expect(res.headers.get("Cache-Tag")).toBe("timeline-polled");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Vary")).toBeNull();
    const etag = res.headers.get("ETag")!;
    expect(etag).toMatch(/^"r\d+"$/);

    const again = await call("GET", "/v1/timelines/polled/revision", { token: null, headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe(REVISION_CACHE_CONTROL);
    expect(await again.text()).toBe("");
  });

  it("changes with every write", async () => {
    const before = await call("GET", "/v1/timelines/polled/revision", { token: null });
    const { revision } = await json(before);
    await createEntry("polled", { title: "Neu", start: "2024" });
    const after = await call("GET", "/v1/timelines/polled/revision", { token: null, headers: { "If-None-Match": before.headers.get("ETag")! } });
    expect(after.status).toBe(200);
    expect((await json(after)).revision).toBeGreaterThan(revision);
    await call("PATCH", "/v1/timelines/polled", { body: { live: true } });
    expect(await json(await call("GET", "/v1/timelines/polled/revision", { token: null }))).toMatchObject({ live: true });
  });

  it("keeps private timelines private", async () => {
    expect((await call("GET", "/v1/timelines/hidden/revision", { token: null })).status).toBe(404);
    const res = await call("GET", "/v1/timelines/hidden/revision");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Cache-Tag")).toBeNull();
  });
});

describe("the live WebSocket (push)", () => {
  beforeAll(async () => {
    await createTimeline("breaking", { live: true });
    await createTimeline("calm");
    await createTimeline("secret-live", { visibility: "private", live: true });
  });

  it("is off unless the timeline is live, and needs a WebSocket upgrade", async () => {
    const timeline = await json(await call("GET", "/v1/timelines/calm", { token: null }));
    expect(timeline.live).toBe(false);
    const notLive = await connect("calm");
    expect(notLive.res.status).toBe(404);
    expect((await json(notLive.res)).detail).toMatch(/not live.*revision/);
    const plain = await call("GET", "/v1/timelines/breaking/live", { token: null });
    expect(plain.status).toBe(426);
    expect(plain.headers.get("Upgrade")).toBe("websocket");
    expect((await connect("no-such-timeline")).res.status).toBe(404);
  });

  it("greets with the current revision and pushes each new one after a write", async () => {
    const reader = await connect("breaking");
    expect(reader.res.status).toBe(101);
    const { revision } = await json(await call("GET", "/v1/timelines/breaking/revision", { token: null }));
    expect(await reader.next()).toEqual({ type: "revision", revision });

    await createEntry("breaking", { title: "Eilmeldung", start: "2024-11-26" });
    expect(await reader.next()).toEqual({ type: "revision", revision: revision + 1 });
    await call("PATCH", "/v1/timelines/breaking", { body: { title: "Breaking (updated)" } });
    expect(await reader.next()).toEqual({ type: "revision", revision: revision + 2 });
    // A draft is nobody's news: its write pushes nothing; the next public write does.
    await createEntry("breaking", { title: "Entwurf", start: "2024-11-27", draft: true });
    await createEntry("breaking", { title: "Öffentlich", start: "2024-11-28" });
    expect(await reader.next()).toEqual({ type: "revision", revision: revision + 4 });
    reader.ws!.close(1000, "done");
  });

  it("reaches every reader, also after the object was evicted (hibernated sockets survive)", async () => {
    const readers = await Promise.all([connect("breaking"), connect("breaking"), connect("breaking")]);
    for (const r of readers) await r.next();
    expect(await runInDurableObject(room("breaking"), (instance: TimelineRoom) => instance.connections())).toBeGreaterThanOrEqual(3);
    await evictDurableObject(room("breaking"));
    await createEntry("breaking", { title: "Nach dem Schlaf", start: "2024-11-27" });
    const messages = await Promise.all(readers.map((r) => r.next()));
    expect(new Set(messages.map((m) => JSON.stringify(m))).size).toBe(1);
    expect(messages[0]).toMatchObject({ type: "revision" });
    for (const r of readers) r.ws!.close(1000);
  });

  it("answers ping with pong without waking the object", async () => {
    const reader = await connect("breaking");
    await reader.next();
    reader.ws!.send("ping");
    expect(await reader.next()).toBe("pong");
    reader.ws!.close(1000);
  });

  it("closes readers' sockets (code 4000) when the timeline stops being live", async () => {
    await createTimeline("short-lived", { live: true });
    const reader = await connect("short-lived");
    await reader.next();
    await call("PATCH", "/v1/timelines/short-lived", { body: { live: false } });
    expect((await reader.closed).code).toBe(4000);
    expect((await connect("short-lived")).res.status).toBe(404);
  });

  it("opens a private timeline's socket only with a token or a fresh ticket", async () => {
    expect((await connect("secret-live")).res.status).toBe(404);
    expect((await connect("secret-live", { ticket: "0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).res.status).toBe(404);
    expect((await call("POST", "/v1/timelines/secret-live/live/tickets", { token: null })).status).toBe(401);
    const issued = await call("POST", "/v1/timelines/secret-live/live/tickets");
    expect(issued.status).toBe(201);
    const { ticket, url, expires_at } = await json(issued);
    expect(url).toBe(`wss://timeline.test/v1/timelines/secret-live/live?ticket=${encodeURIComponent(ticket)}`);
    expect(Date.parse(expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
    const withTicket = await connect("secret-live", { ticket });
    expect(withTicket.res.status).toBe(101);
    await withTicket.next();
    // A ticket for one timeline opens no other.
    await createTimeline("secret-other", { visibility: "private", live: true });
    expect((await connect("secret-other", { ticket })).res.status).toBe(404);
    const withToken = await connect("secret-live", { token: "test-admin-token" });
    expect(withToken.res.status).toBe(101);
  });
});
