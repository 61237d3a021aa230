/**
 * The limits the README states, each at its boundary: the last accepted value and the first
 * refused one, with the refusal pointing at the field.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, importEntries, json } from "../support/api";

const SLUG = "limits";
const post = (fields: Record<string, unknown>) => call("POST", `/v1/timelines/${SLUG}/entries`, { body: { kind: "event", title: "Grenze", start: "2024", ...fields } });
const list = <T,>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

async function expectRefused(res: Response, pointer: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  const problem = await json(res);
  expect(problem.errors.map((e: any) => e.pointer ?? e.parameter), JSON.stringify(problem)).toContain(pointer);
}

beforeAll(async () => {
  await createTimeline(SLUG);
});

describe("Unicode normalisation", () => {
  it("stores NFC and finds a tag whichever form it was written or asked in", async () => {
    const decomposed = await json(await post({ title: "A\u0308rger im Vorstand", tags: ["A\u0308rger"], actors: ["Bu\u0308ro"] }));
    expect(decomposed.title).toBe("\u00C4rger im Vorstand");
    expect(decomposed.tags).toEqual(["\u00C4rger"]);
    expect(decomposed.actors).toEqual(["B\u00FCro"]);
    const precomposed = await json(await post({ title: "\u00C4rger beigelegt", tags: ["\u00C4rger"], actors: ["B\u00FCro"] }));
    for (const query of ["tag=%C3%84rger", "tag=A%CC%88rger", "actor=Bu%CC%88ro", "actor=B%C3%BCro"]) {
      const found = await json(await call("GET", `/v1/timelines/${SLUG}/entries?${query}`, { token: null }));
      expect(found.items.map((e: any) => e.id).sort(), query).toEqual([decomposed.id, precomposed.id].sort());
    }
    const searched = await json(await call("GET", `/v1/timelines/${SLUG}/entries?q=${encodeURIComponent("A\u0308rger")}`, { token: null }));
    expect(searched.items.map((e: any) => e.id).sort()).toEqual([decomposed.id, precomposed.id].sort());
  });
});

describe("lengths and counts", () => {
  it("takes a body of 20,000 characters and refuses 20,001", async () => {
    const body = "a".repeat(19_999) + "\u00C4"; // counted after NFC: "A\u0308" would be one character too
    expect((await post({ body })).status).toBe(201);
    expect((await post({ body: "a".repeat(19_999) + "A\u0308" })).status).toBe(201);
    await expectRefused(await post({ body: "a".repeat(20_001) }), "/body");
  });

  it("takes a title of 200 characters and refuses 201", async () => {
    expect((await post({ title: "t".repeat(200) })).status).toBe(201);
    await expectRefused(await post({ title: "t".repeat(201) }), "/title");
  });

  const lists: [string, (n: number) => Record<string, unknown>, string][] = [
    ["tags", (n) => ({ tags: list(n, (i) => `tag-${i}`) }), "/tags"],
    ["actors", (n) => ({ actors: list(n, (i) => `Akteur ${i}`) }), "/actors"],
    ["sources", (n) => ({ sources: list(n, (i) => ({ url: `https://example.org/${i}`, title: `Quelle ${i}` })) }), "/sources"],
    ["makers", (n) => ({ kind: "commitment", commitment: { status: "announced", made_by: list(n, (i) => `Staat ${i}`) } }), "/commitment/made_by"],
  ];
  for (const [name, fields, pointer] of lists) {
    it(`takes 30 ${name} and refuses 31`, async () => {
      const accepted = await post(fields(30));
      expect(accepted.status, await accepted.clone().text()).toBe(201);
      await expectRefused(await post(fields(31)), pointer);
    });
  }

  it("allows a tab (and newlines) in a body and refuses a tab in a title", async () => {
    const created = await json(await post({ body: "Spalte\tSpalte\nZeile" }));
    expect(created.body).toBe("Spalte\tSpalte\nZeile");
    await expectRefused(await post({ title: "Spalte\tSpalte" }), "/title");
    await expectRefused(await post({ title: "Zeile\nZeile" }), "/title");
  });
});

describe("the request line", () => {
  const params = (n: number) => new URLSearchParams(list(n, (i): [string, string] => [`p${i}`, "1"])).toString();

  it("takes 32 query parameters and refuses 33", async () => {
    expect((await call("GET", `/v1/timelines/${SLUG}/entries?${params(32)}`, { token: null })).status).toBe(200);
    const refused = await call("GET", `/v1/timelines/${SLUG}/entries?${params(33)}`, { token: null });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
  });
});

describe("imports", () => {
  it("imports 5,000 entries in one request and refuses 5,001", async () => {
    await createTimeline("limits-import");
    const entries = (n: number) => list(n, (i) => ({ kind: "event", title: `Eintrag ${i}`, start: `${1000 + (i % 1000)}` }));
    const refused = await importEntries("limits-import", entries(5_001));
    expect(refused.status).toBe(400);
    expect((await json(await call("GET", "/v1/timelines/limits-import"))).revision).toBe(1);
    const res = await importEntries("limits-import", entries(5_000));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ applied: true, created: 5_000, rejected: 0 });
    const exported = await json(await call("GET", "/v1/timelines/limits-import/export"));
    expect(exported.entries).toHaveLength(5_000);
  });
});

describe("security headers on every kind of response", () => {
  beforeAll(async () => {
    await post({ title: "Für die Feeds" });
  });

  const responses: [string, () => Promise<Response>][] = [
    ["JSON", () => call("GET", `/v1/timelines/${SLUG}`, { token: null })],
    ["JSON list", () => call("GET", `/v1/timelines/${SLUG}/entries`, { token: null })],
    ["JSON Feed", () => call("GET", `/v1/timelines/${SLUG}/feed.json`, { token: null })],
    ["Atom", () => call("GET", `/v1/timelines/${SLUG}/feed.atom`, { token: null })],
    ["iCalendar", () => call("GET", `/v1/timelines/${SLUG}/calendar.ics`, { token: null })],
    ["CSV", () => call("GET", `/v1/timelines/${SLUG}/entries.csv`, { token: null })],
    ["304", async () => {
      const etag = (await call("GET", `/v1/timelines/${SLUG}`, { token: null })).headers.get("ETag")!;
      return call("GET", `/v1/timelines/${SLUG}`, { token: null, headers: { "If-None-Match": etag } });
    }],
    ["404 problem", () => call("GET", "/v1/timelines/does-not-exist", { token: null })],
    ["400 problem", () => call("GET", `/v1/timelines/${SLUG}/entries?limit=0`, { token: null })],
    ["401 problem", () => call("POST", `/v1/timelines/${SLUG}/entries`, { token: null, body: {} })],
    ["unknown path", () => call("GET", "/nowhere", { token: null })],
  ];
  for (const [name, request] of responses) {
    it(name, async () => {
      const res = await request();
      expect(res.status, name).not.toBe(500);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
    });
  }

  it("sends no HSTS over plain http to a local address", async () => {
    const { default: worker } = await import("../../src/index");
    const { env } = await import("cloudflare:workers");
    const { createExecutionContext } = await import("cloudflare:test");
    const res = await worker.fetch(new Request(`http://localhost:8787/v1/timelines/${SLUG}`), env, createExecutionContext());
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });
});
