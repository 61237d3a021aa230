import { describe, expect, it } from "vitest";
import { appendStatusChange, isOverdue, progress } from "../../src/domain/commitments";

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
  });
});

describe("status history", () => {
  it("records the first status and each change, with note and source, but not a repeat", () => {
    const first = appendStatusChange([], null, "announced", "2024-11-26T10:00:00.000Z", {});
    expect(first).toEqual([{ at: "2024-11-26T10:00:00.000Z", from: null, status: "announced", note: null, source: null }]);
    const source = { url: "https://www.state.gov/", title: "State Department", publisher: null, published: null };
    const second = appendStatusChange(first, "announced", "fulfilled", "2025-01-10T00:00:00.000Z", {
      status_note: "Paid out",
      status_source: source,
      status_date: "2025-01-08",
    });
    expect(second).toHaveLength(2);
    expect(second[1]).toEqual({ at: "2025-01-08", from: "announced", status: "fulfilled", note: "Paid out", source });
    expect(appendStatusChange(second, "fulfilled", "fulfilled", "2025-02-01T00:00:00.000Z", {})).toEqual(second);
  });
});
