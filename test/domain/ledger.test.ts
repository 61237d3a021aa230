import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHundredths, toHundredths } from "../../src/domain/hundredths";
import {
  amountConflicts,
  commitmentTotals,
  compatibleAmounts,
  countedTranches,
  isMoney,
  orderTranches,
  recordTranches,
  type Tranche,
  trancheMaker,
  trancheTotals,
} from "../../src/domain/ledger";

const tranche = (phase: Tranche["phase"], value: number, currency: string, extra: Partial<Tranche> = {}): Tranche => ({
  phase,
  date: "2024-11-26",
  amount: { value, currency },
  made_by: null,
  note: null,
  source: null,
  recorded_at: "2024-11-26T12:00:00Z",
  ...extra,
});

describe("hundredths", () => {
  it("rounds each amount to the hundredth once and gives it back exactly", () => {
    expect(toHundredths(2_000_000_000)).toBe(200_000_000_000n);
    expect(toHundredths(0.125)).toBe(13n); // 0.125 is exact in binary; ties go up
    expect(toHundredths(1e15)).toBe(100_000_000_000_000_000n);
    expect(fromHundredths(13n)).toBe(0.13);
    expect(fromHundredths(-5n)).toBe(-0.05);
    expect(() => toHundredths(Number.NaN)).toThrow(RangeError);
  });

  it("sums in any order to the same total, with no residue after taking everything away again", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { maxLength: 40 }), (values) => {
        const forward = values.reduce((sum, v) => sum + toHundredths(v), 0n);
        const backward = [...values].reverse().reduce((sum, v) => sum + toHundredths(v), 0n);
        expect(forward).toBe(backward);
        expect(values.reduce((sum, v) => sum - toHundredths(v), forward)).toBe(0n);
      }),
    );
  });
});

describe("isMoney", () => {
  it("knows ISO 4217 codes and treats everything else as a unit", () => {
    expect(isMoney("EUR")).toBe(true);
    expect(isMoney("USD")).toBe(true);
    expect(isMoney("MW")).toBe(false);
    expect(isMoney("MWh")).toBe(false);
    expect(isMoney("tanks")).toBe(false);
    expect(isMoney("eur")).toBe(false);
  });
});

describe("tranche totals", () => {
  it("sums each phase per currency and unit, with progress delivered ÷ committed in each", () => {
    const totals = trancheTotals([
      tranche("committed", 2e9, "EUR"),
      tranche("allocated", 1e9, "EUR"),
      tranche("delivered", 3e8, "EUR"),
      tranche("delivered", 2e8, "EUR"),
      tranche("committed", 40, "tanks"),
      tranche("delivered", 10, "tanks"),
      tranche("committed", 5e8, "USD"),
    ]);
    expect(totals).toEqual([
      { currency: "EUR", committed: 2e9, allocated: 1e9, delivered: 5e8, progress: 0.25 },
      { currency: "USD", committed: 5e8, allocated: 0, delivered: 0, progress: 0 },
      { currency: "tanks", committed: 40, allocated: 0, delivered: 10, progress: 0.25 },
    ]);
  });

  it("never adds money to units or one currency to another", () => {
    const totals = trancheTotals([tranche("committed", 100, "EUR"), tranche("committed", 100, "MW"), tranche("committed", 100, "USD")]);
    expect(totals.map((t) => [t.currency, t.committed])).toEqual([
      ["EUR", 100],
      ["USD", 100],
      ["MW", 100],
    ]);
  });

  it("has no progress where nothing is committed, and shows over-delivery as it is", () => {
    expect(trancheTotals([tranche("delivered", 5, "tanks")])[0]!.progress).toBeNull();
    expect(trancheTotals([tranche("committed", 4, "tanks"), tranche("delivered", 6, "tanks")])[0]!.progress).toBe(1.5);
  });

  it("adds cents exactly", () => {
    const totals = trancheTotals([tranche("committed", 0.1, "EUR"), tranche("committed", 0.2, "EUR")]);
    expect(totals[0]!.committed).toBe(0.3);
  });
});

