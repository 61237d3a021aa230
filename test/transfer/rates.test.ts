/**
 * A backup is lossless with its exchange rates: the import stores the export's `exchange_rates`
 * with the entries, in one transaction, checked as `POST …/rates` checks them.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statement } from "../../src/db/batch";
import { addBatchHook } from "../../src/http/write";
import worker from "../../src/index";
import { ADMIN, BASE, call, createEntry, createTimeline, json } from "../support/api";

const exportOf = async (slug: string) => json(await call("GET", `/v1/timelines/${slug}/export`));
const scorecardOf = async (slug: string) => {
  const { timeline: _t, ...card } = await json(await call("GET", `/v1/timelines/${slug}/scorecard`));
  return card;
};
/** What a copy into another timeline changes: ids (kept as external_id) and revision counters. */
const withoutCounters = (entry: any) => {
  const { revision: _r, updated_at: _u, id: _i, external_id: _e, translations, ...rest } = entry;
  return {
    ...rest,
    translations: Object.fromEntries(Object.entries(translations).map(([lang, { source_revision: _s, ...t }]: [string, any]) => [lang, t])),
  };
};
const tranche = (phase: string, value: number, currency: string, made_by: string, date: string, note?: string) => ({
  phase,
  date,
  amount: { value, currency },
  made_by,
  ...(note ? { note } : {}),
});

const RATES = [
  { date: "2024-11-22", currency: "USD", rate: 1.0412, base: "EUR" },
  { date: "2024-11-26", currency: "USD", rate: 1.0487, base: "EUR" },
  { date: "2024-11-26", currency: "GBP", rate: 0.83618, base: "EUR" },
  { date: "2025-01-10", currency: "USD", rate: 1.0305, base: "EUR" },
];

/** A German timeline reporting in euros, with dollar and euro tranches, English translations and rates. */
async function sourceTimeline(slug: string) {
  await createTimeline(slug, { language: "de", languages: ["en"], reporting_currency: "EUR" });
  await createEntry(slug, {
    kind: "commitment",
    title: "Energiefonds",
    start: "2024-11-26",
    commitment: {
      status: "in_progress",
      made_by: ["USA", "Deutschland"],
      tranches: [
        tranche("committed", 1e9, "USD", "USA", "2024-11-26"),
        tranche("committed", 2e9, "EUR", "Deutschland", "2024-11-26"),
        tranche("delivered", 2.5e8, "USD", "USA", "2025-01-10", "Erste Tranche"),
      ],
    },
    translations: { en: { title: "Energy fund", tranche_notes: { "Erste Tranche": "First tranche" } } },
  });
  await createEntry(slug, { title: "Gipfel", start: "2024-11-25", translations: { en: { title: "Summit" } } });
  const posted = await call("POST", `/v1/timelines/${slug}/rates`, { body: { rates: RATES } });
  expect(posted.status, await posted.clone().text()).toBe(200);
}

