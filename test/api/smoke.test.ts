import { describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

describe("smoke", () => {
  it("creates and reads", async () => {
    await createTimeline("smoke");
    const e = await createEntry("smoke", { title: "Hello", start: "2024-11" });
    expect(e.precision.start).toBe("month");
    const list = await json(await call("GET", "/v1/timelines/smoke/entries", { token: null }));
    expect(list.items.map((i: any) => i.title)).toEqual(["Hello"]);
  });
});
