import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { runBatch, statement } from "../../src/db/batch";
import { openDb } from "../../src/db/client";
import { entryWrites, getEntry } from "../../src/db/entries";
import { StaleRevision } from "../../src/db/errors";
import { insertTimelineStatement, type NewTimeline, timelineFromResult } from "../../src/db/timelines";
import { buildEntry, type EntryInput } from "../../src/domain/entry";
import { sql } from "drizzle-orm";

const db = openDb(env.DB);
const now = "2026-01-01T00:00:00.000Z";
let timelineId: number;

const input = (overrides: Partial<EntryInput> = {}): EntryInput => ({
  external_id: null,
  kind: "event",
  title: "Eintrag",
  body: null,
  start: "2024-11-26",
  end: null,
  date_qualifier: null,
  display_date: null,
  tags: [],
  actors: [],
  location: null,
  importance: null,
  media: null,
  sources: [],
  commitment: null,
  draft: false,
  translations: {},
  ...overrides,
});

const insertTimeline = async (fields: NewTimeline) => timelineFromResult(await runBatch(db, [insertTimelineStatement(db, fields, now)]));
const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe("entry writes as D1 batches", () => {
  beforeAll(async () => {
    timelineId = (await insertTimeline({ slug: "batch", title: "Batch", description: "", language: "de", languages: ["de"], time_zone: "UTC", visibility: "public", embed_origins: [] }))!.id;
  });

  it("stays under 100 bound parameters per statement however many tags, actors and sources", async () => {
    const many = input({
      title: "Viele",
      tags: Array.from({ length: 30 }, (_, i) => `Schlagwort ${i}`),
      actors: Array.from({ length: 30 }, (_, i) => `Akteur ${i}`),
      sources: Array.from({ length: 30 }, (_, i) => ({ url: `https://example.org/${i}`, title: `Quelle ${i}`, publisher: null, published: null })),
      commitment: {
        status: "announced",
        due: null,
        amount: null,
        delivered: null,
        made_by: Array.from({ length: 30 }, (_, i) => `Staat ${i}`),
        beneficiary: null,
      },
      kind: "commitment",
    });
    const entries = Array.from({ length: 40 }, (_, i) => buildEntry(null, { ...many, title: `Viele ${i}` }, { id: crypto.randomUUID(), now }));
    const statements = entryWrites(db, timelineId, entries.map((entry) => ({ entry, previous: null, action: "import" })), { tokenId: "root", now });
    for (const s of statements) expect(s.params.length).toBeLessThan(100);
    await runBatch(db, statements);
    // 30 tags + 60 distinct actors (actors and makers) per entry.
    expect(await count("entry_facets")).toBe(40 * 90);
    expect(await count("entry_revisions")).toBe(40);
  });

  it("applies all or nothing: a failing statement rolls the whole batch back", async () => {
    const before = await Promise.all(["entries", "entry_facets", "entry_revisions"].map(count));
    const entry = buildEntry(null, input({ tags: ["a", "b"] }), { id: crypto.randomUUID(), now });
    const statements = entryWrites(db, timelineId, [{ entry, previous: null, action: "create" }], { tokenId: "root", now });
    statements.push(statement(db, sql`INSERT INTO timelines (id, slug, title, created_at, updated_at) VALUES (${timelineId}, 'dup', 'dup', ${now}, ${now})`));
    await expect(runBatch(db, statements)).rejects.toThrow();
    expect(await Promise.all(["entries", "entry_facets", "entry_revisions"].map(count))).toEqual(before);
  });

  it("refuses to overwrite a newer revision (the revision lock)", async () => {
    const created = buildEntry(null, input({ title: "v1" }), { id: crypto.randomUUID(), now });
    await runBatch(db, entryWrites(db, timelineId, [{ entry: created, previous: null, action: "create" }], { tokenId: "root", now }));
    const v2 = buildEntry(created, input({ title: "v2" }), { id: created.id, now });
    await runBatch(db, entryWrites(db, timelineId, [{ entry: v2, previous: created, action: "update" }], { tokenId: "root", now }));
    // A writer that read v1 and writes its own "v2" must fail, not overwrite.
    const stale = buildEntry(created, input({ title: "stale" }), { id: created.id, now });
    await expect(runBatch(db, entryWrites(db, timelineId, [{ entry: stale, previous: created, action: "update" }], { tokenId: "root", now }))).rejects.toBeInstanceOf(
      StaleRevision,
    );
    expect((await getEntry(db, timelineId, created.id))!.title).toBe("v2");
  });

  it("never moves an id into another timeline", async () => {
    const other = (await insertTimeline({ slug: "batch-2", title: "Other", description: "", language: "de", languages: ["de"], time_zone: "UTC", visibility: "public", embed_origins: [] }))!.id;
    const created = buildEntry(null, input({ title: "home" }), { id: crypto.randomUUID(), now });
    await runBatch(db, entryWrites(db, timelineId, [{ entry: created, previous: null, action: "create" }], { tokenId: "root", now }));
    const moved = { ...created, title: "moved", revision: 2 };
    await runBatch(db, entryWrites(db, other, [{ entry: moved, previous: created, action: "update" }], { tokenId: "root", now })).catch(() => undefined);
    expect((await getEntry(db, timelineId, created.id))!.title).toBe("home");
    expect(await getEntry(db, other, created.id)).toBeNull();
  });
});
