import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const base = "/v1/timelines/filters/entries";
const titles = async (query: string) => {
  const res = await call("GET", `${base}${query}`, { token: null });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  return (await json(res)).items.map((e: any) => e.title);
};

describe("filters and order", () => {
  beforeAll(async () => {
    await createTimeline("filters");
    // Created out of order on purpose.
    await createEntry("filters", { title: "Day", start: "2024-11-26", tags: ["Gipfel"], actors: ["G7"] });
    await createEntry("filters", { title: "Year", start: "2024", tags: ["Jahr"] });
    await createEntry("filters", { title: "Time", start: "2024-11-26T09:00:00+01:00", actors: ["Antony Blinken"] });
    await createEntry("filters", { title: "Month", start: "2024-11", tags: ["gipfel"] });
    await createEntry("filters", { title: "Caesar", start: "-0044-03-15", tags: ["Geschichte"] });
    await createEntry("filters", { title: "Span", start: "2023-12-20", end: "2024-01-10" });
    await createEntry("filters", {
      kind: "commitment",
      title: "Pledge",
      start: "2024-06",
      body: "Energie für die Ukraine: Wiederaufbau der Stromnetze.",
      commitment: { status: "in_progress", made_by: ["Vereinigte Staaten"], due: "2025" },
    });
    await createEntry("filters", {
      kind: "commitment",
      title: "Kept",
      start: "2024-07",
      commitment: { status: "fulfilled", made_by: ["G7"] },
    });
  });

  it("orders chronologically across precisions, oldest first by default", async () => {
    expect(await titles("")).toEqual(["Caesar", "Span", "Year", "Pledge", "Kept", "Month", "Day", "Time"]);
  });

  it("orders newest first with order=desc", async () => {
    expect(await titles("?order=desc")).toEqual(["Time", "Day", "Month", "Kept", "Pledge", "Year", "Span", "Caesar"]);
  });

  it("filters by kind and commitment status", async () => {
    expect(await titles("?kind=commitment")).toEqual(["Pledge", "Kept"]);
    expect(await titles("?kind=event")).toEqual(["Caesar", "Span", "Year", "Month", "Day", "Time"]);
    expect(await titles("?status=fulfilled")).toEqual(["Kept"]);
    expect(await titles("?status=missed")).toEqual([]);
  });

  it("filters by tag and actor, ignoring case, with a commitment's makers as actors", async () => {
    expect(await titles("?tag=GIPFEL")).toEqual(["Month", "Day"]);
    expect(await titles("?actor=g7")).toEqual(["Kept", "Day"]);
    expect(await titles("?actor=vereinigte%20staaten")).toEqual(["Pledge"]);
    expect(await titles("?tag=gipfel&actor=g7")).toEqual(["Day"]);
    expect(await titles("?tag=gipfel&order=desc")).toEqual(["Day", "Month"]);
  });

  it("filters by date with overlap semantics for spans and periods", async () => {
    expect(await titles("?from=2024-01-05&to=2024-01-06")).toEqual(["Span", "Year"]);
    expect(await titles("?from=2024-11-26")).toEqual(["Year", "Month", "Day", "Time"]);
    expect(await titles("?to=2023")).toEqual(["Caesar", "Span"]);
    expect(await titles("?to=-0001")).toEqual(["Caesar"]);
    expect(await titles("?from=2024-07&to=2024-07&kind=commitment")).toEqual(["Kept"]);
  });

  it("searches words in titles, bodies, tags and actors", async () => {
    expect(await titles("?q=stromnetze")).toEqual(["Pledge"]);
    expect(await titles("?q=energie%20ukraine")).toEqual(["Pledge"]);
    expect(await titles("?q=energie%20russland")).toEqual([]);
    expect(await titles("?q=blink")).toEqual(["Time"]);
    expect(await titles("?q=Gesch")).toEqual(["Caesar"]);
    expect(await titles('?q=%22OR%22%20*%20NEAR(')).toEqual([]);
  });

  it("rejects invalid filters with the parameter named", async () => {
    for (const [query, parameter] of [
      ["?kind=pledge", "kind"],
      ["?status=done", "status"],
      ["?from=2024-02-30", "from"],
      ["?from=2025&to=2024", "to"],
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?limit=abc", "limit"],
      ["?order=sideways", "order"],
      ["?q=%21%21%21", "q"],
      ["?kind=event&kind=commitment", "kind"],
    ] as const) {
      const res = await call("GET", `${base}${query}`, { token: null });
      expect(res.status, query).toBe(400);
      const problem = await json(res);
      expect(problem.errors.map((e: any) => e.parameter), query).toContain(parameter);
    }
  });
});
