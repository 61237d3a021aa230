/**
 * Property tests over the write API and the query parameters: whatever arrives, the answer is a
 * 2xx or a problem+json 4xx — never a 5xx —, a rejected write changes nothing, and an accepted
 * one stored what it answered. Each property counts its outcomes, so a generator that only ever
 * produces one kind of answer fails instead of passing vacuously.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const TABLES = ["entries", "entry_facets", "entry_revisions", "idempotency_keys", "timelines", "tokens"];
const snapshot = async () =>
  Promise.all(TABLES.map(async (t) => (await env.DB.prepare(`SELECT count(*) AS n, total(rowid) AS s FROM ${t}`).first<{ n: number; s: number }>())!))
    .then((rows) => JSON.stringify(rows));
const stateOf = async (id: string) =>
  JSON.stringify(await env.DB.prepare("SELECT * FROM entries WHERE id = ?").bind(id).first());

/** Checks the answer's shape and returns its body (parsed when it is JSON). */
async function expectWellFormed(res: Response): Promise<any> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const body = (await res.json()) as { type: string; status: number; detail: string };
    expect(body.status).toBe(res.status);
    expect(typeof body.detail).toBe("string");
    return body;
  }
  const text = await res.text();
  return res.headers.get("Content-Type")?.includes("json") && text ? JSON.parse(text) : text;
}

/** Counts outcomes of a property; both must have happened for it to have tested anything. */
function outcomes() {
  const seen = { accepted: 0, rejected: 0 };
  return {
    count: (status: number) => (status < 400 ? seen.accepted++ : seen.rejected++),
    expectBoth: () => {
      expect(seen.accepted, JSON.stringify(seen)).toBeGreaterThan(0);
      expect(seen.rejected, JSON.stringify(seen)).toBeGreaterThan(0);
    },
  };
}

/** What text turns into when stored: NFC, newlines unified, trimmed. */
const stored = (value: string) => value.normalize("NFC").replace(/\r\n?/g, "\n").trim();

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "<script>alert(1)</script>", "'; DROP TABLE entries; --", "=cmd|' /C calc'!A0", "\u0000", "\u202E", "ß", "🇺🇦"),
);
const date = fc.oneof(
  fc.constantFrom("2024", "2024-11", "2024-11-26", "2024-02-30", "-0044-03-15", "2024-11-26T10:00:00Z", "+012345", "20241126", "2024-13"),
  fc.string({ maxLength: 30 }),
  fc.integer(),
);
const amount = fc.record({ value: fc.oneof(fc.double(), fc.integer(), text), currency: text }, { requiredKeys: [] });
/** Entries that are mostly valid, so accepted writes happen often enough to be checked. */
const plausibleEntry = fc.record(
  {
    kind: fc.constantFrom("event", "commitment"),
    title: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom("Gipfel", "  A\u0308rger  ", "ß", "🇺🇦 Hilfe")),
    start: fc.constantFrom("2024", "2024-11", "2024-11-26", "-0044-03-15", "2024-11-26T10:00:00Z"),
    body: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 })),
    tags: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }),
    importance: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: ["kind", "title", "start"] },
);

