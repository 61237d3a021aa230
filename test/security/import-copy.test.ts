/**
 * Importing into a timeline (contract): a row whose id belongs to this timeline updates that
 * entry; every other row gets a new id and keeps the id it came with as `external_id`, so a
 * re-import matches on it and updates. The report maps old to new ids and says nothing about
 * other timelines: an id of a private or deleted timeline's entry is answered exactly like an id
 * that exists nowhere.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const exportOf = async (slug: string) => json(await call("GET", `/v1/timelines/${slug}/export`));
const importInto = (slug: string, body: unknown) => call("POST", `/v1/timelines/${slug}/import`, { body });
const entriesOf = async (slug: string) => (await json(await call("GET", `/v1/timelines/${slug}/entries?limit=200`))).items;

describe("importing an export into another timeline", () => {
  let source: any;
  beforeAll(async () => {
    await createTimeline("copy-source", { language: "de" });
    await createEntry("copy-source", { title: "Eins", start: "2024-01" });
    await createEntry("copy-source", { title: "Zwei", start: "2024-02", external_id: "tljs:zwei" });
    await createEntry("copy-source", {
      kind: "commitment",
      title: "Drei",
      start: "2024-03",
      commitment: { status: "announced", due: "2025", amount: { value: 10, currency: "EUR" } },
    });
    source = await exportOf("copy-source");
    await createTimeline("copy-target", { language: "de" });
  });

  it("copies every entry with a new id and the id it came with as external_id", async () => {
    const res = await importInto("copy-target", source);
    const report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ applied: true, created: 3, updated: 0, rejected: 0 });
    const oldIds = source.entries.map((e: any) => e.id);
    for (const [i, item] of report.items.entries()) {
      expect(item.source_id).toBe(oldIds[i]);
      expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(oldIds).not.toContain(item.id);
    }
    const copied = await entriesOf("copy-target");
    expect(copied.map((e: any) => e.title)).toEqual(["Eins", "Zwei", "Drei"]);
    // An entry that came with an external id keeps it; the others keep their old id there.
    expect(copied.map((e: any) => e.external_id)).toEqual([oldIds[0], "tljs:zwei", oldIds[2]]);
    expect(copied.map((e: any) => e.id)).toEqual(report.items.map((i: any) => i.id));
    expect(copied[2].commitment).toMatchObject({ status: "announced", due: "2025", amount: { value: 10, currency: "EUR" } });
    // The source is untouched.
    expect((await entriesOf("copy-source")).map((e: any) => e.id)).toEqual(oldIds);
  });

  it("matches the same document again on external_id: updates, never duplicates", async () => {
    const again = await json(await importInto("copy-target", source));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, applied: false });
    const changed = structuredClone(source);
    changed.entries[0].title = "Eins, geändert";
    const third = await json(await importInto("copy-target", changed));
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await entriesOf("copy-target")).map((e: any) => e.title)).toEqual(["Eins, geändert", "Zwei", "Drei"]);
  });

  it("updates by id when the document is imported back into its own timeline", async () => {
    const changed = structuredClone(source);
    changed.entries[1].title = "Zwei, zurück";
    const report = await json(await importInto("copy-source", changed));
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(report.items.map((i: any) => i.id)).toEqual(source.entries.map((e: any) => e.id));
  });
});

describe("ids that exist elsewhere", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    await createTimeline("secret-elsewhere", { visibility: "private" });
    ids.private = (await createEntry("secret-elsewhere", { title: "Geheim", start: "2024" })).id;
    await createTimeline("gone-elsewhere");
    ids.deleted = (await createEntry("gone-elsewhere", { title: "Weg", start: "2024" })).id;
    await call("DELETE", "/v1/timelines/gone-elsewhere");
    await createTimeline("public-elsewhere");
    ids.public = (await createEntry("public-elsewhere", { title: "Offen", start: "2024" })).id;
    ids.nowhere = "0193652a-7c00-7000-8000-00000000f00d";
    await createTimeline("probe");
  });

  it("are answered alike, whether an entry has them or not, and copied", async () => {
    const kinds = ["private", "deleted", "public", "nowhere"] as const;
    const doc = {
      format: "edge-timeline/1",
      entries: kinds.map((k) => ({ id: ids[k], kind: "event", title: "Probe", start: "2024" })),
    };
    const res = await importInto("probe", doc);
    expect(res.status).toBe(200);
    const report = await json(res);
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/another timeline|other timeline|belongs/i);
    // Every row: the same status and the same fields; only index, pointer and the ids differ.
    const shapes = report.items.map(({ index: _i, pointer: _p, id: _id, source_id: _s, external_id: _e, ...rest }: any) => rest);
    expect(new Set(shapes.map((s: object) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toEqual({ status: "created", title: "Probe" });
    for (const [i, item] of report.items.entries()) {
      expect(item.source_id).toBe(ids[kinds[i]!]);
      expect(item.external_id).toBe(ids[kinds[i]!]);
      expect(item.id).not.toBe(ids[kinds[i]!]);
    }
    // The entries they came from are untouched.
    expect((await json(await call("GET", `/v1/timelines/secret-elsewhere/entries/${ids.private}`))).title).toBe("Geheim");
    expect((await json(await call("GET", `/v1/timelines/public-elsewhere/entries/${ids.public}`))).title).toBe("Offen");
  });
});
