import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMITMENT_STATUSES, type CommitmentData, isOverdue } from "../../src/domain/commitments";
import type { Tranche } from "../../src/domain/ledger";
import { RateBook } from "../../src/domain/rates";
import {
  aggregate,
  aggregateDelta,
  Aggregates,
  contributions,
  countOverdue,
  type LedgerEntry,
  ledgerEntry,
  overdueRanges,
  scorecard,
} from "../../src/domain/scorecard";

const NOW = Date.UTC(2026, 5, 15, 12);
const rates = new RateBook([
  { date: "2024-11-22", currency: "USD", base: "EUR", rate: 1.04 },
  { date: "2025-03-03", currency: "USD", base: "EUR", rate: 1.05 },
]);

const tranche = (phase: Tranche["phase"], value: number, currency: string, extra: Partial<Tranche> = {}): Tranche => ({
  phase,
  date: "2025-03-03",
  amount: { value, currency },
  made_by: null,
  note: null,
  source: null,
  recorded_at: "2025-03-03T10:00:00Z",
  ...extra,
});

const commitment = (over: Partial<CommitmentData> = {}): CommitmentData => ({
  status: "announced",
  reason: null,
  due: null,
  amount: null,
  delivered: null,
  made_by: [],
  beneficiary: "Ukraine",
  tranches: [],
  history: [],
  ...over,
});

const entry = (over: Partial<CommitmentData> = {}, start = "2024-11-26"): LedgerEntry => ({ start, commitment: commitment(over) });
const options = { reporting: null, nowMs: NOW, timeZone: "Europe/Berlin" };

describe("contributions and the scorecard", () => {
  it("counts commitments by status for the timeline, each maker and each beneficiary", () => {
    const card = scorecard(
      aggregate(
        [
          entry({ status: "announced", made_by: ["Germany"] }),
          entry({ status: "stalled", made_by: ["Germany", "France"] }),
          entry({ status: "missed", made_by: ["France"], beneficiary: null, reason: "Budget" }),
        ],
        { reporting: null, rates },
      ).sorted(),
      options,
    );
    expect(card.summary.commitments).toBe(3);
    expect(card.summary.by_status).toMatchObject({ announced: 1, stalled: 1, missed: 1, fulfilled: 0 });
    expect(card.makers.map((m) => [m.maker, m.commitments, m.by_status.stalled])).toEqual([
      ["France", 2, 1],
      ["Germany", 2, 1],
    ]);
    expect(card.beneficiaries.map((b) => [b.beneficiary, b.commitments])).toEqual([
      ["Ukraine", 2],
      [null, 1],
    ]);
  });

  it("credits each tranche to one maker, so a joint pledge's makers add up to its total", () => {
    const joint = entry({
      made_by: ["G7"],
      tranches: [
        tranche("committed", 1.5e9, "EUR", { made_by: "Germany" }),
        tranche("committed", 5e8, "EUR", { made_by: "France" }),
        tranche("delivered", 5e8, "EUR", { made_by: "Germany" }),
        tranche("committed", 40, "tanks", { made_by: "Germany" }),
        tranche("committed", 1e8, "EUR"), // the G7's own
      ],
    });
    const card = scorecard(aggregate([joint], { reporting: null, rates }).sorted(), options);
    expect(card.summary.totals).toEqual([
      { currency: "EUR", committed: 2.1e9, allocated: 0, delivered: 5e8, progress: 5e8 / 2.1e9 },
      { currency: "tanks", committed: 40, allocated: 0, delivered: 0, progress: 0 },
    ]);
    const eur = (maker: string) => card.makers.find((m) => m.maker === maker)!.totals.find((t) => t.currency === "EUR");
    expect(eur("Germany")).toMatchObject({ committed: 1.5e9, delivered: 5e8 });
    expect(eur("France")).toMatchObject({ committed: 5e8, delivered: 0 });
    expect(eur("G7")).toMatchObject({ committed: 1e8 });
    const makersCommitted = card.makers.reduce((sum, m) => sum + (m.totals.find((t) => t.currency === "EUR")?.committed ?? 0), 0);
    expect(makersCommitted).toBe(2.1e9);
  });

  it("keeps money no single maker accounts for in a row of its own, last", () => {
    const card = scorecard(
      aggregate([entry({ made_by: ["Germany", "France"], tranches: [tranche("committed", 100, "EUR")] })], { reporting: null, rates }).sorted(),
      options,
    );
    expect(card.makers.at(-1)).toMatchObject({ maker: null, commitments: 0, totals: [{ currency: "EUR", committed: 100 }] });
    expect(card.makers.find((m) => m.maker === "Germany")!.totals).toEqual([]);
  });

  it("counts amount and delivered of a commitment without tranches", () => {
    const card = scorecard(
      aggregate([entry({ amount: { value: 2e9, currency: "USD" }, delivered: { value: 5e8, currency: "USD" }, made_by: ["USA"] })], {
        reporting: null,
        rates,
      }).sorted(),
      options,
    );
    expect(card.summary.totals).toEqual([{ currency: "USD", committed: 2e9, allocated: 0, delivered: 5e8, progress: 0.25 }]);
    expect(card.makers[0]!.totals[0]!.committed).toBe(2e9);
  });
});

