/**
 * The changes feeds in the language asked for (`?lang=`): the sentences' words, the entry titles
 * and the status and tranche notes from the translations, what fell back marked as the other feeds
 * mark it, cached per language and purged when a translation changes.
 */
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";
import { expectValidJsonFeed, getFeed } from "./fixture";

const SLUG = "changes-lang";
const api = `/v1/timelines/${SLUG}`;
/** Text as a reader sees it (no-break spaces are spaces); lines kept. */
const seen = (s: string) => s.replace(/[^\S\n]/g, " ");
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", parseTagValue: false, isArray: (n) => n === "entry" });

let fund: { id: string };
let tanks: { id: string };

beforeAll(async () => {
  await createTimeline(SLUG, { title: "G7 und die Ukraine", language: "de", languages: ["en"], time_zone: "Europe/Berlin" });
  fund = await createEntry(SLUG, {
    kind: "commitment",
    title: "Energiefonds",
    start: "2024-11-26",
    commitment: {
      status: "announced",
      made_by: ["G7"],
      tranches: [{ phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "EUR" }, made_by: "Deutschland" }],
    },
  });
  const read = await json(await call("GET", `${api}/entries/${fund.id}`));
  await call("PATCH", `${api}/entries/${fund.id}`, {
    headers: { "If-Match": `"e.${fund.id}.${read.revision}"` },
    body: {
      commitment: {
        status: "partially_fulfilled",
        status_date: "2025-01-10",
        status_note: "Erste Zahlung geleistet",
        tranches: [
          ...read.commitment.tranches,
          { phase: "delivered", date: "2025-01-10", amount: { value: 5e8, currency: "EUR" }, made_by: "Deutschland", note: "Erste Tranche" },
          { phase: "delivered", date: "2025-02-10", amount: { value: 1e8, currency: "EUR" }, made_by: "Deutschland", note: "Zweite Tranche" },
        ],
      },
    },
  });
  // English: the title, the status note and one of the two tranche notes.
  const put = await call("PUT", `${api}/entries/${fund.id}/translations/en`, {
    body: { title: "Energy fund", status_notes: { "Erste Zahlung geleistet": "First payment made" }, tranche_notes: { "Erste Tranche": "First tranche" } },
  });
  expect(put.status, await put.clone().text()).toBe(201);
  tanks = await createEntry(SLUG, { kind: "commitment", title: "Panzerlieferung", start: "2025", commitment: { status: "announced", made_by: ["Deutschland"] } });
});

const changesJson = async (lang?: string) => {
  const res = await getFeed(`${api}/changes.json${lang ? `?lang=${lang}` : ""}`);
  return { res, doc: (await res.json()) as any };
};
const item = (doc: any, find: (change: any) => boolean) => doc.items.find((i: any) => find(i._change));

describe("changes.json?lang=en of a German timeline", () => {
  it("speaks English: the feed's words, the sentences, the translated title and notes", async () => {
    const { res, doc } = await changesJson("en");
    expectValidJsonFeed(doc);
    expect(res.headers.get("Content-Language")).toBe("en");
    expect(doc.language).toBe("en");
    expect(doc.title).toBe("G7 und die Ukraine: Changes");
    expect(item(doc, (c) => c.kind === "commitment" && c.entry_id === fund.id).title).toBe("New commitment by G7: Energy fund");
    const status = item(doc, (c) => c.kind === "status" && c.entry_id === fund.id);
    expect(status.title).toBe("Energy fund: now partially fulfilled");
    expect(status.content_text).toContain("First payment made");
    expect(status.content_text).not.toContain("Erste Zahlung");
    expect(status).not.toHaveProperty("language");
    expect(status._change).not.toHaveProperty("fallback");

    const first = item(doc, (c) => c.kind === "tranche" && c.date === "2025-01-10");
    expect(seen(first.title)).toBe("Deutschland delivered €500 million of €2 billion (25%)");
    expect(seen(first.content_text)).toBe("January 10, 2025: Deutschland delivered €500 million of €2 billion (25%) — Energy fund\n\nFirst tranche");
    expect(first._change).not.toHaveProperty("fallback");
  });

  it("marks what fell back: an untranslated tranche note, an untranslated entry's title", async () => {
    const { doc } = await changesJson("en");
    const second = item(doc, (c) => c.kind === "tranche" && c.date === "2025-02-10");
    expect(second.content_text).toMatch(/\n\nZweite Tranche$/);
    expect(second._change.fallback).toEqual({ note: "de" });
    expect(second).not.toHaveProperty("language");

    const untranslated = item(doc, (c) => c.entry_id === tanks.id);
    expect(untranslated.title).toBe("New commitment by Deutschland: Panzerlieferung");
    expect(untranslated.language).toBe("de");
    expect(untranslated._change.fallback).toEqual({ title: "de" });
  });

  it("reads as before without lang: German, nothing marked", async () => {
    const { res, doc } = await changesJson();
    expect(res.headers.get("Content-Language")).toBeNull();
    expect(doc.language).toBe("de");
    expect(item(doc, (c) => c.kind === "status" && c.entry_id === fund.id).title).toBe("Energiefonds: jetzt teilweise erfüllt");
    expect(item(doc, (c) => c.kind === "tranche" && c.date === "2025-01-10").content_text).toMatch(/Erste Tranche$/);
    expect(doc.items.some((i: any) => "language" in i || "fallback" in i._change)).toBe(false);
  });

  it("refuses a lang that is not a language tag", async () => {
    expect((await call("GET", `${api}/changes.json?lang=not%20a%20tag`, { token: null })).status).toBe(400);
  });
});

