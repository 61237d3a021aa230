/**
 * The overdue moment in the changes feed: the hourly sweep that fires `commitment.overdue` adds
 * one item per commitment and due date to changes.json and changes.atom, in the timeline's
 * language, whether or not the timeline has webhooks, and purges the cached feeds.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import { overdueChangeStatements } from "../../src/db/overdue";
import { entryUrl } from "../../src/http/links";
import worker from "../../src/index";
import { BASE, call, createEntry, createTimeline, json } from "../support/api";
import { purgeRecordingContext } from "../support/edge-cache";

const HOURLY = "7 * * * *";
const HOUR = 3_600_000;
/** 31 March 2025 ends in Berlin (CEST, UTC+2) at 22:00 UTC. */
const END_OF_MARCH_BERLIN = Date.UTC(2025, 2, 31, 22);
/** February 2025 ends in Berlin (CET, UTC+1) at 23:00 UTC. */
const END_OF_FEBRUARY_BERLIN = Date.UTC(2025, 1, 28, 23);
const MARCH_SWEEP = END_OF_MARCH_BERLIN + 7 * 60_000;

const NEWS = "overdue-news";
const QUIET = "overdue-quiet";
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["entry", "link", "category"].includes(name) });

/** Runs the hourly cron at `at` with an execution context whose edge cache records what is purged. */
async function hourly(at: number): Promise<string[]> {
  const purged: string[] = [];
  const { recording } = purgeRecordingContext((tags) => {
    purged.push(...tags);
  });
  await worker.scheduled(createScheduledController({ cron: HOURLY, scheduledTime: at }), env, recording);
  return purged;
}

interface Item {
  id: string;
  url: string;
  title: string;
  content_text: string;
  date_published: string;
  _change: Record<string, unknown>;
}

async function feedItems(slug: string): Promise<Item[]> {
  const res = await call("GET", `/v1/timelines/${slug}/changes.json`, { token: null });
  expect(res.status).toBe(200);
  return (await json(res)).items;
}

const overdueItems = async (slug: string, entryId?: string) =>
  (await feedItems(slug)).filter((i) => i._change.kind === "overdue" && (!entryId || i._change.entry_id === entryId));

async function atomEntries(slug: string): Promise<any[]> {
  const res = await call("GET", `/v1/timelines/${slug}/changes.atom`, { token: null });
  expect(res.status).toBe(200);
  return parser.parse(await res.text()).feed.entry ?? [];
}

const commitment = (title: string, due: string, extra: Record<string, unknown> = {}) => ({
  kind: "commitment",
  title,
  start: "2024-11-26",
  commitment: { status: "announced", due, ...extra },
});

