import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const base = "/v1/timelines/pages/entries";

async function page(query: string) {
  const res = await call("GET", `${base}${query}`, { token: null });
  expect(res.status).toBe(200);
  return json(res);
}

async function all(query: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const p: any = await page(`?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`);
    seen.push(...p.items.map((e: any) => e.title));
    cursor = p.next_cursor;
  } while (cursor);
  return seen;
}

describe("keyset pagination", () => {
  beforeAll(async () => {
    await createTimeline("pages");
    // Several entries share a start, so the order must break ties stably (by id, i.e. creation).
    for (const [title, start] of [
      ["a", "2020"],
      ["b", "2021-05"],
      ["c", "2021-05"],
      ["d", "2021-05"],
      ["e", "2021-05-01"],
      ["f", "2022"],
      ["g", "2023-01-01T00:00:00Z"],
    ]) {
      await createEntry("pages", { title, start, tags: ["alle"] });
    }
  });

  it("walks every entry exactly once in both orders and page sizes", async () => {
    const expected = ["a", "b", "c", "d", "e", "f", "g"];
    for (const size of [1, 2, 3, 50]) {
      expect(await all("", size)).toEqual(expected);
      expect(await all("&order=desc", size)).toEqual([...expected].reverse());
      expect(await all("&tag=alle", size)).toEqual(expected);
    }
    expect((await page("?limit=7")).next_cursor).toBeNull();
  });

  it("stays correct while entries are added between page requests", async () => {
    const first = await page("?limit=3");
    expect(first.items.map((e: any) => e.title)).toEqual(["a", "b", "c"]);
    await createEntry("pages", { title: "early", start: "2019" }); // before the cursor: not shown later
    await createEntry("pages", { title: "tie", start: "2021-05" }); // same start, newer id: after d
    await createEntry("pages", { title: "late", start: "2030" });
    const rest: string[] = [];
    let cursor = first.next_cursor;
    while (cursor) {
      const p = await page(`?limit=3&cursor=${cursor}`);
      rest.push(...p.items.map((e: any) => e.title));
      cursor = p.next_cursor;
    }
    expect(rest).toEqual(["d", "tie", "e", "f", "g", "late"]);
  });

  it("rejects cursors it did not issue or from the other order", async () => {
    const asc = await page("?limit=1");
    const wrongOrder = await call("GET", `${base}?order=desc&cursor=${asc.next_cursor}`, { token: null });
    expect(wrongOrder.status).toBe(400);
    expect((await json(wrongOrder)).errors[0].detail).toContain("order=asc");
    for (const bad of ["xyz", btoa('{"o":"asc","k":[1,2]}'), btoa("[]"), "%00"]) {
      const res = await call("GET", `${base}?cursor=${encodeURIComponent(bad)}`, { token: null });
      expect(res.status, bad).toBe(400);
    }
  });
});
