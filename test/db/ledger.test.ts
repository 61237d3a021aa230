import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Statement } from "../../src/db/batch";
import { openDb } from "../../src/db/client";
import {
  addAggregates,
  allAggregates,
  bumpLedgerVersion,
  guardLedger,
  latestChanges,
  rateSeries,
  ratesOfSeries,
  ratesOnOrBefore,
  replaceAggregates,
  replaceChanges,
  scorecardRows,
  rateBookFor,
  upsertRates,
} from "../../src/db/ledger";
import type { CommitmentData } from "../../src/domain/commitments";
import { RateBook } from "../../src/domain/rates";
import { aggregate, aggregateDelta, type LedgerEntry, scorecard } from "../../src/domain/scorecard";

const db = openDb(env.DB);
const run = (statements: Statement[]) => env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));

async function newTimeline(slug: string): Promise<number> {
  const row = await env.DB.prepare("INSERT INTO timelines (slug, title, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id")
    .bind(slug, slug, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    .first<{ id: number }>();
  return row!.id;
}

const commitment = (over: Partial<CommitmentData>): LedgerEntry => ({
  start: "2024-11-26",
  commitment: {
    status: "announced",
    reason: null,
    due: null,
    amount: null,
    delivered: null,
    made_by: ["Germany"],
    beneficiary: "Ukraine",
    tranches: [],
    history: [],
    ...over,
  },
});

const rates = new RateBook([{ date: "2024-11-22", currency: "USD", base: "EUR", rate: 1.04 }]);
const ctx = { reporting: "EUR", rates };
const NOW = Date.UTC(2026, 5, 1);

describe("ledger aggregates in D1", () => {
  let id: number;
  beforeAll(async () => {
    id = await newTimeline("agg");
  });

  it("keep exact sums beyond 2^53 and drop rows that reach zero", async () => {
    const big = commitment({ amount: { value: 1e15, currency: "USD" }, delivered: { value: 0.01, currency: "USD" } });
    await run(addAggregates(db, id, aggregateDelta(null, big, ctx)));
    await run(addAggregates(db, id, aggregateDelta(null, big, ctx)));
    const stored = await allAggregates(db, id);
    const committed = stored.find((r) => r.scope === "all" && r.metric === "t:committed:USD")!;
    expect(committed.value).toBe(2n * 10n ** 17n); // 2e15 in hundredths: more than 2^53
    await run(addAggregates(db, id, aggregateDelta(big, null, ctx)));
    await run(addAggregates(db, id, aggregateDelta(big, null, ctx)));
    expect(await allAggregates(db, id)).toEqual([]);
  });

  it("give a scorecard equal to one computed from all rows, reading only the ranges it needs", async () => {
    const entries = [
      commitment({ status: "in_progress", due: "2025", made_by: ["Germany"], amount: { value: 2e9, currency: "USD" } }),
      commitment({ status: "missed", due: "2030", made_by: ["France"], beneficiary: null }),
      commitment({ status: "fulfilled", due: "2020", made_by: ["Germany", "France"] }),
    ];
    await run(replaceAggregates(db, id, aggregate(entries, ctx).sorted()));
    const options = { reporting: "EUR", nowMs: NOW, timeZone: "Europe/Berlin" };
    const read = scorecard(await scorecardRows(db, id, NOW), options);
    expect(read).toEqual(scorecard(aggregate(entries, ctx).sorted(), options));
    expect(read.summary.overdue).toBe(1);
    expect(read.rates_used).toEqual({ from: "2024-11-22", to: "2024-11-22" });
    const germany = scorecard(await scorecardRows(db, id, NOW, "GERMANY"), options);
    expect(germany.makers.map((m) => [m.maker, m.commitments, m.overdue])).toEqual([["Germany", 2, 1]]);
    expect(germany.summary.commitments).toBe(0);
  });

  it("refuse a batch prepared under another ledger version or revision, and nothing of it lands", async () => {
    const other = await newTimeline("guarded");
    const before = await allAggregates(db, other);
    await expect(run([guardLedger(db, other, 1), ...addAggregates(db, other, aggregate([commitment({})], ctx).sorted())])).rejects.toThrow(/stale_ledger/);
    expect(await allAggregates(db, other)).toEqual(before);
    await run([guardLedger(db, other, 0, 1), bumpLedgerVersion(db, other)]);
    await expect(run([guardLedger(db, other, 0)])).rejects.toThrow(/stale_ledger/);
    await expect(run([guardLedger(db, other, 1, 2)])).rejects.toThrow(/stale_ledger/);
    await run([guardLedger(db, other, 1)]);
  });
});

describe("exchange rates in D1", () => {
  let id: number;
  beforeAll(async () => {
    id = await newTimeline("rates");
    await run(
      upsertRates(db, id, [
        { date: "2024-11-22", currency: "USD", base: "EUR", rate: 1.0412 },
        { date: "2024-11-25", currency: "USD", base: "EUR", rate: 1.0479 },
        { date: "2024-11-26", currency: "GBP", base: "EUR", rate: 0.83618 },
      ]),
    );
  });

  it("keep one rate per pair and day, replacing it on a new import, and list their series", async () => {
    await run(upsertRates(db, id, [{ date: "2024-11-25", currency: "USD", base: "EUR", rate: 1.05 }]));
    expect(await rateSeries(db, id)).toEqual([
      { base: "EUR", currency: "GBP", first_date: "2024-11-26", last_date: "2024-11-26", rates: 1 },
      { base: "EUR", currency: "USD", first_date: "2024-11-22", last_date: "2024-11-25", rates: 2 },
    ]);
    expect(await ratesOfSeries(db, id, [{ base: "EUR", currency: "USD" }])).toHaveLength(2);
  });

  it("find the rate of a day or the last before it, never a later one", async () => {
    const found = await ratesOnOrBefore(db, id, [
      { base: "EUR", currency: "USD", day: "2024-11-24" },
      { base: "EUR", currency: "USD", day: "2024-11-25" },
      { base: "EUR", currency: "USD", day: "2024-11-21" },
      { base: "EUR", currency: "GBP", day: "2024-11-25" },
    ]);
    expect(found.sort((a, b) => a.date.localeCompare(b.date))).toEqual([
      { base: "EUR", currency: "USD", date: "2024-11-22", rate: 1.0412 },
      { base: "EUR", currency: "USD", date: "2024-11-25", rate: 1.05 },
    ]);
  });
});

describe("the rates a write needs", () => {
  it("convert exactly as every stored rate would, after fetching only those rates", async () => {
    const id = await newTimeline("rate-book");
    const all = [
      { date: "2024-01-02", currency: "USD", base: "EUR", rate: 1.1 },
      { date: "2024-06-03", currency: "USD", base: "EUR", rate: 1.08 },
      { date: "2024-06-03", currency: "GBP", base: "EUR", rate: 0.85 },
      { date: "2024-11-22", currency: "UAH", base: "USD", rate: 41.5 },
      { date: "2025-01-02", currency: "GBP", base: "USD", rate: 0.8 },
    ];
    await run(upsertRates(db, id, all));
    const tranche = (currency: string, date: string) => ({
      phase: "committed" as const,
      date,
      amount: { value: 1000, currency },
      made_by: null,
      note: null,
      source: null,
      recorded_at: "2025-01-01T00:00:00Z",
    });
    const entries = [
      commitment({ tranches: [tranche("USD", "2024-07"), tranche("UAH", "2024-12-01"), tranche("GBP", "2024"), tranche("tanks", "2024")] }),
      commitment({ amount: { value: 5, currency: "USD" } }),
    ];
    for (const reporting of ["EUR", "GBP", "UAH"]) {
      const partial = await rateBookFor(db, id, entries, reporting);
      const full = new RateBook(all);
      expect(aggregate(entries, { reporting, rates: partial }).sorted(), reporting).toEqual(aggregate(entries, { reporting, rates: full }).sorted());
    }
  });
});

describe("the changes index in D1", () => {
  it("lists the newest changes first and forgets an entry's changes when they are replaced", async () => {
    const id = await newTimeline("changes");
    const insertEntry = (entryId: string) =>
      env.DB.prepare(
        "INSERT INTO entries (id, timeline_id, kind, title, start, start_ms, start_rank, end_ms, tags, actors, sources, created_at, updated_at) VALUES (?, ?, 'commitment', 't', '2024', 0, 0, 1, '[]', '[]', '[]', 'x', 'x')",
      )
        .bind(entryId, id)
        .run();
    await insertEntry("a");
    await insertEntry("b");
    await run(
      replaceChanges(db, id, ["a", "b"], [
        { entryId: "a", change: { key: "commitment", recorded_at: "2024-11-26T10:00:00Z" } },
        { entryId: "a", change: { key: "tranche/2025-01-02T00:00:00Z/delivered", recorded_at: "2025-01-02T00:00:00Z" } },
        { entryId: "b", change: { key: "commitment", recorded_at: "2024-12-01T00:00:00Z" } },
      ]),
    );
    expect((await latestChanges(db, id, 2)).map((c) => [c.entry_id, c.recorded_at])).toEqual([
      ["a", "2025-01-02T00:00:00Z"],
      ["b", "2024-12-01T00:00:00Z"],
    ]);
    await run(replaceChanges(db, id, ["a"], []));
    expect((await latestChanges(db, id, 10)).map((c) => c.entry_id)).toEqual(["b"]);
  });
});
