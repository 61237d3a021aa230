import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import type { SQL } from "drizzle-orm";
import { statement } from "../../src/db/batch";
import { commitmentCountsQuery, type EntryFilter, entryPageQuery, type PageRequest } from "../../src/db/entries";
import { latestChangesQuery, liveCommitmentsPage, scorecardQueries } from "../../src/db/ledger";

const db = openDb(env.DB);

async function plan(filter: EntryFilter, page: Partial<PageRequest> = {}): Promise<string> {
  return explain(entryPageQuery(db, 1, filter, { order: "asc", limit: 50, after: null, ...page }));
}

async function explain(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return rows.results.map((r) => r.detail).join("\n");
}

const after = { startMs: 0, startRank: 0, id: "0193652a-7c00-7000-8000-000000000001" };

describe("every list and filter query is served by an index", () => {
  const cases: [string, EntryFilter, Partial<PageRequest>?][] = [
    ["first page", {}],
    ["next page", {}, { after }],
    ["newest first", {}, { order: "desc", after }],
    ["kind", { kind: "commitment" }],
    ["status", { status: "in_progress" }],
    ["tag", { tag: "g7" }, { after }],
    ["actor", { actor: "usa" }],
    ["tag and actor", { tag: "g7", actor: "usa" }],
    ["date window", { fromMs: 0, toMs: 1e12 }],
    ["text search", { match: '"energie"*' }],
  ];
  for (const [name, filter, page] of cases) {
    it(name, async () => {
      const detail = await plan(filter, page);
      expect(detail).not.toMatch(/\bSCAN (entries|entry_facets)\b(?! USING)/);
      expect(detail).toMatch(/USING (COVERING )?INDEX|USING PRIMARY KEY|USING INTEGER PRIMARY KEY|VIRTUAL TABLE INDEX/);
      expect(detail).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    });
  }
});

describe("the widget's commitment summary", () => {
  it("counts by status from the commitments' range of the status index alone", async () => {
    const detail = await explain(commitmentCountsQuery(db, 1));
    // A range on status: the timeline's events are never read.
    expect(detail).toMatch(/USING (COVERING )?INDEX entries_status_chrono \(timeline_id=\? AND status>\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});

describe("the ledger's reads", () => {
  const explainSql = async (query: SQL) => {
    const { sql, params } = statement(db, query);
    const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    return rows.results.map((r) => r.detail).join("\n");
  };

  it("reads a scorecard from ranges of the aggregates' key: never a due-date count it does not need", async () => {
    for (const maker of [undefined, "Germany"]) {
      const key = maker === undefined ? /^SEARCH ledger_aggregates USING INDEX sqlite_autoindex_ledger_aggregates_1 \(timeline_id=\? AND metric>\? AND metric<\?\)$/ : /^SEARCH ledger_aggregates USING INDEX ledger_aggregates_subject \(timeline_id=\? AND scope=\? AND subject=\? AND metric>\? AND metric<\?\)$/;
      for (const query of scorecardQueries(1, Date.UTC(2026, 5, 1), maker).slice(0, 2)) {
        const searches = (await explainSql(query)).split("\n").filter((line) => line.startsWith("SEARCH") || line.startsWith("SCAN"));
        expect(searches.length).toBeGreaterThanOrEqual(3);
        for (const line of searches) expect(line).toMatch(key);
      }
      // The first and last rate day: two seeks on the key.
      const days = (await explainSql(scorecardQueries(1, Date.UTC(2026, 5, 1))[2]!)).split("\n").filter((line) => /(SEARCH|SCAN) ledger_aggregates/.test(line));
      expect(days).toHaveLength(2);
      for (const line of days) expect(line).toMatch(/SEARCH ledger_aggregates USING (COVERING )?INDEX sqlite_autoindex_ledger_aggregates_1 \(timeline_id=\? AND metric>\? AND metric<\?\)/);
    }
  });

  it("pages the commitments of a recomputation along the chronological index", async () => {
    const detail = await explain(liveCommitmentsPage(db, 1, { startMs: 0, startRank: 0, id: "x" }, 2000));
    expect(detail).toMatch(/USING INDEX entries_kind_chrono \(timeline_id=\? AND kind=\? AND \(start_ms,start_rank,id\)>\(\?,\?,\?\)\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it("reads the newest changes from the end of the changes index", async () => {
    const detail = await explainSql(latestChangesQuery(1, 50));
    expect(detail).toMatch(/SEARCH ledger_changes USING (COVERING )?INDEX sqlite_autoindex_ledger_changes_1 \(timeline_id=\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
