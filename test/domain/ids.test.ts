import { describe, expect, it } from "vitest";
import { uuidv7 } from "../../src/domain/ids";

describe("uuidv7", () => {
  it("is a version 7, variant 10 UUID carrying its millisecond timestamp", () => {
    const at = Date.UTC(2026, 10, 26, 12);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts in creation order, also within one millisecond", () => {
    const at = Date.UTC(2027, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = uuidv7(at - 5); // a clock that steps back does not break the order
    expect(later > ids.at(-1)!).toBe(true);
  });
});
