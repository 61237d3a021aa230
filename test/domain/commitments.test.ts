import { describe, expect, it } from "vitest";
import { appendStatusChange, isOverdue, isSettled, orderHistory, progress, type StatusChange } from "../../src/domain/commitments";

describe("overdue", () => {
  const due2025 = { status: "announced" as const, due: "2025" };

  it("is overdue only once the whole due period has passed in the timeline's zone", () => {
    expect(isOverdue(due2025, Date.UTC(2025, 11, 31, 12), "UTC")).toBe(false);
    expect(isOverdue(due2025, Date.UTC(2026, 0, 1), "UTC")).toBe(true);
    // Berlin's new year starts an hour before UTC's.
    expect(isOverdue(due2025, Date.UTC(2025, 11, 31, 23, 30), "Europe/Berlin")).toBe(true);
    expect(isOverdue(due2025, Date.UTC(2025, 11, 31, 23, 30), "America/New_York")).toBe(false);
  });

  it("is never overdue when fulfilled or withdrawn, or without a due date", () => {
    const later = Date.UTC(2030, 0, 1);
    expect(isOverdue({ status: "fulfilled", due: "2025" }, later, "UTC")).toBe(false);
    expect(isOverdue({ status: "withdrawn", due: "2025" }, later, "UTC")).toBe(false);
    expect(isOverdue({ status: "partially_fulfilled", due: "2025" }, later, "UTC")).toBe(true);
    expect(isOverdue({ status: "missed", due: "2025" }, later, "UTC")).toBe(true);
    expect(isOverdue({ status: "in_progress", due: null }, later, "UTC")).toBe(false);
  });

  it("counts month and day deadlines to their last moment", () => {
    expect(isOverdue({ status: "in_progress", due: "2025-03" }, Date.UTC(2025, 2, 31, 23, 59), "UTC")).toBe(false);
    expect(isOverdue({ status: "in_progress", due: "2025-03" }, Date.UTC(2025, 3, 1), "UTC")).toBe(true);
  });
});

describe("progress", () => {
  it("is delivered over pledged in one currency or unit", () => {
    expect(progress({ value: 2e9, currency: "USD" }, { value: 5e8, currency: "USD" })).toBe(0.25);
    expect(progress({ value: 40, currency: "tanks" }, { value: 60, currency: "tanks" })).toBe(1.5);
    expect(progress({ value: 10, currency: "usd" }, { value: 5, currency: "USD" })).toBe(0.5);
    // A share too large for a number (a vanishingly small pledge) is not stated.
    expect(progress({ value: 5e-324, currency: "USD" }, { value: 1, currency: "USD" })).toBeNull();
  });

  it("is unknown without both amounts, across currencies, or for a zero pledge", () => {
    expect(progress(null, { value: 1, currency: "USD" })).toBeNull();
    expect(progress({ value: 1, currency: "USD" }, null)).toBeNull();
    expect(progress({ value: 1, currency: "USD" }, { value: 1, currency: "EUR" })).toBeNull();
    expect(progress({ value: 0, currency: "USD" }, { value: 1, currency: "USD" })).toBeNull();
    expect(progress({ value: 5e-324, currency: "USD" }, { value: 1, currency: "USD" })).toBeNull();
  });
});

