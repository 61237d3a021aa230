/**
 * The injection suite: hostile text in every text field of a timeline and its entries, read back
 * through every way the service publishes it. Nothing may turn into markup, a link, a formula,
 * a calendar property or SQL.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import ICAL from "ical.js";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

const SLUG = "injection";
const XSS = [
  "<script>window.__pwned=1</script>",
  '"><img src=x onerror=window.__pwned=1>',
  "<svg onload=window.__pwned=1>",
  "</title></script><script>window.__pwned=1</script>",
  "javascript:window.__pwned=1",
  "{{constructor.constructor('window.__pwned=1')()}}",
];
const SQL = "Robert'); DROP TABLE entries; --";
const FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"];
const ICS_BREAKOUT = "Zeile eins\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected\nDTSTART:20240101";

/** Markers that only exist if a payload escaped its text context. */
const LIVE_MARKUP = [/<script>window\.__pwned/i, /<img src=x onerror/i, /<svg onload/i, /href="javascript:/i, /src="javascript:/i];

function expectInert(text: string, where: string) {
  for (const pattern of LIVE_MARKUP) expect(text, `${where} ${pattern}`).not.toMatch(pattern);
}

describe("injection suite", () => {
  const ids: string[] = [];

  beforeAll(async () => {
    await createTimeline(SLUG, { title: XSS[3], description: XSS.join("\n"), language: "de" });
    for (const [i, payload] of XSS.entries()) {
      const res = await call("POST", `/v1/timelines/${SLUG}/entries`, {
        body: {
          kind: "commitment",
          title: `${payload} ${i}`,
          body: `${payload}\n\nhttps://example.org/ok ${ICS_BREAKOUT}`,
          start: `2024-0${i + 1}`,
          display_date: payload.slice(0, 100),
          tags: [payload.slice(0, 64), FORMULAS[i % FORMULAS.length]!.slice(0, 64)],
          actors: [payload.slice(0, 100), SQL],
          location: payload,
          media: { url: "https://example.org/image.png", alt: payload, credit: payload },
          sources: [{ url: "https://example.org/source", title: payload, publisher: SQL }],
          commitment: {
            status: "in_progress",
            due: "2030",
            made_by: [payload.slice(0, 100)],
            beneficiary: payload,
            amount: { value: 5, currency: payload.slice(0, 32) },
          },
        },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push((await json(res)).id);
    }
    const formula = await call("POST", `/v1/timelines/${SLUG}/entries`, {
      body: { kind: "event", title: FORMULAS[0], body: FORMULAS.join("\n"), start: "2023", location: FORMULAS[1] },
    });
    expect(formula.status).toBe(201);
  });

  it("rejects links with executable schemes outright", async () => {
    for (const url of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x"]) {
      const res = await call("POST", `/v1/timelines/${SLUG}/entries`, {
        body: { kind: "event", title: "x", start: "2024", sources: [{ url, title: "x" }], media: { url } },
      });
      expect(res.status, url).toBe(400);
    }
  });

  it("keeps the widget, the public page and the landing page inert", async () => {
    for (const path of [`/embed/${SLUG}`, `/embed/${SLUG}?lang=ar&theme=dark`, `/t/${SLUG}`, "/"]) {
      const res = await call("GET", path, { token: null });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expectInert(html, path);
      expect(res.headers.get("Content-Security-Policy"), path).toMatch(/default-src 'none'/);
    }
    const page = await (await call("GET", `/t/${SLUG}`, { token: null })).text();
    // JSON-LD: the payload's "</script>" must not close the script element.
    const jsonLd = /<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(page);
    expect(jsonLd).not.toBeNull();
    expect(() => JSON.parse(jsonLd![1]!)).not.toThrow();
    expect(JSON.parse(jsonLd![1]!).name).toBe(XSS[3]);
  });

  it("keeps the JSON Feed and the TimelineJS JSON inert where they carry HTML", async () => {
    const feed = await json(await call("GET", `/v1/timelines/${SLUG}/feed.json`, { token: null }));
    for (const item of feed.items) if (item.content_html) expectInert(item.content_html, "content_html");
    expect(feed.items.map((i: any) => i.title)).toEqual(expect.arrayContaining([`${XSS[0]} 0`]));
    const tljs = await json(await call("GET", `/v1/timelines/${SLUG}/timelinejs.json`, { token: null }));
    for (const event of tljs.events) {
      // The strings TimelineJS puts into its page as HTML, as they are (not JSON-escaped).
      expectInert(event.text.headline, "timelinejs headline");
      expectInert(event.text.text, "timelinejs text");
      for (const field of ["caption", "credit"]) if (event.media?.[field]) expectInert(event.media[field], `timelinejs media ${field}`);
      expectInert(String(event.display_date ?? event.start_date?.display_date ?? ""), "timelinejs display_date");
    }
    // The payloads are there, escaped.
    expect(tljs.events.map((e: any) => e.text.headline)).toEqual(expect.arrayContaining([expect.stringContaining("&lt;script&gt;")]));
  });

  it("keeps the Atom feed well-formed with every payload as text", async () => {
    const xml = await (await call("GET", `/v1/timelines/${SLUG}/feed.atom`, { token: null })).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true }).parse(xml);
    const titles = [doc.feed.entry].flat().map((e: any) => (typeof e.title === "object" ? e.title["#text"] : e.title));
    expect(titles).toEqual(expect.arrayContaining([`${XSS[1]} 1`, `${XSS[2]} 2`]));
    // Inside <content type="html"> the markup is escaped once more, so a reader renders it as text.
    for (const e of [doc.feed.entry].flat()) expectInert(String(e.content?.["#text"] ?? e.content ?? ""), "atom content");
  });

  it("keeps a body from breaking out of its iCalendar property", async () => {
    const ics = await (await call("GET", `/v1/timelines/${SLUG}/calendar.ics`, { token: null })).text();
    expect(ics.split("\r\n").filter((line) => line === "SUMMARY:injected")).toEqual([]);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent");
    expect(events.map((e) => e.getFirstPropertyValue("summary"))).not.toContain("injected");
    const descriptions = events.map((e) => String(e.getFirstPropertyValue("description")));
    // The break-out attempt survives as text inside one property, as the editor wrote it.
    expect(descriptions.filter((d) => d.includes("Zeile eins\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected"))).toHaveLength(XSS.length);
  });

  it("defuses spreadsheet formulas in the CSV and keeps every other cell verbatim", async () => {
    const csv = await (await call("GET", `/v1/timelines/${SLUG}/entries.csv`, { token: null })).text();
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    const cells = rows.flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain(`'${FORMULAS[0]}`);
    expect(cells.some((c) => c.includes(XSS[1]!))).toBe(true);
  });

  it("stores SQL-looking text literally and finds it by filter and search", async () => {
    const byActor = await json(await call("GET", `/v1/timelines/${SLUG}/entries?actor=${encodeURIComponent(SQL)}`, { token: null }));
    expect(byActor.items).toHaveLength(XSS.length);
    const bySearch = await json(await call("GET", `/v1/timelines/${SLUG}/entries?q=${encodeURIComponent("DROP TABLE")}`, { token: null }));
    expect(bySearch.items.length).toBe(XSS.length);
    expect((await json(await call("GET", `/v1/timelines/${SLUG}/entries/${ids[0]}`))).actors).toContain(SQL);
  });
});
