/**
 * Every list and filter query is served by an index search, never a scan of a table or of a
 * whole index. The plans are read from tables holding thousands of entries over several timelines,
 * after ANALYZE, so the planner chooses with statistics as it would in production.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import type { SQL } from "drizzle-orm";
import { statement } from "../../src/db/batch";
import { commitmentCountsQuery, type EntryFilter, entryPageQuery, type PageRequest } from "../../src/db/entries";
import { latestChangesQuery, liveCommitmentsPage, scorecardQueries } from "../../src/db/ledger";
import { createTimeline, importEntries } from "../support/api";

const db = openDb(env.DB);
let timelineId: number;

async function plan(filter: EntryFilter, page: Partial<PageRequest> = {}): Promise<string[]> {
  return explain(entryPageQuery(db, timelineId, filter, { order: "asc", limit: 50, after: null, ...page }));
}

async function explain(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** A plan step that reads rows in proportion to the timeline's size rather than the page's. */
function scans(steps: string[]): string[] {
  // `SCAN t` reads a table; `SCAN t USING [COVERING] INDEX i` reads a whole index. Only the
  // full-text indexes' own lookups (virtual tables; the translations' one also reads the list
  // of languages it is given) are allowed to call themselves a scan.
  return steps.filter((step) => /^SCAN /.test(step) && !/^SCAN (entries_fts|entry_translations_fts|json_each) VIRTUAL TABLE INDEX/.test(step));
}

const STATUSES = ["announced", "in_progress", "partially_fulfilled", "fulfilled", "missed", "withdrawn"];

/** `count` entries of one timeline: a mix of events and commitments, tags and actors of varying frequency. */
function generated(count: number, seed: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = i + seed;
    const commitment = n % 3 === 0;
    return {
      kind: commitment ? "commitment" : "event",
      title: `Eintrag ${n} über Energie ${n % 7 === 0 ? "und Netze" : ""}`.trim(),
      body: n % 5 === 0 ? "Reparatur der Energieinfrastruktur" : null,
      start: `${1900 + (n % 125)}-${String((n % 12) + 1).padStart(2, "0")}`,
      tags: [n % 2 === 0 ? "g7" : "nato", ...(n % 11 === 0 ? ["selten"] : [])],
      actors: n % 4 === 0 ? ["usa", "eu"] : ["eu"],
      ...(commitment ? { commitment: { status: STATUSES[n % STATUSES.length], due: "2030" } } : {}),
      ...(n % 2 === 0 ? { translations: { fr: { title: `Entrée ${n} sur l’énergie` } } } : {}),
    };
  });
}

beforeAll(async () => {
  for (const [slug, count] of [["plans-a", 2000], ["plans-b", 1500], ["plans-c", 500]] as const) {
    await createTimeline(slug);
    const res = await importEntries(slug, generated(count, count));
    expect(res.status, await res.clone().text()).toBe(200);
  }
  timelineId = (await env.DB.prepare("SELECT id FROM timelines WHERE slug = 'plans-a'").first<{ id: number }>())!.id;
  const counted = await env.DB.prepare("SELECT count(*) AS n FROM entries").first<{ n: number }>();
  expect(counted!.n).toBe(4000);
  await env.DB.prepare("ANALYZE").run();
  const stats = await env.DB.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl IN ('entries', 'entry_facets')").first<{ n: number }>();
  expect(stats!.n).toBeGreaterThan(0);
});

const after = { startMs: 0, startRank: 0, id: "0193652a-7c00-7000-8000-000000000001" };

