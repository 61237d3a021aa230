/**
 * Export and import of our own format: a lossless backup that restores into an empty timeline,
 * re-imports without duplicates, and is all or nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import demo from "../../scripts/demo/g7-ukraine.json";
import { LIMITS } from "../../src/domain/limits";
import { call, createEntry, createTimeline, json } from "../support/api";
import { forgetTimeline } from "../support/forget";
import { createHostileTimeline, type FixtureEntries } from "../feeds/fixture";

const SERVICE_FIELDS = ["revision", "updated_at"] as const;
const without = (entry: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(entry).filter(([k]) => !keys.includes(k)));

const exportOf = async (slug: string, token?: string | null) => call("GET", `/v1/timelines/${slug}/export`, { token });
const importInto = (slug: string, body: unknown, query = "", token?: string | null) =>
  call("POST", `/v1/timelines/${slug}/import${query}`, { body, token });
const timelineRevision = async (slug: string) => (await json(await call("GET", `/v1/timelines/${slug}`))).revision as number;

describe("export", () => {
  let entries: FixtureEntries;
  let editor: string;

  beforeAll(async () => {
    entries = await createHostileTimeline("exported");
    await createTimeline("elsewhere");
    editor = (await json(await call("POST", "/v1/tokens", { body: { name: "e", role: "editor", timelines: ["exported"] } }))).token;
  });

  it("needs a token that covers the timeline", async () => {
    expect((await exportOf("exported", null)).status).toBe(401);
    expect((await exportOf("elsewhere", editor)).status).toBe(403);
    const res = await exportOf("exported", editor);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("holds the timeline and every live entry with every stored field", async () => {
    await call("PATCH", `/v1/timelines/exported/entries/${entries.overdue.id}`, {
      body: { commitment: { status: "missed", status_note: "Frist verstrichen", status_date: "2021-01-05" } },
    });
    await call("DELETE", `/v1/timelines/exported/entries/${entries.formula.id}`);
    const doc = await json(await exportOf("exported"));
    expect(doc).toMatchObject({
      format: "edge-timeline/1",
      exported_at: expect.any(String),
      timeline: { slug: "exported", language: "de", time_zone: "Europe/Berlin", visibility: "public", embed_origins: [] },
    });
    expect(doc.timeline).not.toHaveProperty("id");
    expect(doc.entries).toHaveLength(8);
    expect(doc.entries.map((e: any) => e.id)).not.toContain(entries.formula.id);
    expect(Object.keys(doc.entries[0])).toEqual([
      "id", "external_id", "kind", "title", "body", "start", "end", "date_qualifier", "display_date", "tags", "actors",
      "location", "importance", "media", "sources", "commitment", "draft", "translations", "revision", "created_at", "updated_at",
    ]);
    const overdue = doc.entries.find((e: any) => e.id === entries.overdue.id);
    expect(overdue.commitment.history).toEqual([
      expect.objectContaining({ from: null, status: "announced" }),
      { at: "2021-01-05", from: "announced", status: "missed", note: "Frist verstrichen", source: null, reason: null, recorded_at: expect.any(String) },
    ]);
    expect(overdue.commitment).not.toHaveProperty("overdue");
    const listed = await json(await call("GET", `/v1/timelines/exported/entries?limit=200`));
    for (const item of listed.items) {
      const { timeline: _t, precision: _p, commitment, ...stored } = item;
      const exported = doc.entries.find((e: any) => e.id === item.id);
      expect(without(exported, ["commitment"])).toEqual(stored);
      if (commitment) {
        const { overdue: _o, progress: _g, totals: _s, ...data } = commitment;
        expect(exported.commitment).toEqual(data);
      }
    }
  });
});

describe("export → import → export", () => {
  it("restores the same entries into an empty timeline of a fresh instance", async () => {
    await createHostileTimeline("backup");
    const [first] = (await json(await call("GET", "/v1/timelines/backup/entries?kind=commitment"))).items;
    await call("PATCH", `/v1/timelines/backup/entries/${first.id}`, { body: { commitment: { status: "fulfilled", status_note: "Erledigt" } } });
    const original = await json(await exportOf("backup"));
    await forgetTimeline("backup");

    await createTimeline("restored", { language: "de" });
    const started = new Date().toISOString();
    const res = await importInto("restored", original);
    const report = await json(res);
    expect(res.status, JSON.stringify(report.items?.filter((i: any) => i.errors))).toBe(200);
    expect(report).toMatchObject({ format: "edge-timeline/1", applied: true, created: 9, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.notes.join(" ")).toMatch(/timeline fields are not applied/);

    const again = await json(await exportOf("restored"));
    // Everything the entries hold comes back: texts, dates, lists, sources, commitments with their
    // history, created_at. The entries are copies: new ids, each keeping its old id as external_id
    // (or the external id it had). The service's own counters restart: revision is 1 and
    // updated_at is the time of the import.
    const copied = [...SERVICE_FIELDS, "id", "external_id"];
    expect(again.entries.map((e: any) => without(e, copied))).toEqual(original.entries.map((e: any) => without(e, copied)));
    expect(again.entries.map((e: any) => e.external_id)).toEqual(original.entries.map((e: any) => e.external_id ?? e.id));
    for (const e of again.entries) {
      expect(e.revision).toBe(1);
      expect(e.updated_at >= started).toBe(true);
    }
    const fulfilled = again.entries.find((e: any) => e.external_id === first.id);
    expect(fulfilled.commitment.history.map((h: any) => h.status)).toEqual(["announced", "fulfilled"]);

    // Importing the same file again changes nothing and bumps no revision.
    const revision = await timelineRevision("restored");
    const twice = await json(await importInto("restored", original));
    expect(twice).toMatchObject({ created: 0, updated: 0, unchanged: 9, applied: false });
    expect(await timelineRevision("restored")).toBe(revision);
    expect((await json(await exportOf("restored"))).entries).toEqual(again.entries);
  });

  it("restores deleted entries of the same timeline", async () => {
    await createTimeline("undo");
    const a = await createEntry("undo", { title: "A", start: "2024" });
    const b = await createEntry("undo", { title: "B", start: "2025" });
    const backup = await json(await exportOf("undo"));
    await call("DELETE", `/v1/timelines/undo/entries/${a.id}`);
    await call("PATCH", `/v1/timelines/undo/entries/${b.id}`, { body: { title: "B geändert" } });
    const report = await json(await importInto("undo", backup));
    expect(report).toMatchObject({ created: 0, updated: 2 });
    expect(report.items[0]).toMatchObject({ id: a.id, status: "updated", note: expect.stringMatching(/restored/) });
    const now = await json(await call("GET", "/v1/timelines/undo/entries"));
    expect(now.items.map((e: any) => [e.title, e.revision])).toEqual([["A", 3], ["B", 3]]);
  });
});

describe("import of our format", () => {
  beforeAll(async () => {
    await createTimeline("target", { time_zone: "Europe/Berlin" });
    await createTimeline("other");
  });

  it("loads the demo document (input fields, status notes, no history) and re-imports it unchanged", async () => {
    await createTimeline("g7-ukraine", { language: "de", time_zone: "Europe/Berlin" });
    const res = await importInto("g7-ukraine", demo);
    const report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ created: demo.entries.length, rejected: 0 });
    const copied = report.items.find((i: any) => i.source_id === "0193652a-7c00-7000-8000-000000000007");
    const entry = await json(await call("GET", `/v1/timelines/g7-ukraine/entries/${copied.id}`));
    expect(entry.commitment.history).toEqual([
      expect.objectContaining({ from: null, status: "in_progress", note: expect.stringContaining("bereitgestellt") }),
    ]);
    expect(await json(await importInto("g7-ukraine", demo))).toMatchObject({ created: 0, updated: 0, unchanged: demo.entries.length });
  });

  it("keeps a given commitment history exactly", async () => {
    const history = [
      { at: "2024-11-26T12:00:00.000Z", from: null, status: "announced", note: "Angekündigt", source: null },
      {
        at: "2025-01",
        from: "announced",
        status: "partially_fulfilled",
        note: null,
        source: { url: "https://example.org/x", title: "Bericht", publisher: null, published: "2025-01-31" },
      },
    ];
    const doc = {
      format: "edge-timeline/1",
      entries: [
        {
          id: "0193652a-7c00-7000-8000-0000000000aa",
          kind: "commitment",
          title: "Mit Verlauf",
          start: "2024-11-26",
          created_at: "2024-11-26T12:00:00.000Z",
          commitment: { status: "partially_fulfilled", due: "2025", made_by: ["G7"], history },
        },
      ],
    };
    const report = await json(await importInto("target", doc));
    const entry = await json(await call("GET", `/v1/timelines/target/entries/${report.items[0].id}`));
    expect(entry.commitment.history).toEqual(history);
    expect(entry.created_at).toBe("2024-11-26T12:00:00.000Z");
    expect(entry.revision).toBe(1);
  });

  it("writes nothing when one entry is rejected, and reports every entry with pointers", async () => {
    const revision = await timelineRevision("target");
    const doc = {
      format: "edge-timeline/1",
      entries: [
        { kind: "event", title: "Gut", start: "2024-01-01" },
        { kind: "event", title: "Auch gut", start: "2024-01-02", external_id: "x-1" },
        { kind: "event", title: "Gut genug", start: "2024-01-03" },
        { kind: "event", title: "Schlecht", start: "2024-02-30", colour: "red" },
      ],
    };
    const res = await importInto("target", doc);
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.errors).toEqual([
      { pointer: "/entries/3/start", detail: "is not a valid date: 2024-02 has 29 days" },
      { pointer: "/entries/3/colour", detail: "is not a known field" },
    ]);
    expect(problem.detail).toMatch(/^1 of 4 rows was rejected, so nothing was written/);
    expect(problem.report.items.map((i: any) => i.status)).toEqual(["created", "created", "created", "rejected"]);
    expect(await timelineRevision("target")).toBe(revision);
    const titles = (await json(await call("GET", "/v1/timelines/target/entries"))).items.map((e: any) => e.title);
    expect(titles).not.toContain("Gut");
    // The same file, fixed, goes through; a dry run first writes nothing.
    doc.entries[3] = { kind: "event", title: "Jetzt gut", start: "2024-02-29" };
    expect(await json(await importInto("target", doc, "?dry_run=1"))).toMatchObject({ dry_run: true, applied: false, created: 4 });
    expect(await timelineRevision("target")).toBe(revision);
    expect(await json(await importInto("target", doc))).toMatchObject({ applied: true, created: 4 });
    // No ids in the file: the second time, entries with an external_id match; those without are new again.
    expect(await json(await importInto("target", doc))).toMatchObject({ created: 3, unchanged: 1 });
  });

  it("refuses repeated ids and external ids taken by another entry; copies an id of another timeline", async () => {
    const foreign = await createEntry("other", { title: "Fremd", start: "2024" });
    const local = await createEntry("target", { title: "Lokal", start: "2024", external_id: "taken" });
    const neighbour = await createEntry("target", { title: "Nachbar", start: "2024" });
    const res = await importInto("target", {
      format: "edge-timeline/1",
      entries: [
        { id: foreign.id, kind: "event", title: "Übernahme", start: "2024" },
        { id: "0193652a-7c00-7000-8000-0000000000bb", kind: "event", title: "Eins", start: "2024" },
        { id: "0193652a-7c00-7000-8000-0000000000bb", kind: "event", title: "Zwei", start: "2024" },
        { id: neighbour.id, kind: "event", title: "Klau", start: "2024", external_id: "taken" },
        { id: "not-a-uuid", kind: "event", title: "Kaputt", start: "2024", created_at: "gestern" },
        { id: local.id, kind: "event", title: "Lokal", start: "2024", external_id: "taken" },
      ],
    });
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.errors).toEqual([
      { pointer: "/entries/2/id", detail: "repeats the id of /entries/1" },
      { pointer: "/entries/3/external_id", detail: `is already used by entry ${local.id} of this timeline` },
      { pointer: "/entries/4/id", detail: expect.stringMatching(/not an entry id/) },
      { pointer: "/entries/4/created_at", detail: "must be an RFC 3339 date-time in the years 0001–9999 (UTC)" },
    ]);
    expect(problem.report.items[0]).toMatchObject({ status: "created", source_id: foreign.id, external_id: foreign.id });
    expect(problem.report.items[5]).toMatchObject({ status: "unchanged", id: local.id });
    expect((await json(await call("GET", `/v1/timelines/other/entries/${foreign.id}`))).title).toBe("Fremd");
  });

  it("answers problems for documents that are not imports", async () => {
    const send = (body: string, type: string) =>
      call("POST", "/v1/timelines/target/import", { body, headers: { "Content-Type": type } });
    expect((await send("{}", "text/plain")).status).toBe(415);
    expect((await send("{nope", "application/json")).status).toBe(400);
    const wrong = await json(await send(JSON.stringify({ format: "other/2", entries: [] }), "application/json"));
    expect(wrong.errors).toEqual([{ pointer: "/format", detail: expect.stringContaining("edge-timeline/1") }]);
    const neither = await json(await send(JSON.stringify({ items: [] }), "application/json"));
    expect(neither.status).toBe(400);
    const many = { format: "edge-timeline/1", entries: Array.from({ length: LIMITS.importEntries + 1 }, () => 0) };
    const tooMany = await json(await send(JSON.stringify(many), "application/json"));
    expect(tooMany.errors[0]).toMatchObject({ pointer: "/entries", detail: expect.stringMatching(/at most 5000/) });
    const huge = JSON.stringify({ format: "edge-timeline/1", entries: [], pad: "x".repeat(LIMITS.bodyBytes) });
    expect((await send(huge, "application/json")).status).toBe(413);
  });

  it("needs a token that may write entries of the timeline", async () => {
    const doc = { format: "edge-timeline/1", entries: [] };
    expect((await importInto("target", doc, "", null)).status).toBe(401);
    const editor = (await json(await call("POST", "/v1/tokens", { body: { name: "o", role: "editor", timelines: ["other"] } }))).token;
    expect((await importInto("target", doc, "", editor)).status).toBe(403);
    expect(await json(await importInto("other", doc, "", editor))).toMatchObject({ created: 0, applied: false, items: [] });
    expect((await importInto("nowhere", doc)).status).toBe(404);
  });
});