describe("changes.atom?lang=en", () => {
  it("is in English, fallen-back text named in its own language as in feed.atom", async () => {
    const res = await getFeed(`${api}/changes.atom?lang=en`);
    expect(res.headers.get("Content-Language")).toBe("en");
    const feed = parser.parse(await res.text()).feed;
    expect(feed["@xml:lang"]).toBe("en");
    expect(feed.title["#text"]).toBe("G7 und die Ukraine: Changes");
    const titles = feed.entry.map((e: any) => e.title);
    const created = titles.find((t: any) => t["#text"] === "New commitment by Deutschland: Panzerlieferung");
    expect(created["@xml:lang"]).toBe("de");
    const status = titles.find((t: any) => t["#text"] === "Energy fund: now partially fulfilled");
    expect(status["@xml:lang"]).toBeUndefined();
    const contents = feed.entry.map((e: any) => e.content);
    expect(contents.find((c: any) => c["#text"].endsWith("Zweite Tranche"))["@xml:lang"]).toBe("de");
    expect(contents.find((c: any) => c["#text"].endsWith("First tranche"))["@xml:lang"]).toBeUndefined();
  });
});

describe("the changes feeds' caches", () => {
  it("read de, en, de again after a write to the English text, never one language's text for another", async () => {
    await createTimeline("changes-flip", { language: "de", languages: ["en"] });
    const { id } = await createEntry("changes-flip", {
      kind: "commitment",
      title: "Gipfelzusage",
      start: "2024",
      commitment: { status: "announced", made_by: ["G7"] },
      translations: { en: { title: "Summit pledge" } },
    });
    const read = async (lang: string, format = "json") => {
      const res = await getFeed(`/v1/timelines/changes-flip/changes.${format}?lang=${lang}`);
      const body = await res.text();
      const title = format === "json" ? JSON.parse(body).items[0].title : parser.parse(body).feed.entry[0].title["#text"];
      return { cache: res.headers.get("X-Cache"), title };
    };
    for (const format of ["json", "atom"]) {
      expect(await read("de", format)).toEqual({ cache: "MISS", title: "Neue Zusage von G7: Gipfelzusage" });
      expect(await read("en", format)).toEqual({ cache: "MISS", title: "New commitment by G7: Summit pledge" });
      expect(await read("de", format)).toEqual({ cache: "HIT", title: "Neue Zusage von G7: Gipfelzusage" });
      expect(await read("en", format)).toEqual({ cache: "HIT", title: "New commitment by G7: Summit pledge" });
    }

    const put = await call("PUT", `/v1/timelines/changes-flip/entries/${id}/translations/en`, { body: { title: "The summit pledge" } });
    expect(put.status).toBe(200);
    for (const format of ["json", "atom"]) {
      expect((await read("de", format)).title).toBe("Neue Zusage von G7: Gipfelzusage");
      expect(await read("en", format)).toEqual({ cache: "MISS", title: "New commitment by G7: The summit pledge" });
      expect((await read("de", format)).title).toBe("Neue Zusage von G7: Gipfelzusage");
      expect((await read("en", format)).title).toBe("New commitment by G7: The summit pledge");
    }
  });
});