const entryLike = fc.record(
  {
    kind: fc.oneof(fc.constantFrom("event", "commitment"), text),
    title: fc.oneof(text, fc.integer(), fc.constant(null)),
    body: fc.oneof(text, fc.constant(null)),
    start: date,
    end: fc.oneof(date, fc.constant(null)),
    date_qualifier: fc.oneof(fc.constantFrom("circa", "before", "after"), text),
    display_date: text,
    tags: fc.oneof(fc.array(text, { maxLength: 40 }), text),
    actors: fc.array(fc.oneof(text, fc.integer()), { maxLength: 5 }),
    importance: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), text),
    sources: fc.array(fc.record({ url: fc.oneof(fc.webUrl(), text), title: text }, { requiredKeys: [] }), { maxLength: 3 }),
    media: fc.oneof(fc.constant(null), fc.record({ url: fc.oneof(fc.webUrl(), text), alt: text })),
    commitment: fc.oneof(
      fc.constant(null),
      fc.record(
        {
          status: fc.oneof(fc.constantFrom("announced", "fulfilled", "missed"), text),
          due: date,
          amount,
          delivered: amount,
          made_by: fc.array(text, { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
    ),
    extra: text,
  },
  { requiredKeys: [] },
);

describe("any input gets an answer, never a 5xx, and rejected writes change nothing", () => {
  let entryId: string;
  beforeAll(async () => {
    await createTimeline("prop");
    entryId = (await createEntry("prop", { title: "Fest", start: "2024" })).id;
  });

  it("POST entries with arbitrary bodies", async () => {
    const seen = outcomes();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: entryLike }, { weight: 2, arbitrary: plausibleEntry }, { weight: 1, arbitrary: fc.jsonValue() }),
        async (body) => {
          const before = await snapshot();
          const res = await call("POST", "/v1/timelines/prop/entries", { body: JSON.stringify(body) });
          const answer = await expectWellFormed(res);
          seen.count(res.status);
          if (res.status >= 400) {
            expect(await snapshot()).toBe(before);
            return;
          }
          expect(res.status).toBe(201);
          const sent = body as Record<string, any>;
          expect(answer).toMatchObject({ kind: sent.kind, title: stored(sent.title), revision: 1 });
          const read = await call("GET", `/v1/timelines/prop/entries/${answer.id}`, { token: null });
          expect(await json(read)).toEqual(answer);
        },
      ),
      { numRuns: 150 },
    );
    seen.expectBoth();
  });

  it("PATCH an entry with arbitrary bodies", async () => {
    const seen = outcomes();
    await fc.assert(
      fc.asyncProperty(fc.oneof(entryLike, plausibleEntry.map(({ kind: _kind, ...fields }) => fields)), async (body) => {
        const before = await stateOf(entryId);
        const res = await call("PATCH", `/v1/timelines/prop/entries/${entryId}`, { body: JSON.stringify(body) });
        const answer = await expectWellFormed(res);
        seen.count(res.status);
        if (res.status >= 400) {
          expect(await stateOf(entryId)).toBe(before);
          return;
        }
        expect(res.status).toBe(200);
        if (typeof body.title === "string") expect(answer.title).toBe(stored(body.title));
        const read = await call("GET", `/v1/timelines/prop/entries/${entryId}`, { token: null });
        expect(await json(read)).toEqual(answer);
      }),
      { numRuns: 150 },
    );
    seen.expectBoth();
  });

  it("POST timelines and tokens with arbitrary bodies", async () => {
    const timelineLike = fc.record(
      {
        slug: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,70}$/), text),
        title: text,
        language: fc.oneof(fc.constantFrom("de", "en-GB", "ar", "x-klingon", "123"), text),
        time_zone: fc.oneof(fc.constantFrom("UTC", "Europe/Berlin", "Mars/Base"), text),
        visibility: fc.oneof(fc.constantFrom("public", "private"), text),
        embed_origins: fc.array(fc.oneof(fc.webUrl(), text), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    const tokenLike = fc.record(
      { name: text, role: fc.oneof(fc.constantFrom("editor", "admin"), text), timelines: fc.array(fc.oneof(fc.constant("*"), text), { maxLength: 3 }) },
      { requiredKeys: [] },
    );
    const plausibleTimeline = fc.record(
      {
        slug: fc.stringMatching(/^[a-z][a-z0-9-]{2,30}$/),
        title: fc.string({ minLength: 1, maxLength: 30 }),
        language: fc.constantFrom("de", "en-GB", "ar"),
        time_zone: fc.constantFrom("UTC", "Europe/Berlin", "Asia/Kolkata"),
      },
      { requiredKeys: ["slug", "title"] },
    );
    const plausibleToken = fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), role: fc.constantFrom("editor", "admin"), timelines: fc.constant(["prop"]) });
    const timelines = outcomes();
    const tokens = outcomes();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.oneof(timelineLike, plausibleTimeline).map((b) => ["/v1/timelines", b] as const),
          fc.oneof(tokenLike, plausibleToken).map((b) => ["/v1/tokens", b] as const),
        ),
        async ([path, body]) => {
          const before = await snapshot();
          const res = await call("POST", path, { body: JSON.stringify(body) });
          const answer = await expectWellFormed(res);
          (path === "/v1/tokens" ? tokens : timelines).count(res.status);
          if (res.status >= 400) {
            expect(await snapshot()).toBe(before);
            return;
          }
          expect(res.status).toBe(201);
          const sent = body as Record<string, any>;
          if (path === "/v1/timelines") {
            expect(answer).toMatchObject({ slug: sent.slug, title: stored(sent.title) });
            expect(await json(await call("GET", `/v1/timelines/${answer.slug}`))).toEqual(answer);
          } else {
            expect(answer).toMatchObject({ name: stored(sent.name), role: sent.role });
            const listed = (await json(await call("GET", "/v1/tokens"))).items.find((t: any) => t.id === answer.id);
            expect(listed).toMatchObject({ name: answer.name, role: answer.role, timelines: answer.timelines });
          }
        },
      ),
      { numRuns: 120 },
    );
    timelines.expectBoth();
    tokens.expectBoth();
  });

  it("GET entries with arbitrary query parameters", async () => {
    const param = fc.tuple(
      fc.oneof(fc.constantFrom("kind", "status", "tag", "actor", "from", "to", "q", "order", "limit", "cursor"), fc.string({ maxLength: 8 })),
      fc.oneof(text, date.map(String), fc.integer().map(String)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 6 }), async (params) => {
        const query = new URLSearchParams(params.map(([k, v]) => [k, v]));
        const res = await call("GET", `/v1/timelines/prop/entries?${query}`, { token: null });
        await expectWellFormed(res);
      }),
      { numRuns: 200 },
    );
  });

  it("arbitrary methods and paths", async () => {
    const segment = fc.oneof(fc.constantFrom("v1", "timelines", "prop", "entries", entryId, "restore", "revisions", "tokens", "..", "%00", "%ff"), fc.string({ maxLength: 10 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS"), fc.array(segment, { maxLength: 6 }), async (method, segments) => {
        const res = await call(method, `/${segments.join("/")}`, method === "GET" || method === "OPTIONS" ? {} : { body: "{}" });
        await expectWellFormed(res);
      }),
      { numRuns: 150 },
    );
  });
});
