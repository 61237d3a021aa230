/**
 * Text hygiene: a JSON body is well-formed Unicode or it is refused (lone surrogates, invalid
 * UTF-8), everywhere and with a pointer; tags, actors and slugs are compared by a key that ignores
 * invisible characters (zero-width, bidi marks), while titles and bodies keep the joiners
 * Persian, Arabic, Indic scripts and emoji need.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { foldKey } from "../../src/domain/text";
import { ADMIN, BASE, BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";

const SLUG = "hygiene";
/** Sends `body` as it is (text or bytes), as JSON with the admin token. */
const raw = (method: string, path: string, body: string | Uint8Array) =>
  exports.default.fetch(
    new Request(`${BASE}${path}`, { method, body, headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN}` } }),
  );

describe("JSON bodies", () => {
  beforeAll(async () => {
    await createTimeline(SLUG, { language: "fa" });
  });

  it.each([
    ["an entry title", "POST", `/v1/timelines/${SLUG}/entries`, '{"kind":"event","title":"ab\\ud800c","start":"2024"}', "/title"],
    ["a tag", "POST", `/v1/timelines/${SLUG}/entries`, '{"kind":"event","title":"x","start":"2024","tags":["ok","\\udc00"]}', "/tags/1"],
    ["a timeline description", "PATCH", `/v1/timelines/${SLUG}`, '{"description":"\\ud83d"}', "/description"],
    ["a token name", "POST", "/v1/tokens", '{"name":"n\\udfff","role":"editor","timelines":["hygiene"]}', "/name"],
    ["a field name", "POST", `/v1/timelines/${SLUG}/entries`, '{"kind":"event","title":"x","start":"2024","\\ud800":1}', "/\\ud800"],
    ["an imported entry", "POST", `/v1/timelines/${SLUG}/import`, '{"format":"edge-timeline/1","entries":[{"kind":"event","title":"\\ud800","start":"2024"}]}', "/entries/0/title"],
  ])("refuses a lone surrogate in %s, with a pointer", async (_what, method, path, body, pointer) => {
    const res = await raw(method, path, body);
    // Compared as JSON text (which escapes lone surrogates), so no ill-formed string reaches the test reporter.
    const text = JSON.stringify(await res.json());
    expect(res.status, text).toBe(400);
    const problem = JSON.parse(text);
    expect(problem.errors.map((e: any) => JSON.stringify(e.pointer))).toEqual([`"${pointer}"`]);
    expect(problem.errors[0].detail).toMatch(/lone surrogate/);
  });

  it("keeps surrogate pairs: an emoji written as an escape is text", async () => {
    const res = await raw("POST", `/v1/timelines/${SLUG}/entries`, '{"kind":"event","title":"\\ud83d\\ude00 ok","start":"2024"}');
    expect(res.status).toBe(201);
    expect((await json(res)).title).toBe("😀 ok");
  });

  it("refuses invalid UTF-8 instead of turning it into U+FFFD", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"kind":"event","title":"ab'), 0xff, 0xfe, ...new TextEncoder().encode('","start":"2024"}')]);
    const res = await raw("POST", `/v1/timelines/${SLUG}/entries`, bytes);
    expect(res.status).toBe(400);
    expect((await json(res)).detail).toMatch(/not valid UTF-8/);
    const titles = (await json(await call("GET", `/v1/timelines/${SLUG}/entries`))).items.map((e: any) => e.title);
    expect(titles.join("")).not.toContain("\uFFFD");
  });
});

describe("invisible characters", () => {
  const INVISIBLE = ["\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u2060", "\uFEFF", "\u00AD", "\u061C"];

  it("are ignored by the key tags and actors are compared by", () => {
    for (const ch of INVISIBLE) expect(foldKey(`Nord${ch}korea`)).toBe("nordkorea");
    expect(foldKey(" Vereinigte  Staaten ")).toBe("vereinigte staaten");
  });

  it("do not make a second tag or actor that looks the same", async () => {
    await createTimeline("lookalike");
    const a = await createEntry("lookalike", { title: "A", start: "2024", tags: ["Nordkorea", "Nord\u200Bkorea", "\u200ENordkorea"], actors: ["Blinken"] });
    expect(a.tags).toEqual(["Nordkorea"]);
    const b = await createEntry("lookalike", { title: "B", start: "2025", tags: ["Nord\u200Dkorea"], actors: ["Blin\u200Bken"] });
    const byTag = await json(await call("GET", "/v1/timelines/lookalike/entries?tag=Nordkorea"));
    expect(byTag.items.map((e: any) => e.id)).toEqual([a.id, b.id]);
    const byHiddenTag = await json(await call("GET", `/v1/timelines/lookalike/entries?tag=${encodeURIComponent("Nord\u2060korea")}`));
    expect(byHiddenTag.items.map((e: any) => e.id)).toEqual([a.id, b.id]);
    const byActor = await json(await call("GET", "/v1/timelines/lookalike/entries?actor=blinken"));
    expect(byActor.items.map((e: any) => e.id)).toEqual([a.id, b.id]);
  });

  it("cannot be a whole tag or actor", async () => {
    const res = await call("POST", "/v1/timelines/lookalike/entries", { body: { kind: "event", title: "x", start: "2024", tags: ["\u200B\u200D"] } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([{ pointer: "/tags/0", detail: expect.stringMatching(/visible/) }]);
  });

  it("cannot be part of a slug", async () => {
    const res = await call("POST", "/v1/timelines", { body: { slug: "look\u200Balike", title: "x" } });
    expect(res.status).toBe(400);
    expect((await call("GET", `/t/${encodeURIComponent("look\u200Balike")}`, { token: null })).status).toBe(404);
  });

  it("stay in titles and bodies, where Persian, Indic scripts and emoji need the joiners", async () => {
    const title = "می\u200Cخواهم · क्\u200Dष · 👩\u200D💻";
    const body = "نیم\u200Cفاصله\n\n👨\u200D👩\u200D👧";
    const entry = await createEntry(SLUG, { title, body, start: "2024" });
    expect(entry.title).toBe(title);
    expect(entry.body).toBe(body);
    const page = await (await call("GET", `/embed/${SLUG}`, { token: null, headers: { Accept: BROWSER_ACCEPT } })).text();
    expect(page).toContain(title);
  });
});