describe("status history", () => {
  const source = { url: "https://www.state.gov/", title: "State Department", publisher: null, published: null };

  it("records the first status and each change, with note and source, but not a repeat", () => {
    const first = appendStatusChange([], null, "announced", { nowIso: "2026-12-01T10:00:00.000Z", start: "2024-11-26" }, {});
    expect(first).toEqual([
      { at: "2024-11-26", from: null, status: "announced", note: null, source: null, reason: null, recorded_at: "2026-12-01T10:00:00.000Z" },
    ]);
    const second = appendStatusChange(first, "announced", "fulfilled", { nowIso: "2026-12-02T00:00:00.000Z", start: "2024-11-26" }, {
      status_note: "Paid out",
      status_source: source,
      status_date: "2025-01-08",
    });
    expect(second).toHaveLength(2);
    expect(second[1]).toMatchObject({ at: "2025-01-08", from: "announced", status: "fulfilled", note: "Paid out", source });
    expect(appendStatusChange(second, "fulfilled", "fulfilled", { nowIso: "2027-01-01T00:00:00Z", start: "2024-11-26" }, {})).toEqual(second);
  });

  it("dates a later change without status_date to the moment it is written", () => {
    const first = appendStatusChange([], null, "announced", { nowIso: "2025-01-01T09:00:00Z", start: "2024-11-26" }, {});
    const later = appendStatusChange(first, "announced", "stalled", { nowIso: "2025-06-01T09:00:00Z", start: "2024-11-26" }, {});
    expect(later.map((r) => r.at)).toEqual(["2024-11-26", "2025-06-01T09:00:00Z"]);
  });

  it("dates the first status to the given status_date over the entry's start", () => {
    const first = appendStatusChange([], null, "announced", { nowIso: "2026-01-01T00:00:00Z", start: "2024" }, { status_date: "2024-11-26" });
    expect(first[0]!.at).toBe("2024-11-26");
  });

  it("reads in date order, even when a change is recorded before the status it follows is dated", () => {
    // Created today (2026-12-01) as announced, with a change dated 2025-03-01: the example.
    const created = appendStatusChange([], null, "announced", { nowIso: "2026-12-01T08:00:00Z", start: "2024-11-26" }, {});
    const changed = appendStatusChange(created, "announced", "partially_fulfilled", { nowIso: "2026-12-01T08:05:00Z", start: "2024-11-26" }, {
      status_date: "2025-03-01",
    });
    expect(changed.map((r) => [r.at, r.status])).toEqual([
      ["2024-11-26", "announced"],
      ["2025-03-01", "partially_fulfilled"],
    ]);
    // A backdated change lands between them, and each `from` names the status before it.
    const backdated = appendStatusChange(changed, "partially_fulfilled", "stalled", { nowIso: "2026-12-02T00:00:00Z", start: "2024-11-26" }, {
      status_date: "2025-01",
    });
    expect(backdated.map((r) => [r.at, r.from, r.status])).toEqual([
      ["2024-11-26", null, "announced"],
      ["2025-01", "announced", "stalled"],
      ["2025-03-01", "stalled", "partially_fulfilled"],
    ]);
  });

  it("orders mixed precisions chronologically, a year before its months, and keeps recording order on ties", () => {
    const record = (at: string, status: StatusChange["status"]): StatusChange => ({ at, from: null, status, note: null, source: null });
    const ordered = orderHistory([
      record("2025-03-01T10:00:00+01:00", "fulfilled"),
      record("2025-03", "in_progress"),
      record("2025", "announced"),
      record("2025-03-01", "stalled"),
      record("2025-03-01", "partially_fulfilled"),
    ]);
    expect(ordered.map((r) => r.status)).toEqual(["announced", "in_progress", "stalled", "partially_fulfilled", "fulfilled"]);
    expect(orderHistory(ordered)).toEqual(ordered);
  });

  it("keeps a reason only for missed and withdrawn", () => {
    const ctx = { nowIso: "2026-01-01T00:00:00Z", start: "2024-11-26", reason: "Budget cut" };
    expect(appendStatusChange([], null, "missed", ctx, {})[0]!.reason).toBe("Budget cut");
    expect(appendStatusChange([], null, "withdrawn", ctx, {})[0]!.reason).toBe("Budget cut");
    expect(appendStatusChange([], null, "stalled", ctx, {})[0]!.reason).toBeNull();
  });
});

describe("stalled", () => {
  it("is a status a deadline still counts against", () => {
    expect(isOverdue({ status: "stalled", due: "2025" }, Date.UTC(2026, 0, 1), "UTC")).toBe(true);
    expect(isSettled("stalled")).toBe(false);
    expect(isSettled("withdrawn")).toBe(true);
  });
});