describe("every list and filter query is an index search, never a scan", () => {
  // Each case names the index constraint its filter must become, so a filter the index cannot
  // serve (read as a search over the whole timeline) fails as surely as a scan does.
  const FACET = /entry_facets USING COVERING INDEX \S+ \(timeline_id=\? AND facet=\? AND value_key=\?/;
  const cases: [string, EntryFilter, Partial<PageRequest> | undefined, RegExp][] = [
    ["first page", {}, undefined, /^SEARCH entries USING INDEX entries_chrono \(timeline_id=\?\)$/],
    ["next page", {}, { after }, /entries_chrono \(timeline_id=\? AND \(start_ms,start_rank,id\)>\(\?,\?,\?\)\)/],
    ["newest first", {}, { order: "desc", after }, /entries_chrono \(timeline_id=\? AND \(start_ms,start_rank,id\)<\(\?,\?,\?\)\)/],
    ["kind", { kind: "commitment" }, undefined, /\(timeline_id=\? AND kind=\?\)/],
    ["status", { status: "in_progress" }, undefined, /\(timeline_id=\? AND status=\?\)/],
    ["tag", { tag: "g7" }, { after }, FACET],
    ["rare tag", { tag: "selten" }, undefined, FACET],
    ["actor", { actor: "usa" }, undefined, FACET],
    ["tag and actor", { tag: "g7", actor: "usa" }, undefined, FACET],
    ["date window", { fromMs: 0, toMs: 1e12 }, undefined, /\(timeline_id=\? AND start_ms<\?\)/],
  ];
  for (const [name, filter, page, constraint] of cases) {
    it(name, async () => {
      const steps = await plan(filter, page);
      expect(scans(steps), steps.join("\n")).toEqual([]);
      expect(steps.some((s) => constraint.test(s)), steps.join("\n")).toBe(true);
      // Read in index order, so a page stops after its rows instead of sorting the timeline.
      expect(steps.join("\n")).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    });
  }

  it("text search: the full-text index finds the matches, each entry read by its key", async () => {
    const steps = await plan({ match: '"energie"*' });
    expect(scans(steps), steps.join("\n")).toEqual([]);
    expect(steps.join("\n")).toMatch(/SCAN entries_fts VIRTUAL TABLE INDEX/);
    // Its matches are sorted (a temporary B-tree): a search costs in proportion to its matches,
    // not to the timeline's size, and is counted by the read limiter for that reason.
    expect(steps.filter((s) => /^SEARCH entries /.test(s))).not.toEqual([]);
  });

  it("text search with lang: both full-text indexes find the matches (the translations' only in the languages asked for), each entry read by its key", async () => {
    const steps = await plan({ match: '"energie"*', languages: ["fr-CA", "fr"] });
    expect(scans(steps), steps.join("\n")).toEqual([]);
    expect(steps.join("\n")).toMatch(/SCAN entries_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(steps.join("\n")).toMatch(/SCAN entry_translations_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(steps.filter((s) => /^SEARCH entries /.test(s))).not.toEqual([]);
  });

  it("would notice a scan", () => {
    expect(scans(["SCAN entries"])).toHaveLength(1);
    expect(scans(["SCAN entries USING INDEX entries_chrono"])).toHaveLength(1);
    expect(scans(["SCAN entry_facets USING COVERING INDEX sqlite_autoindex_entry_facets_1"])).toHaveLength(1);
    expect(scans(["SEARCH entries USING INDEX entries_chrono (timeline_id=?)", "SCAN entries_fts VIRTUAL TABLE INDEX 0:M2"])).toEqual([]);
    expect(scans(["SCAN entry_translations_fts USING INDEX x"])).toHaveLength(1);
  });
});

describe("the widget's commitment summary", () => {
  it("counts by status from the commitments' range of the status index alone", async () => {
    const steps = (await explain(commitmentCountsQuery(db, timelineId))).join("\n");
    // A range on status: the timeline's events are never read.
    expect(steps).toMatch(/^SEARCH entries USING (COVERING )?INDEX entries_status_chrono \(timeline_id=\? AND status>\?\)/);
    expect(steps).not.toMatch(/TEMP B-TREE/);
  });
});

describe("the ledger's reads", () => {
  const explainSql = async (query: SQL) => {
    const { sql, params } = statement(db, query);
    const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    return rows.results.map((r) => r.detail);
  };
  const NOW = Date.UTC(2026, 5, 1);

  it("reads a scorecard as seeks on the aggregates' key, never a due-date count it does not need", async () => {
    for (const maker of [undefined, "usa"]) {
      const key =
        maker === undefined
          ? /^SEARCH ledger_aggregates USING INDEX sqlite_autoindex_ledger_aggregates_1 \(timeline_id=\? AND metric>\? AND metric<\?\)$/
          : /^SEARCH ledger_aggregates USING INDEX ledger_aggregates_subject \(timeline_id=\? AND scope=\? AND subject=\? AND metric>\? AND metric<\?\)$/;
      for (const query of scorecardQueries(timelineId, NOW, maker).slice(0, 2)) {
        const steps = (await explainSql(query)).filter((s) => /^(SEARCH|SCAN) ledger_aggregates/.test(s));
        expect(steps.length).toBeGreaterThanOrEqual(3);
        for (const step of steps) expect(step).toMatch(key);
      }
    }
    // The first and last rate day: one seek each.
    const days = (await explainSql(scorecardQueries(timelineId, NOW)[2]!)).filter((s) => /^(SEARCH|SCAN) ledger_aggregates/.test(s));
    expect(days).toHaveLength(2);
    for (const step of days) expect(step).toMatch(/^SEARCH ledger_aggregates USING (COVERING )?INDEX sqlite_autoindex_ledger_aggregates_1 \(timeline_id=\? AND metric>\? AND metric<\?\)$/);
  });

  it("pages the commitments of a recomputation along the chronological index", async () => {
    const steps = await explain(liveCommitmentsPage(db, timelineId, { startMs: 0, startRank: 0, id: "x" }, 2000));
    expect(scans(steps), steps.join("\n")).toEqual([]);
    expect(steps.join("\n")).toMatch(/USING INDEX entries_kind_chrono \(timeline_id=\? AND kind=\? AND \(start_ms,start_rank,id\)>\(\?,\?,\?\)\)/);
    expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
  });

  it("reads the newest changes from the end of the changes index", async () => {
    const steps = await explainSql(latestChangesQuery(timelineId, 50));
    expect(scans(steps), steps.join("\n")).toEqual([]);
    expect(steps.join("\n")).toMatch(/SEARCH ledger_changes USING (COVERING )?INDEX sqlite_autoindex_ledger_changes_1 \(timeline_id=\?\)/);
    expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
  });
});
