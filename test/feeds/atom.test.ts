/** feed.atom, read back by fast-xml-parser and checked against RFC 4287's required elements. */
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createTimeline } from "../support/api";
import { atomParser as parser, createHostileTimeline, type FixtureEntries, getFeed, HOSTILE_TITLE, RFC3339 } from "./fixture";

const SLUG = "atom-hostile";

let entries: FixtureEntries;
let xml: string;
let feed: any;

const text = (node: any): string => (typeof node === "string" ? node : (node?.["#text"] ?? ""));
const entryById = (id: string) => feed.entry.find((e: any) => text(e.id) === `urn:uuid:${id}`);

async function readFeed(query = "") {
  const res = await getFeed(`/v1/timelines/${SLUG}/feed.atom${query}`);
  const body = await res.text();
  expect(XMLValidator.validate(body)).toBe(true);
  return { res, body, feed: parser.parse(body).feed };
}

beforeAll(async () => {
  entries = await createHostileTimeline(SLUG);
  const read = await readFeed();
  expect(read.res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  xml = read.body;
  feed = read.feed;
});

describe("feed.atom", () => {
  it("is well-formed Atom with the feed's required elements", () => {
    expect(xml.startsWith(`<?xml version="1.0" encoding="utf-8"?>`)).toBe(true);
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed["@xml:lang"]).toBe("de");
    expect(text(feed.id)).toMatch(new RegExp(`^tag:timeline\\.test,\\d{4}-\\d{2}-\\d{2}:timelines/${SLUG}$`));
    expect(text(feed.title)).toBe(`Feeds & "Zusagen" <Test> ${SLUG}`);
    expect(text(feed.updated)).toMatch(RFC3339);
    expect(text(feed.author.name)).toBeTruthy();
    const self = feed.link.find((l: any) => l["@rel"] === "self");
    expect(self["@href"]).toBe(`https://timeline.test/v1/timelines/${SLUG}/feed.atom`);
    expect(feed.link.find((l: any) => l["@rel"] === "alternate")["@href"]).toBe(`https://timeline.test/t/${SLUG}`);
  });

  it("names the feed by the day its timeline was created, whatever day it is read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2024-11-26T23:30:00Z"));
      await createTimeline("atom-dated");
      for (const day of ["2024-11-27T00:30:00Z", "2031-02-01T12:00:00Z"]) {
        vi.setSystemTime(new Date(day));
        const read = parser.parse(await (await getFeed("/v1/timelines/atom-dated/feed.atom")).text()).feed;
        expect(text(read.id), day).toBe("tag:timeline.test,2024-11-26:timelines/atom-dated");
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives every entry a stable unique id, a title, updated and an alternate link", () => {
    expect(feed.entry).toHaveLength(9);
    const ids = feed.entry.map((e: any) => text(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of feed.entry) {
      expect(text(e.id)).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(text(e.title)).toBeTruthy();
      expect(text(e.updated)).toMatch(RFC3339);
      expect(text(e.published)).toMatch(RFC3339);
      const alternate = e.link.find((l: any) => l["@rel"] === "alternate");
      expect(alternate["@href"]).toBe(`https://timeline.test/t/${SLUG}#entry-${text(e.id).slice(9)}`);
    }
  });

  it("keeps hostile text intact and never lets it become markup", () => {
    const e = entryById(entries.day.id);
    expect(e.title["@type"]).toBe("text");
    expect(text(e.title)).toBe(HOSTILE_TITLE);
    expect(e.category.map((c: any) => c["@term"])).toEqual(["Sicherheit", "a,b;c"]);
    const related = e.link.find((l: any) => l["@rel"] === "related");
    expect(related["@href"]).toBe("https://example.org/a?x=1&y=2");
    expect(related["@title"]).toBe(`Quelle <1> & "2"`);
    expect(e.content["@type"]).toBe("html");
    const html = text(e.content);
    // The HTML a reader renders: every character of the entry's text escaped, links made anchors.
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &amp;amp; literally.");
    expect(html).toContain("<p>First paragraph with &quot;quotes&quot;, commas, semicolons; and a backslash \\ too.<br>");
    expect(html).toContain(`<a href="https://example.org/a?x=1&amp;y=2">https://example.org/a?x=1&amp;y=2</a>.`);
    expect(html).toContain("שלום עולם — مرحبا بالعالم. Emoji: 🇺🇦 👩🏽‍🚀");
    expect(html).not.toMatch(/<(script|img)/i);
  });

  it("makes commitment data readable in the content", () => {
    const html = text(entryById(entries.commitment.id).content);
    expect(html).toContain("<li>Status: in Umsetzung</li>");
    expect(html).toContain("<li>Frist: Juni 2025 (überfällig)</li>");
    expect(html).toMatch(/<li>Zugesagt: 2\sMrd\.\s\$<\/li>/);
    expect(html).toMatch(/<li>Geliefert: 1\sMrd\.\s\$ \(50\s%\)<\/li>/);
    expect(text(entryById(entries.monthSpan.id).summary)).toBe("ca. Oktober–November 2024");
    expect(text(entryById(entries.year.id).summary)).toBe("im nächsten Jahrzehnt");
  });

  it("lists newest first unless asked otherwise, and honours filters and limit", async () => {
    const starts = feed.entry.map((e: any) => text(e.id).slice(9));
    expect(starts.slice(0, 3)).toEqual([entries.commitment.id, entries.timedSpan.id, entries.day.id]);
    expect(starts.at(-1)).toBe(entries.ancient.id);
    const asc = (await readFeed("?order=asc")).feed;
    expect(text(asc.entry[0].id)).toBe(`urn:uuid:${entries.ancient.id}`);
    const tagged = (await readFeed("?tag=SICHERHEIT")).feed;
    expect(tagged.entry.map((e: any) => text(e.id).slice(9)).sort()).toEqual([entries.day.id, entries.commitment.id].sort());
    const limited = await readFeed("?limit=2");
    expect(limited.feed.entry).toHaveLength(2);
    const next = limited.feed.link.find((l: any) => l["@rel"] === "next")["@href"] as string;
    expect(limited.res.headers.get("Link")).toBe(`<${next}>; rel="next"`);
    const page2 = parser.parse(await (await getFeed(next.replace("https://timeline.test", ""))).text()).feed;
    expect(page2.entry).toHaveLength(2);
    expect(text(page2.entry[0].id)).not.toBe(text(limited.feed.entry[1].id));
    expect(text(page2.entry[0].id)).toBe(text(feed.entry[2].id));
  });
});
