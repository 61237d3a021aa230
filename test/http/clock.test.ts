/**
 * What follows the clock, with the clock fixed: representations roll over every quarter hour,
 * `overdue` flips when the due period ends in the timeline's own time zone, and the widget's
 * "today" marker moves with the day.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const get = (path: string, headers: Record<string, string> = {}) => call("GET", path, { token: null, headers });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at("2025-01-01T09:00:00Z");
});
afterAll(() => {
  vi.useRealTimers();
});

describe("representations roll over every quarter hour", () => {
  it("keeps the ETag within a quarter hour and changes it across the boundary", async () => {
    await createTimeline("hourly");
    await createEntry("hourly", { title: "Eins", start: "2024" });
    const etagAt = async (iso: string, path = "/v1/timelines/hourly/entries") => {
      at(iso);
      return (await get(path)).headers.get("ETag")!;
    };
    const early = await etagAt("2025-01-15T10:45:00.000Z");
    expect(await etagAt("2025-01-15T10:59:59.999Z")).toBe(early);
    const next = await etagAt("2025-01-15T11:00:00.000Z");
    expect(await etagAt("2025-01-15T11:14:59.999Z")).toBe(next);
    expect(await etagAt("2025-01-15T11:15:00.000Z")).not.toBe(next);
    expect(next).not.toBe(early);
    // The old validator no longer matches, so a client holding it gets the new representation.
    expect((await get("/v1/timelines/hourly/entries", { "If-None-Match": early })).status).toBe(200);
    at("2025-01-15T11:00:00.000Z");
    expect((await get("/v1/timelines/hourly/entries", { "If-None-Match": next })).status).toBe(304);
    // Feeds and single entries roll over too.
    for (const path of ["/v1/timelines/hourly/feed.json", "/v1/timelines/hourly"]) {
      const before = await etagAt("2025-01-15T11:59:59.000Z", path);
      expect(await etagAt("2025-01-15T12:00:00.000Z", path), path).not.toBe(before);
    }
    expect((await get("/v1/timelines/hourly/entries", { "If-None-Match": next })).status).toBe(200);
  });
});

describe("overdue follows the timeline's time zone", () => {
  // Due on 15 January 2025: overdue from midnight at the end of that day, local time.
  const zones = [
    ["due-auckland", "Pacific/Auckland", "2025-01-15T11:00:00Z"], // UTC+13 in January
    ["due-utc", "UTC", "2025-01-16T00:00:00Z"],
    ["due-la", "America/Los_Angeles", "2025-01-16T08:00:00Z"], // UTC−8
    ["due-kolkata", "Asia/Kolkata", "2025-01-15T18:30:00Z"], // UTC+5:30: midnight falls mid-hour in UTC
    ["due-kathmandu", "Asia/Kathmandu", "2025-01-15T18:15:00Z"], // UTC+5:45
  ] as const;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    at("2025-01-01T09:00:00Z");
    for (const [slug, zone] of zones) {
      await createTimeline(slug, { time_zone: zone });
      const entry = await createEntry(slug, { kind: "commitment", title: "Zusage", start: "2024-12-01", commitment: { status: "announced", due: "2025-01-15" } });
      ids.set(slug, entry.id);
    }
  });

  const overdue = async (slug: string) => {
    const entry = await json(await get(`/v1/timelines/${slug}/entries/${ids.get(slug)}`));
    const listed = (await json(await get(`/v1/timelines/${slug}/entries`))).items[0];
    expect(listed.commitment.overdue).toBe(entry.commitment.overdue);
    return entry.commitment.overdue as boolean;
  };

  for (const [slug, zone, ends] of zones) {
    it(`flips at ${ends} in ${zone}`, async () => {
      at(new Date(Date.parse(ends) - 1).toISOString());
      expect(await overdue(slug)).toBe(false);
      at(ends);
      expect(await overdue(slug)).toBe(true);
    });
  }

  it("never for a fulfilled commitment", async () => {
    at("2025-01-14T00:00:00Z");
    const patched = await call("PATCH", `/v1/timelines/due-utc/entries/${ids.get("due-utc")}`, { body: { commitment: { status: "fulfilled" } } });
    expect(patched.status).toBe(200);
    at("2026-01-01T00:00:00Z");
    expect(await overdue("due-utc")).toBe(false);
  });
});

describe("the widget's today marker", () => {
  beforeAll(async () => {
    at("2025-01-01T09:00:00Z");
    await createTimeline("today", { time_zone: "Europe/Berlin", language: "en" });
    for (const [title, start] of [["Zehnter", "2025-01-10"], ["Zwanzigster", "2025-01-20"], ["Februar", "2025-02-01"]]) {
      await createEntry("today", { title, start });
    }
  });

  /** The widget's list in order: entry titles, and "now" with its date where the marker is. */
  async function widgetList(iso: string): Promise<string[]> {
    at(iso);
    const html = await (await get("/embed/today")).text();
    const items = [...html.matchAll(/<li class="now"><time datetime="([^"]+)"|<li[^>]* id="entry-[^"]+"[^>]*>[\s\S]*?<h3[^>]*>([^<]*)</g)];
    return items.map((m) => (m[1] ? `now ${m[1]}` : m[2]!));
  }

  it("stands between the past and the future, and moves with the day in the timeline's zone", async () => {
    expect(await widgetList("2025-01-15T12:00:00Z")).toEqual(["Zehnter", "now 2025-01-15", "Zwanzigster", "Februar"]);
    expect(await widgetList("2025-01-25T12:00:00Z")).toEqual(["Zehnter", "Zwanzigster", "now 2025-01-25", "Februar"]);
    // 23:30 UTC is already the next day in Berlin.
    expect(await widgetList("2025-01-25T23:30:00Z")).toEqual(["Zehnter", "Zwanzigster", "now 2025-01-26", "Februar"]);
    expect(await widgetList("2025-03-01T12:00:00Z")).toEqual(["Zehnter", "Zwanzigster", "Februar", "now 2025-03-01"]);
  });
});