describe("amount and delivered beside tranches", () => {
  it("are the committed and delivered totals when the tranches use one currency or unit", () => {
    expect(compatibleAmounts([tranche("committed", 2e9, "USD"), tranche("delivered", 5e8, "USD")])).toEqual({
      amount: { value: 2e9, currency: "USD" },
      delivered: { value: 5e8, currency: "USD" },
    });
    expect(compatibleAmounts([tranche("committed", 2e9, "USD")])).toEqual({
      amount: { value: 2e9, currency: "USD" },
      delivered: { value: 0, currency: "USD" },
    });
  });

  it("are null when the tranches mix currencies or units", () => {
    expect(compatibleAmounts([tranche("committed", 2e9, "USD"), tranche("delivered", 5e8, "EUR")])).toEqual({
      amount: null,
      delivered: null,
    });
  });

  it("refuses a direct write once there are tranches, but accepts the totals repeated or left out", () => {
    const tranches = [tranche("committed", 2e9, "USD"), tranche("delivered", 5e8, "USD")];
    const conflicts = amountConflicts({ amount: { value: 3e9, currency: "USD" } }, tranches);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.field).toBe("amount");
    expect(conflicts[0]!.message).toMatch(/tranche/);
    expect(amountConflicts({ delivered: { value: 1, currency: "USD" } }, tranches).map((c) => c.field)).toEqual(["delivered"]);
    expect(amountConflicts({ amount: { value: 2e9, currency: "USD" }, delivered: { value: 5e8, currency: "USD" } }, tranches)).toEqual([]);
    expect(amountConflicts({ amount: null, delivered: undefined }, tranches)).toEqual([]);
    expect(amountConflicts({ amount: { value: 5, currency: "USD" } }, [])).toEqual([]);
  });

  it("refuses a single amount beside mixed tranches, whose totals are null", () => {
    const mixed = [tranche("committed", 2e9, "USD"), tranche("committed", 1e9, "EUR")];
    expect(amountConflicts({ amount: { value: 2e9, currency: "USD" } }, mixed)).toHaveLength(1);
  });
});

describe("a commitment without tranches", () => {
  it("counts its amount as committed and its delivered as delivered, dated to its start", () => {
    const c = { tranches: [], amount: { value: 2e9, currency: "USD" }, delivered: { value: 5e8, currency: "USD" } };
    expect(countedTranches(c, "2024-11-26")).toEqual([
      { phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "USD" }, made_by: null },
      { phase: "delivered", date: "2024-11-26", amount: { value: 5e8, currency: "USD" }, made_by: null },
    ]);
    expect(commitmentTotals(c)).toEqual([{ currency: "USD", committed: 2e9, allocated: 0, delivered: 5e8, progress: 0.25 }]);
    expect(commitmentTotals({ tranches: [], amount: null, delivered: null })).toEqual([]);
  });
});

describe("makers", () => {
  it("credits a tranche to its own maker, else to the commitment's only maker, else to nobody in particular", () => {
    expect(trancheMaker({ made_by: "Germany" }, ["G7"])).toBe("Germany");
    expect(trancheMaker({ made_by: null }, ["G7"])).toBe("G7");
    expect(trancheMaker({ made_by: null }, ["Germany", "France"])).toBeNull();
    expect(trancheMaker({ made_by: null }, [])).toBeNull();
  });
});

describe("recording tranches", () => {
  it("orders by date at each precision, committed before allocated before delivered on one date", () => {
    const ordered = orderTranches([
      tranche("delivered", 1, "EUR", { date: "2025-03-01" }),
      tranche("committed", 1, "EUR", { date: "2025-03-01" }),
      tranche("allocated", 1, "EUR", { date: "2025" }),
      tranche("committed", 1, "EUR", { date: "2025-03" }),
    ]);
    expect(ordered.map((t) => `${t.date} ${t.phase}`)).toEqual([
      "2025 allocated",
      "2025-03 committed",
      "2025-03-01 committed",
      "2025-03-01 delivered",
    ]);
  });

  it("keeps when an unchanged tranche was first recorded and records new or changed ones now", () => {
    const old = [tranche("committed", 2e9, "USD", { recorded_at: "2024-11-26T12:00:00Z" })];
    const { recorded_at: _r, ...same } = old[0]!;
    const next = recordTranches(old, [same, { ...same, phase: "delivered", date: "2025-02-01", amount: { value: 5e8, currency: "USD" } }], "2025-02-03T08:00:00Z");
    expect(next.map((t) => t.recorded_at)).toEqual(["2024-11-26T12:00:00Z", "2025-02-03T08:00:00Z"]);
    const edited = recordTranches(next, [{ ...same, note: "corrected" }], "2025-02-04T08:00:00Z");
    expect(edited).toHaveLength(1);
    expect(edited[0]!.recorded_at).toBe("2025-02-04T08:00:00Z");
  });

  it("matches each stored tranche once, so two identical tranches stay two", () => {
    const old = [tranche("delivered", 1, "tanks", { recorded_at: "2025-01-01T00:00:00Z" })];
    const { recorded_at: _r, ...same } = old[0]!;
    const next = recordTranches(old, [same, same], "2025-02-01T00:00:00Z");
    expect(next.map((t) => t.recorded_at).sort()).toEqual(["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"]);
  });

  it("keeps the recording time an import brings", () => {
    const next = recordTranches([], [{ ...tranche("committed", 1, "EUR"), recorded_at: "2020-01-01T00:00:00Z" }], "2025-01-01T00:00:00Z");
    expect(next[0]!.recorded_at).toBe("2020-01-01T00:00:00Z");
  });
});
