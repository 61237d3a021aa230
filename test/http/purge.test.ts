/**
 * Every write purges the timeline's tag from Workers Cache in front of the Worker before it is
 * acknowledged, and once more after the late-purge delay; a write that is refused, and a dry run,
 * purge nothing. Asserted through the Worker's fetch with an execution context whose
 * `cache.purge` records its calls (locally `ctx.cache` does not exist), so it holds whichever
 * module ends up doing the purging.
 */
import { waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LATE_PURGE_MS } from "../../src/http/cache";
import worker from "../../src/index";
import { ADMIN, BASE, call, createEntry, createTimeline, json } from "../support/api";
import { purgeRecordingContext } from "../support/edge-cache";

const realSetTimeout = globalThis.setTimeout;
const SLUG = "purged";
const TAG = `timeline-${SLUG}`;

/**
 * Sends one request with a recording `ctx.cache`. The log shows the order of events: a purge is
 * logged only once it has completed (it takes a few real milliseconds, as a network call would),
 * the response once `fetch` has resolved. Then the fake clock runs past the late-purge delay.
 */
async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  const log: string[] = [];
  const { ctx, recording } = purgeRecordingContext(async (tags) => {
    await new Promise((resolve) => realSetTimeout(resolve, 5));
    log.push(`purge ${tags.join(",")}`);
  });
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN}`, ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["Content-Type"] ??= "application/json";
  }
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const res = await worker.fetch(new Request(`${BASE}${path}`, { method, headers, body }), env, recording);
  log.push(`response ${res.status}`);
  const acknowledged = [...log];
  await vi.advanceTimersByTimeAsync(LATE_PURGE_MS - 1);
  const beforeDelay = [...log];
  await vi.advanceTimersByTimeAsync(1);
  await waitOnExecutionContext(ctx);
  vi.useRealTimers();
  return { res, acknowledged, beforeDelay, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("every write purges the timeline's cache tag, then purges it again late", () => {
  let entryId: string;
  beforeAll(async () => {
    await createTimeline(SLUG);
    entryId = (await createEntry(SLUG, { title: "Erster Eintrag", start: "2024" })).id;
  });

  const writes: [string, () => [string, string, { body?: unknown; headers?: Record<string, string> }?]][] = [
    ["entry create", () => ["POST", `/v1/timelines/${SLUG}/entries`, { body: { kind: "event", title: "Neu", start: "2025" } }]],
    ["entry patch", () => ["PATCH", `/v1/timelines/${SLUG}/entries/${entryId}`, { body: { title: "Geändert" } }]],
    ["entry delete", () => ["DELETE", `/v1/timelines/${SLUG}/entries/${entryId}`]],
    ["entry restore", () => ["POST", `/v1/timelines/${SLUG}/entries/${entryId}/restore`]],
    ["timeline patch", () => ["PATCH", `/v1/timelines/${SLUG}`, { body: { title: "Umbenannt" } }]],
    ["timeline delete", () => ["DELETE", `/v1/timelines/${SLUG}`]],
    ["timeline restore", () => ["POST", `/v1/timelines/${SLUG}/restore`]],
    ["import", () => ["POST", `/v1/timelines/${SLUG}/import`, { body: { events: [{ start_date: { year: 2026 }, text: { headline: "Importiert" } }] } }]],
  ];
  // In this order: each write leaves the timeline in the state the next one needs.
  for (const [name, request] of writes) {
    it(name, async () => {
      const [method, path, init] = request();
      const { res, acknowledged, beforeDelay, log } = await send(method, path, init);
      // A write to the timeline itself also purges the lists across timelines, which show it.
      const tags = name.startsWith("timeline ") ? `${TAG},timelines` : TAG;
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      expect(acknowledged).toEqual([`purge ${tags}`, `response ${res.status}`]);
      expect(beforeDelay).toEqual(acknowledged);
      expect(log).toEqual([...acknowledged, `purge ${tags}`]);
    });
  }

  it("the import wrote what it was purged for", async () => {
    const list = await json(await call("GET", `/v1/timelines/${SLUG}/entries`));
    expect(list.items.map((e: any) => e.title)).toEqual(["Geändert", "Neu", "Importiert"]);
  });
});

describe("a refused write or a dry run purges nothing", () => {
  let entryId: string;
  let editor: string;
  let revision: number;
  beforeAll(async () => {
    await createTimeline("unpurged");
    entryId = (await createEntry("unpurged", { title: "Bleibt", start: "2024" })).id;
    revision = (await json(await call("GET", "/v1/timelines/unpurged"))).revision;
    const token = await call("POST", "/v1/tokens", { body: { name: "editor elsewhere", role: "editor", timelines: ["elsewhere"] } });
    editor = (await json(token)).token;
  });

  const refused: [string, number, () => [string, string, { body?: unknown; headers?: Record<string, string> }?]][] = [
    ["invalid entry", 400, () => ["POST", "/v1/timelines/unpurged/entries", { body: { kind: "event", title: "", start: "2024" } }]],
    ["without a token", 401, () => ["POST", "/v1/timelines/unpurged/entries", { body: { kind: "event", title: "x", start: "2024" }, headers: { Authorization: "" } }]],
    ["stale If-Match", 412, () => ["PATCH", `/v1/timelines/unpurged/entries/${entryId}`, { body: { title: "x" }, headers: { "If-Match": `"e.${entryId}.9"` } }]],
    ["unknown entry", 404, () => ["DELETE", "/v1/timelines/unpurged/entries/0193652a-7c00-7000-8000-000000000001"]],
    ["a token for another timeline", 403, () => ["PATCH", "/v1/timelines/unpurged", { body: { title: "x" }, headers: { Authorization: `Bearer ${editor}` } }]],
    ["rejected import", 422, () => ["POST", "/v1/timelines/unpurged/import", { body: { events: [{ start_date: { year: 2026 }, text: { headline: "" } }] } }]],
    ["dry-run import", 200, () => ["POST", "/v1/timelines/unpurged/import?dry_run=true", { body: { events: [{ start_date: { year: 2026 }, text: { headline: "Nur geprüft" } }] } }]],
  ];
  for (const [name, status, request] of refused) {
    it(name, async () => {
      const [method, path, init] = request();
      const { res, log } = await send(method, path, init);
      expect(res.status, await res.clone().text()).toBe(status);
      expect(log).toEqual([`response ${status}`]);
    });
  }

  it("left the timeline as it was", async () => {
    expect((await json(await call("GET", "/v1/timelines/unpurged/entries"))).items.map((e: any) => e.title)).toEqual(["Bleibt"]);
    expect((await json(await call("GET", "/v1/timelines/unpurged"))).revision).toBe(revision);
  });
});
