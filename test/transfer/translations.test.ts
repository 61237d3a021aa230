/**
 * Export and import carry every translation: text, notes, machine-made or not, stale or not.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const exportOf = async (slug: string) => json(await call("GET", `/v1/timelines/${slug}/export`));
/**
 * Revision counters restart in a restored timeline (the entry's and the one a translation names),
 * and the restored entries are copies: new ids, the old id kept as external_id.
 */
const withoutCounters = (entry: any) => {
  const { revision: _r, updated_at: _u, id: _i, external_id: _e, translations, ...rest } = entry;
  return {
    ...rest,
    translations: Object.fromEntries(Object.entries(translations).map(([lang, { source_revision: _s, ...t }]: [string, any]) => [lang, t])),
  };
};

/** Removes a timeline and its entries from the database, as if restoring into a fresh instance. */
async function forgetTimeline(slug: string) {
  const row = await env.DB.prepare("SELECT id FROM timelines WHERE slug = ?").bind(slug).first<{ id: number }>();
  const ids = `SELECT id FROM entries WHERE timeline_id = ${row!.id}`;
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM entry_facets WHERE entry_id IN (${ids})`),
    env.DB.prepare(`DELETE FROM entry_revisions WHERE entry_id IN (${ids})`),
    env.DB.prepare(`DELETE FROM ledger_changes WHERE timeline_id = ?`).bind(row!.id),
    env.DB.prepare(`DELETE FROM ledger_aggregates WHERE timeline_id = ?`).bind(row!.id),
    env.DB.prepare(`DELETE FROM entries WHERE timeline_id = ?`).bind(row!.id),
    env.DB.prepare(`DELETE FROM timelines WHERE id = ?`).bind(row!.id),
  ]);
}

describe("export → import → export with translations", () => {
  it("restores every translation as it was, a stale one stale, into an empty timeline", async () => {
    await createTimeline("tr-backup", { language: "de", languages: ["en", "uk"] });
    const { id } = await createEntry("tr-backup", {
      kind: "commitment",
      title: "Hilfe für das Stromnetz",
      body: "Zwei Milliarden Dollar.",
      start: "2024-11-26",
      commitment: { status: "announced", status_note: "Angekündigt in Fiuggi" },
      translations: {
        en: { title: "Aid for the power grid", body: "Two billion dollars.", status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" } },
        uk: { title: "Допомога для енергомережі", machine: true },
      },
    });
    await createEntry("tr-backup", { title: "Ohne Übersetzung", start: "2024-11-27" });
    // The German title changes: both translations of it become stale; then English is brought up to date.
    await call("PATCH", `/v1/timelines/tr-backup/entries/${id}`, { body: { title: "Hilfe für das ukrainische Stromnetz" } });
    await call("PUT", `/v1/timelines/tr-backup/entries/${id}/translations/en`, {
      body: { title: "Aid for Ukraine's power grid", body: "Two billion dollars.", status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" } },
    });

    const original = await exportOf("tr-backup");
    expect(original.timeline.languages).toEqual(["de", "en", "uk"]);
    const exported = original.entries.find((e: any) => e.id === id);
    expect(exported.translations.en).toMatchObject({ title: "Aid for Ukraine's power grid", machine: false, stale: false, source_revision: 3 });
    expect(exported.translations.uk).toMatchObject({ machine: true, stale: true, source_revision: 1 });
    expect(exported.translations.en).not.toHaveProperty("source_hash");

    await forgetTimeline("tr-backup");
    // Its translations left the search index with it.
    const left = await env.DB.prepare("SELECT count(*) AS n FROM entry_translations_fts WHERE entry_translations_fts MATCH 'ukraine'").first<{ n: number }>();
    expect(left!.n).toBe(0);
    await createTimeline("tr-restored", { language: "de", languages: ["en", "uk"] });
    const res = await call("POST", "/v1/timelines/tr-restored/import", { body: original });
    const report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ created: 2, rejected: 0 });

    const again = await exportOf("tr-restored");
    expect(again.entries.map(withoutCounters)).toEqual(original.entries.map(withoutCounters));
    expect(again.entries.map((e: any) => e.external_id)).toEqual(original.entries.map((e: any) => e.id));
    const restored = again.entries.find((e: any) => e.external_id === id);
    expect(restored.translations.uk).toMatchObject({ stale: true, source_revision: null });
    expect(restored.translations.en).toMatchObject({ stale: false, source_revision: 1 });

    // The restored translations read, search and stay stale as before.
    const en = await json(await call("GET", `/v1/timelines/tr-restored/entries?lang=en&q=ukraine`, { token: null }));
    expect(en.items.map((e: any) => e.title)).toEqual(["Aid for Ukraine's power grid"]);
    expect(en.items[0].commitment.history[0].note).toBe("Announced in Fiuggi");

    // Importing the same document again changes nothing.
    const twice = await json(await call("POST", "/v1/timelines/tr-restored/import", { body: again }));
    expect(twice).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it("refuses an imported translation into the target timeline's own language, naming the row", async () => {
    await createTimeline("tr-english", { language: "en" });
    const res = await call("POST", "/v1/timelines/tr-english/import", {
      body: {
        format: "edge-timeline/1",
        timeline: { slug: "x", title: "x" },
        entries: [{ kind: "event", title: "Summit", start: "2024", translations: { en: { title: "Summit" } } }],
      },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0]).toMatchObject({ pointer: "/entries/0/translations/en", detail: expect.stringMatching(/source language/) });
  });
});