describe("the reporting currency", () => {
  const ledger = [
    entry({ made_by: ["USA"], tranches: [tranche("committed", 1.05e9, "USD"), tranche("delivered", 5.25e8, "USD", { date: "2025-03-08" })] }),
    entry({ made_by: ["Germany"], tranches: [tranche("committed", 1e9, "EUR", { date: "2020-01-01" })] }),
  ];

  it("converts money at the rate of its date or the last before, and says it is approximate and which days' rates it used", () => {
    const card = scorecard(aggregate(ledger, { reporting: "EUR", rates }).sorted(), { ...options, reporting: "EUR" });
    expect(card.reporting_currency).toBe("EUR");
    expect(card.summary.reporting).toEqual({
      currency: "EUR",
      committed: 2e9,
      allocated: 0,
      delivered: 5e8,
      progress: 0.25,
      approximate: true,
      unconverted: [],
    });
    expect(card.rates_used).toEqual({ from: "2025-03-03", to: "2025-03-03" });
    // Equal weight in euros, equal number of commitments: by name.
    expect(card.makers.map((m) => [m.maker, m.reporting!.committed, m.reporting!.approximate])).toEqual([
      ["Germany", 1e9, false],
      ["USA", 1e9, true],
    ]);
  });

  it("leaves money without a rate in its own currency and gives no progress it cannot state", () => {
    const early = entry({ made_by: ["USA"], tranches: [tranche("committed", 1e6, "USD", { date: "2024-01" })] });
    const card = scorecard(aggregate([...ledger, early], { reporting: "EUR", rates }).sorted(), { ...options, reporting: "EUR" });
    expect(card.summary.reporting).toMatchObject({
      committed: 2e9,
      progress: null,
      unconverted: [{ currency: "USD", committed: 1e6, allocated: 0, delivered: 0, progress: null }],
    });
    expect(card.summary.totals.find((t) => t.currency === "USD")!.committed).toBe(1.05e9 + 1e6);
  });

  it("never converts units or adds them to money", () => {
    const tanks = entry({ tranches: [tranche("committed", 40, "tanks"), tranche("committed", 10, "MW")] });
    const card = scorecard(aggregate([tanks], { reporting: "EUR", rates }).sorted(), { ...options, reporting: "EUR" });
    expect(card.summary.reporting).toMatchObject({ committed: 0, approximate: false, unconverted: [] });
    expect(card.summary.totals.map((t) => t.currency)).toEqual(["MW", "tanks"]);
  });

  it("is absent without a reporting currency", () => {
    const card = scorecard(aggregate(ledger, { reporting: null, rates }).sorted(), options);
    expect(card.summary.reporting).toBeNull();
    expect(card.rates_used).toBeNull();
  });
});

describe("ledgerEntry", () => {
  it("counts live, published commitments only", () => {
    const c = commitment();
    expect(ledgerEntry({ kind: "commitment", start: "2024", commitment: c })).not.toBeNull();
    expect(ledgerEntry({ kind: "commitment", start: "2024", commitment: c, draft: true })).toBeNull();
    expect(ledgerEntry({ kind: "commitment", start: "2024", commitment: c, deleted_at: "2025-01-01T00:00:00Z" })).toBeNull();
    expect(ledgerEntry({ kind: "event", start: "2024", commitment: null })).toBeNull();
  });
});

