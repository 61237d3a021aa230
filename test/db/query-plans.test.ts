import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import { commitmentCountsQuery, type EntryFilter, entryPageQuery, type PageRequest } from "../../src/db/entries";

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
    ["text search in a translation", { match: '"energy"*', languages: ["en-GB", "en"] }],
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

describe("text search with lang", () => {
  it("matches the source text and the translations each through its full-text index, still in chronological index order", async () => {
    const detail = await plan({ match: '"energy"*', languages: ["en-GB", "en"] });
    expect(detail).toMatch(/SEARCH entries USING INDEX entries_chrono/);
    expect(detail).toMatch(/SCAN entries_fts VIRTUAL TABLE INDEX 0:M/);
    expect(detail).toMatch(/SCAN entry_translations_fts VIRTUAL TABLE INDEX 0:M/);
  });
});

describe("the widget's commitment summary", () => {
  it("counts by status from the commitments' range of the status index alone", async () => {
    const detail = await explain(commitmentCountsQuery(db, 1));
    // A range on status: the timeline's events are never read.
    expect(detail).toMatch(/USING (COVERING )?INDEX entries_status_chrono \(timeline_id=\? AND status>\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