describe("export → import → export with exchange rates", () => {
  it("restores entries, translations and rates, and the scorecard in the reporting currency is the same", async () => {
    await sourceTimeline("rates-src");
    const original = await exportOf("rates-src");
    expect(original.exchange_rates).toHaveLength(4);
    const before = await scorecardOf("rates-src");
    expect(before.summary.reporting).toMatchObject({ currency: "EUR", approximate: true, unconverted: [] });

    await createTimeline("rates-dst", { language: "de", languages: ["en"], reporting_currency: "EUR" });
    const res = await call("POST", "/v1/timelines/rates-dst/import", { body: original });
    const report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ applied: true, created: 2, rates: 4 });
    // Both report in euros: nothing to say about the reporting currency.
    expect(report.notes.join(" ")).not.toMatch(/reports in/);

    const again = await exportOf("rates-dst");
    expect(again.entries.map(withoutCounters)).toEqual(original.entries.map(withoutCounters));
    expect(again.exchange_rates).toEqual(original.exchange_rates);
    const restored = again.entries.find((e: any) => e.title === "Energiefonds");
    expect(restored.translations.en).toMatchObject({ title: "Energy fund", tranche_notes: { "Erste Tranche": "First tranche" }, stale: false });

    const after = await scorecardOf("rates-dst");
    expect(after).toEqual(before);
    expect(after.summary.reporting.committed).toBeCloseTo(2e9 + 1e9 / 1.0487, 2);

    // The same document again: nothing new, nothing written.
    const twice = await json(await call("POST", "/v1/timelines/rates-dst/import", { body: again }));
    expect(twice).toMatchObject({ applied: false, unchanged: 2, rates: 0 });
  });

  it("applies rates alone when every entry is unchanged, and recomputes the scorecard with them", async () => {
    await sourceTimeline("rates-only");
    const doc = await exportOf("rates-only");
    const moved = { ...doc, exchange_rates: doc.exchange_rates.map((r: any) => (r.date === "2024-11-26" && r.currency === "USD" ? { ...r, rate: 1.25 } : r)) };
    const report = await json(await call("POST", "/v1/timelines/rates-only/import", { body: moved }));
    expect(report).toMatchObject({ applied: true, unchanged: 2, rates: 1 });
    const card = await scorecardOf("rates-only");
    expect(card.summary.reporting.committed).toBeCloseTo(2e9 + 1e9 / 1.25, 2);
  });

  it("keeps the target's reporting currency, as every other timeline field, and says so", async () => {
    const doc = await exportOf("rates-src");
    await createTimeline("rates-usd", { language: "de", languages: ["en"], reporting_currency: "USD" });
    const dry = await json(await call("POST", "/v1/timelines/rates-usd/import?dry_run=true", { body: doc }));
    expect(dry).toMatchObject({ applied: false, created: 2, rates: 4 });
    expect((await json(await call("GET", "/v1/timelines/rates-usd/rates"))).series).toEqual([]);

    const report = await json(await call("POST", "/v1/timelines/rates-usd/import", { body: doc }));
    expect(report.notes.join(" ")).toMatch(/reports in EUR, this timeline in USD/);
    const timeline = await json(await call("GET", "/v1/timelines/rates-usd"));
    expect(timeline.reporting_currency).toBe("USD");
    const card = await scorecardOf("rates-usd");
    // Converted into dollars with the imported EUR/USD rates (inverted), never left out.
    expect(card.summary.reporting).toMatchObject({ currency: "USD", unconverted: [] });
    expect(card.summary.reporting.committed).toBeCloseTo(1e9 + 2e9 * 1.0487, 2);
  });

  it("refuses a bad rate with a problem naming it, and writes neither entries nor rates", async () => {
    const doc = await exportOf("rates-src");
    await createTimeline("rates-bad", { language: "de", languages: ["en"], reporting_currency: "EUR" });
    const bad = { ...doc, exchange_rates: [...doc.exchange_rates.slice(0, 2), { date: "2024-11-27", currency: "EURO", rate: 1.1, base: "USD" }] };
    const res = await call("POST", "/v1/timelines/rates-bad/import", { body: bad });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const problem = await json(res);
    expect(problem.errors).toEqual([{ pointer: "/exchange_rates/2/currency", detail: '"EURO" is not a three-letter currency code' }]);
    expect(problem.detail).toMatch(/\/exchange_rates\/2\/currency/);

    // The rules are those of POST …/rates: a negative rate and two rates for one day are refused there and here.
    const negative = { ...doc, exchange_rates: [{ date: "2024-11-27", currency: "USD", rate: -1, base: "EUR" }] };
    const twoOnOneDay = { ...doc, exchange_rates: [RATES[1], { ...RATES[1], rate: 2 }] };
    for (const body of [negative, twoOnOneDay]) {
      const viaImport = await json(await call("POST", "/v1/timelines/rates-bad/import", { body }));
      const viaRates = await json(await call("POST", "/v1/timelines/rates-bad/rates", { body: { rates: body.exchange_rates } }));
      expect(viaImport.errors.map((e: any) => e.detail)).toEqual(viaRates.errors.map((e: any) => e.detail));
      expect(viaImport.errors[0].pointer.replace("/exchange_rates", "/rates")).toBe(viaRates.errors[0].pointer);
    }
    // A document without timeline fields says nothing about reporting currencies either.
    const bare = await json(await call("POST", "/v1/timelines/rates-bad/import?dry_run=true", { body: { format: "edge-timeline/1", entries: [] } }));
    expect(bare.notes.join(" ")).not.toMatch(/reports in/);
    const notAList = await call("POST", "/v1/timelines/rates-bad/import", { body: { ...doc, exchange_rates: { USD: 1.05 } } });
    expect(notAList.status).toBe(400);
    expect((await json(notAList)).errors[0].pointer).toBe("/exchange_rates");

    expect((await json(await call("GET", "/v1/timelines/rates-bad/entries"))).items).toEqual([]);
    expect((await json(await call("GET", "/v1/timelines/rates-bad/rates"))).series).toEqual([]);
  });

  it("commits entries and rates in one batch: when it fails, neither is stored", async () => {
    const doc = await exportOf("rates-src");
    await createTimeline("rates-atomic", { language: "de", languages: ["en"], reporting_currency: "EUR" });
    // A statement of the import's batch that the database refuses (a key already taken).
    await env.DB.exec("CREATE TABLE import_guard (k TEXT PRIMARY KEY)");
    await env.DB.exec("INSERT INTO import_guard (k) VALUES ('taken')");
    const remove = addBatchHook((db, write) =>
      write.kind === "entries" && write.slug === "rates-atomic" ? [statement(db, sql`INSERT INTO import_guard (k) VALUES ('taken')`)] : [],
    );
    try {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${BASE}/v1/timelines/rates-atomic/import`, {
          method: "POST",
          headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
          body: JSON.stringify(doc),
        }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(409);
    } finally {
      remove();
    }
    expect((await json(await call("GET", "/v1/timelines/rates-atomic/rates"))).series).toEqual([]);
    expect((await json(await call("GET", "/v1/timelines/rates-atomic/entries"))).items).toEqual([]);
    // Without the failure the same document goes in whole.
    expect(await json(await call("POST", "/v1/timelines/rates-atomic/import", { body: doc }))).toMatchObject({ applied: true, created: 2, rates: 4 });
  });
});
