import { describe, expect, it } from "vitest";
import { dueTextRange, OVERDUE_LOOKBACK_MS, turnedOverdue } from "../../src/domain/overdue";

const hour = 3_600_000;

describe("turning overdue", () => {
  it("is true only for a due period that ended inside the window", () => {
    const c = { status: "announced" as const, due: "2025-03-31" };
    const end = Date.UTC(2025, 3, 1); // midnight after 31 March, UTC
    expect(turnedOverdue(c, "UTC", end - hour, end + 10)).toBe(true);
    expect(turnedOverdue(c, "UTC", end - 2 * hour, end - hour)).toBe(false); // not yet
    expect(turnedOverdue(c, "UTC", end, end + hour)).toBe(false); // ended exactly at the window's open start: before it
    expect(turnedOverdue(c, "UTC", end + hour, end + 2 * hour)).toBe(false); // long past
  });

  it("follows the timeline's time zone", () => {
    const c = { status: "in_progress" as const, due: "2025" };
    const berlinNewYear = Date.UTC(2025, 11, 31, 23);
    expect(turnedOverdue(c, "Europe/Berlin", berlinNewYear - hour, berlinNewYear + 1)).toBe(true);
    expect(turnedOverdue(c, "UTC", berlinNewYear - hour, berlinNewYear + 1)).toBe(false);
  });

  it("never fires for settled commitments or ones without a due date", () => {
    const end = Date.UTC(2026, 0, 1);
    expect(turnedOverdue({ status: "fulfilled", due: "2025" }, "UTC", end - hour, end + hour)).toBe(false);
    expect(turnedOverdue({ status: "withdrawn", due: "2025" }, "UTC", end - hour, end + hour)).toBe(false);
    expect(turnedOverdue({ status: "missed", due: "2025" }, "UTC", end - hour, end + hour)).toBe(true);
    expect(turnedOverdue({ status: "announced", due: null }, "UTC", end - hour, end + hour)).toBe(false);
  });
});

describe("due text range of a sweep", () => {
  const now = Date.UTC(2026, 0, 1, 5);
  const from = now - OVERDUE_LOOKBACK_MS;
  const { from: low, to: high } = dueTextRange(from, now);
  const inRange = (due: string) => due >= low && due < high;

  it("holds every due text whose period can end in the window, in any zone", () => {
    for (const due of ["2025", "2025-12", "2025-12-31", "2025-12-30", "2025-12-31T23:00:00+14:00", "2026-01-01T04:00:00Z"]) {
      expect(inRange(due), due).toBe(true);
      expect(turnedOverdue({ status: "announced", due }, "Pacific/Kiritimati", from, now) || turnedOverdue({ status: "announced", due }, "Pacific/Pago_Pago", from, now) || turnedOverdue({ status: "announced", due }, "UTC", from, now), due).toBe(true);
    }
  });

  it("leaves out dates far from now, history and the far future", () => {
    for (const due of ["2023", "2023-12-31", "-0044-03-15", "+12345", "2027", "2026-03-01"]) expect(inRange(due), due).toBe(false);
  });
});
