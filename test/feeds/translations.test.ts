/**
 * Feeds in the language asked for (`?lang=`): entry text from its translation, the feed's words
 * in that language, and text that fell back named in its own language where the format can say
 * so (JSON Feed items, Atom's xml:lang, iCalendar's LANGUAGE parameter).
 */
import { XMLParser } from "fast-xml-parser";
import ICAL from "ical.js";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createEntry, createTimeline } from "../support/api";
import { getFeed } from "./fixture";

const SLUG = "feeds-tr";
const FEED = `/v1/timelines/${SLUG}`;
let translated: any;
let untranslated: any;

beforeAll(async () => {
  await createTimeline(SLUG, { title: "G7 und die Ukraine", language: "de", languages: ["en"] });
  translated = await createEntry(SLUG, {
    kind: "commitment",
    title: "Hilfe für das Stromnetz",
    body: "Mehr als zwei Milliarden Dollar.",
    location: "Fiuggi",
    start: "2024-11-26",
    commitment: { status: "announced", due: "2025" },
    translations: { en: { title: "Aid for the power grid", body: "More than two billion dollars.", location: "Fiuggi, Italy" } },
  });
  untranslated = await createEntry(SLUG, { title: "Sanktionen gegen Gazprom", location: "Anagni", start: "2024-11-27" });
});

describe("feeds with lang", () => {
  it("JSON Feed: English text and words, the untranslated item in its own language", async () => {
    const feed = await (await getFeed(`${FEED}/feed.json?lang=en`)).json<any>();
    expect(feed.language).toBe("en");
    const item = (id: string) => feed.items.find((i: any) => i.id === id);
    expect(item(translated.id).title).toBe("Aid for the power grid");
    expect(item(translated.id).content_text).toContain("More than two billion dollars.");
    expect(item(translated.id).content_text).toContain("Status: announced");
    expect(item(translated.id)).not.toHaveProperty("language");
    expect(item(untranslated.id)).toMatchObject({ title: "Sanktionen gegen Gazprom", language: "de" });

    const source = await (await getFeed(`${FEED}/feed.json`)).json<any>();
    expect(source.language).toBe("de");
    expect(source.items.map((i: any) => i.title)).toEqual(["Sanktionen gegen Gazprom", "Hilfe für das Stromnetz"]);
    expect(source.items.some((i: any) => "language" in i)).toBe(false);
  });

  it("Atom: the feed's xml:lang is the language asked for; fallen-back titles and content carry their own", async () => {
    const body = await (await getFeed(`${FEED}/feed.atom?lang=en`)).text();
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" });
    const feed = parser.parse(body).feed;
    expect(feed["@_xml:lang"]).toBe("en");
    const entry = (id: string) => feed.entry.find((e: any) => String(e.id) === `urn:uuid:${id}`);
    expect(entry(translated.id).title).toMatchObject({ "#text": "Aid for the power grid" });
    expect(entry(translated.id).title["@_xml:lang"]).toBeUndefined();
    expect(entry(untranslated.id).title).toMatchObject({ "#text": "Sanktionen gegen Gazprom", "@_xml:lang": "de" });
  });

  it("iCalendar: summaries in English, an untranslated one marked LANGUAGE=de", async () => {
    const body = await (await getFeed(`${FEED}/calendar.ics?lang=en`)).text();
    const calendar = new ICAL.Component(ICAL.parse(body));
    const event = (uid: string) => calendar.getAllSubcomponents("vevent").find((e) => e.getFirstPropertyValue("uid") === uid)!;
    expect(event(`${translated.id}@edge-timeline`).getFirstPropertyValue("summary")).toBe("Aid for the power grid");
    expect(event(`${translated.id}@edge-timeline`).getFirstPropertyValue("location")).toBe("Fiuggi, Italy");
    expect(event(`${translated.id}-due@edge-timeline`).getFirstPropertyValue("summary")).toBe("Deadline: Aid for the power grid");
    const summary = event(`${untranslated.id}@edge-timeline`).getFirstProperty("summary")!;
    expect(summary.getFirstValue()).toBe("Sanktionen gegen Gazprom");
    expect(summary.getParameter("language")).toBe("de");
  });

  it("CSV and TimelineJS: the text in English", async () => {
    const csv = Papa.parse<Record<string, string>>((await (await getFeed(`${FEED}/entries.csv?lang=en`)).text()).replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data.map((r) => r.title)).toEqual(["Aid for the power grid", "Sanktionen gegen Gazprom"]);
    const tl = await (await getFeed(`${FEED}/timelinejs.json?lang=en`)).json<any>();
    expect(tl.events.map((e: any) => e.text.headline)).toEqual(["Aid for the power grid", "Sanktionen gegen Gazprom"]);
  });
});