describe("the overdue moment in the changes feed", () => {
  let grid: { id: string };
  let quiet: { id: string };
  let kept: { id: string };
  let moved: { id: string };
  let removed: { id: string };
  let draft: { id: string };
  let cachedBefore: string;
  let purgedInMarch: string[];

  beforeAll(async () => {
    await createTimeline(NEWS, { language: "en", time_zone: "Europe/Berlin" });
    await call("POST", `/v1/timelines/${NEWS}/webhooks`, { body: { url: "https://hooks.example.org/overdue", events: ["commitment.overdue"] } });
    await createTimeline(QUIET, { language: "de", time_zone: "Europe/Berlin" });

    grid = await createEntry(NEWS, commitment("Grid repair fund", "2025-03-31", { made_by: ["Germany"] }));
    kept = await createEntry(NEWS, commitment("Kept promise", "2025-03-31", { made_by: ["France"], status: "fulfilled" }));
    moved = await createEntry(NEWS, commitment("Moved deadline", "2025-02", { made_by: ["Italy", "Spain"] }));
    removed = await createEntry(NEWS, commitment("Removed pledge", "2025-03-31", { made_by: ["Japan"] }));
    draft = await createEntry(NEWS, { ...commitment("Draft pledge", "2025-03-31"), draft: true });
    quiet = await createEntry(QUIET, commitment("Stromnetz", "2025-03"));

    // February ends: only the February deadline passes.
    await hourly(END_OF_FEBRUARY_BERLIN + 7 * 60_000);
    // The deadline moves to the end of March, which then passes too.
    expect((await call("PATCH", `/v1/timelines/${NEWS}/entries/${moved.id}`, { body: { commitment: { due: "2025-03-31" } } })).status).toBe(200);

    // Cached before March's sweep: read twice, the second read served from the cache.
    await feedItems(QUIET);
    const again = await call("GET", `/v1/timelines/${QUIET}/changes.json`, { token: null });
    cachedBefore = again.headers.get("X-Cache") ?? "";
    await again.arrayBuffer();

    purgedInMarch = await hourly(MARCH_SWEEP);
    await hourly(MARCH_SWEEP + HOUR); // a second sweep adds nothing
  });

  it("adds one item per commitment and due date, after two sweeps still one, with the sentence and the due period's last day", async () => {
    const items = await overdueItems(NEWS, grid.id);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({
      url: entryUrl(BASE, NEWS, grid.id),
      title: 'Germany\'s commitment "Grid repair fund" is overdue: due March 31, 2025',
      date_published: new Date(MARCH_SWEEP).toISOString(),
      _change: { kind: "overdue", date: "2025-03-31", due: "2025-03-31", entry_id: grid.id },
    });
    expect(item!.content_text).toBe('March 31, 2025: Germany\'s commitment "Grid repair fund" is overdue: due March 31, 2025');
    expect(item!.id).toMatch(new RegExp(`/changes/${grid.id}/overdue/2025-03-31$`));
  });

  it("reads newest recorded first with the other items", async () => {
    const published = (await feedItems(NEWS)).map((i) => i.date_published);
    expect(published).toEqual([...published].sort().reverse());
  });

  it("shows the same item in Atom", async () => {
    const entries = (await atomEntries(NEWS)).filter((e) => e.category.some((c: any) => c["@term"] === "overdue") && e.link[0]["@href"] === entryUrl(BASE, NEWS, grid.id));
    expect(entries).toHaveLength(1);
    expect(entries[0].title["#text"]).toBe('Germany\'s commitment "Grid repair fund" is overdue: due March 31, 2025');
    expect(entries[0].published).toBe(new Date(MARCH_SWEEP).toISOString());
  });

  it("reaches a timeline without webhooks, in its language, dated to the end of the due month", async () => {
    const [item, ...more] = await overdueItems(QUIET, quiet.id);
    expect(more).toEqual([]);
    expect(item!.title).toBe("Zusage „Stromnetz“ ist überfällig: fällig März 2025");
    expect(item!._change).toMatchObject({ date: "2025-03-31", due: "2025-03" });
  });

  it("was purged: the read cached before the sweep does not hide the item", async () => {
    expect(cachedBefore).toBe("HIT");
    expect(purgedInMarch).toEqual(expect.arrayContaining([`timeline-${NEWS}`, `timeline-${QUIET}`]));
    expect((await overdueItems(QUIET, quiet.id)).map((i) => i._change.due)).toEqual(["2025-03"]);
  });

  it("purges nothing when a sweep adds nothing", async () => {
    expect(await hourly(MARCH_SWEEP + 2 * HOUR)).toEqual([]);
  });

  it("gives a fulfilled commitment and a draft none", async () => {
    expect(await overdueItems(NEWS, kept.id)).toEqual([]);
    expect(await overdueItems(NEWS, draft.id)).toEqual([]);
  });

  it("gives a changed due date a second item, and keeps the first through the change", async () => {
    const items = await overdueItems(NEWS, moved.id);
    expect(items.map((i) => i._change.due)).toEqual(["2025-03-31", "2025-02"]);
    expect(items.map((i) => i.title)).toEqual([
      'Italy and Spain\'s commitment "Moved deadline" is overdue: due March 31, 2025',
      'Italy and Spain\'s commitment "Moved deadline" is overdue: due February 2025',
    ]);
    expect(items[1]!._change.date).toBe("2025-02-28");
  });

  it("keeps the item through a later write, told with the entry as it now reads", async () => {
    expect((await call("PATCH", `/v1/timelines/${NEWS}/entries/${grid.id}`, { body: { title: "Grid fund" } })).status).toBe(200);
    const items = await overdueItems(NEWS, grid.id);
    expect(items.map((i) => i.title)).toEqual(['Germany\'s commitment "Grid fund" is overdue: due March 31, 2025']);
  });

  it("drops a deleted entry's item from both feeds, and brings it back with the entry", async () => {
    expect(await overdueItems(NEWS, removed.id)).toHaveLength(1);
    expect((await call("DELETE", `/v1/timelines/${NEWS}/entries/${removed.id}`)).status).toBe(204);
    expect(await overdueItems(NEWS, removed.id)).toEqual([]);
    expect((await atomEntries(NEWS)).map((e) => e.title["#text"])).not.toContainEqual(expect.stringContaining("Removed pledge"));
    expect((await call("POST", `/v1/timelines/${NEWS}/entries/${removed.id}/restore`)).status).toBe(200);
    expect((await overdueItems(NEWS, removed.id)).map((i) => i._change.due)).toEqual(["2025-03-31"]);
  });
});

describe("the sweep's cost", () => {
  it("finds the alerts it won by their key, never by scanning every alert", async () => {
    const statements = overdueChangeStatements(openDb(env.DB), [{ entryId: "e1", due: "2025", eventId: "ev1" }]);
    for (const s of statements) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.params).all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join("\n");
      expect(plan).toMatch(/SEARCH a USING INDEX sqlite_autoindex_overdue_alerts_1/);
      expect(plan).not.toMatch(/SCAN (a|e)\b/);
    }
  });
});