describe("overdue from the due-date counts", () => {
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"];
  const dueDate = fc.oneof(
    fc.integer({ min: 2020, max: 2030 }).map(String),
    fc.record({ y: fc.integer({ min: 2024, max: 2027 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`),
    fc.date({ min: new Date("2025-12-01"), max: new Date("2026-08-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.date({ min: new Date("2026-06-10"), max: new Date("2026-06-20"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19) + "+02:00"),
  );

  it("agrees with isOverdue for any dues, any moment and any time zone, reading only the ranges a scorecard reads", () => {
    // Dues cluster around `now`, where the time zone decides.
    const near = fc.record({ hours: fc.integer({ min: -80, max: 80 }), form: fc.constantFrom("day", "datetime", "month", "year") });
    fc.assert(
      fc.property(
        fc.array(fc.record({ due: fc.oneof(dueDate.map((d) => ({ fixed: d })), near), status: fc.constantFrom(...COMMITMENT_STATUSES) }), {
          maxLength: 30,
        }),
        fc.date({ min: new Date("2025-12-25"), max: new Date("2026-07-05"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (drawn, now, zone) => {
          const dues = drawn.map(({ due, status }) => {
            if ("fixed" in due) return { due: due.fixed, status };
            const iso = new Date(now.getTime() + due.hours * 3_600_000).toISOString();
            const text = { day: iso.slice(0, 10), datetime: `${iso.slice(0, 19)}Z`, month: iso.slice(0, 7), year: iso.slice(0, 4) }[due.form];
            return { due: text, status };
          });
          const sums = aggregate(
            dues.map((d) => entry(d)),
            { reporting: null, rates },
          );
          const rows = sums.sorted().filter((r) => r.scope === "all");
          const ranges = overdueRanges(now.getTime());
          const selected = rows.filter((r) => ranges.some((range) => r.metric >= range.from && r.metric < range.to));
          const expected = dues.filter((d) => isOverdue(d, now.getTime(), zone)).length;
          expect(countOverdue(rows, now.getTime(), zone)).toBe(expected);
          expect(countOverdue(selected, now.getTime(), zone)).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("turns a year's deadline overdue at midnight in the timeline's zone", () => {
    const rows = aggregate([entry({ due: "2025", status: "in_progress" })], { reporting: null, rates })
      .sorted()
      .filter((r) => r.scope === "all");
    const justBefore = Date.UTC(2025, 11, 31, 22, 59);
    expect(countOverdue(rows, justBefore, "Europe/Berlin")).toBe(0);
    expect(countOverdue(rows, justBefore + 60_000, "Europe/Berlin")).toBe(1);
    expect(countOverdue(rows, justBefore + 60_000, "UTC")).toBe(0);
  });

  it("has no counts for fulfilled or withdrawn commitments", () => {
    const rows = aggregate([entry({ due: "2020", status: "fulfilled" }), entry({ due: "2020", status: "withdrawn" })], { reporting: null, rates }).sorted();
    expect(rows.some((r) => r.metric.startsWith("o"))).toBe(false);
  });
});

describe("maintained aggregates", () => {
  const tranches = fc.array(
    fc.record({
      phase: fc.constantFrom("committed", "allocated", "delivered") as fc.Arbitrary<Tranche["phase"]>,
      value: fc.oneof(fc.integer({ min: 1, max: 1e12 }), fc.double({ min: 0.01, max: 1e9, noNaN: true })),
      currency: fc.constantFrom("EUR", "USD", "tanks"),
      date: fc.constantFrom("2024", "2024-11-22", "2025-03", "2025-03-04"),
      made_by: fc.constantFrom(null, "Germany", "France"),
    }),
    { maxLength: 5 },
  );
  const state = fc.option(
    fc.record({
      status: fc.constantFrom(...COMMITMENT_STATUSES),
      due: fc.constantFrom(null, "2025", "2026-06", "2030"),
      made_by: fc.subarray(["Germany", "France", "G7"]),
      beneficiary: fc.constantFrom(null, "Ukraine", "Moldova"),
      tranches,
    }),
    { nil: null },
  );

  it("equal a recomputation from scratch after any sequence of writes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), state), { maxLength: 25 }), fc.constantFrom(null, "EUR", "USD"), (writes, reporting) => {
        const ctx = { reporting, rates };
        const current = new Map<number, LedgerEntry>();
        const maintained = new Aggregates();
        for (const [slot, next] of writes) {
          const after = next
            ? entry({ ...next, tranches: next.tranches.map((t) => tranche(t.phase, t.value, t.currency, { date: t.date, made_by: t.made_by })) })
            : null;
          maintained.addAll(aggregateDelta(current.get(slot) ?? null, after, ctx));
          if (after) current.set(slot, after);
          else current.delete(slot);
        }
        expect(maintained.sorted()).toEqual(aggregate(current.values(), ctx).sorted());
      }),
      { numRuns: 200 },
    );
  });

  it("hold no row for a sum of zero, not even one that never moved", () => {
    const zero = entry({ amount: { value: 5, currency: "EUR" }, delivered: { value: 0, currency: "EUR" } });
    expect(contributions(zero, { reporting: null, rates }).some((r) => r.value === 0n)).toBe(false);
    expect(aggregate([zero], { reporting: null, rates }).sorted().some((r) => r.value === 0n)).toBe(false);
  });

  it("change nothing for a write that changes nothing the ledger counts", () => {
    const e = entry({ made_by: ["Germany"], tranches: [tranche("committed", 5, "EUR")] });
    expect(aggregateDelta(e, { ...e, commitment: { ...e.commitment, history: [] } }, { reporting: "USD", rates })).toEqual([]);
    expect(contributions(e, { reporting: null, rates }).length).toBeGreaterThan(0);
  });
});
