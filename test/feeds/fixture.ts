/**
 * A timeline of hostile and awkward entries for the feed tests: quotes, commas, semicolons,
 * newlines, markup, ampersands, emoji, right-to-left text, spreadsheet formulas, every date
 * precision, spans, a date-time, a year iCalendar cannot write, and commitments.
 */
import { XMLParser } from "fast-xml-parser";
import { expect } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

export const HOSTILE_TITLE = `"Quotes", commas; semicolons <script>alert('x')</script> & 🎉👩‍👩‍👧 שלום עולם مرحبا Ü`;
export const HOSTILE_BODY = [
  `First paragraph with "quotes", commas, semicolons; and a backslash \\ too.`,
  `Second line of it: <img src=x onerror=alert(1)> & &amp; literally.`,
  "",
  `Right to left: שלום עולם — مرحبا بالعالم. Emoji: 🇺🇦 👩🏽‍🚀. Link: https://example.org/a?x=1&y=2.`,
].join("\n");
export const FORMULA_TITLE = `=HYPERLINK("http://evil.example","click me")`;
/** A title long enough, in multi-byte characters, to need folding in iCalendar. */
export const LONG_TITLE = `Außenministertreffen ${"äöü€🎉".repeat(25)}`.slice(0, 190);

export interface FixtureEntries {
  day: any;
  monthSpan: any;
  year: any;
  commitment: any;
  ancient: any;
  formula: any;
  timedSpan: any;
  overdue: any;
  long: any;
}

/** Creates timeline `slug` (German, Berlin time) with the hostile entries; returns them by role. */
export async function createHostileTimeline(slug: string, fields: Record<string, unknown> = {}): Promise<FixtureEntries> {
  await createTimeline(slug, {
    title: `Feeds & "Zusagen" <Test> ${slug}`,
    description: "Beschreibung; mit, Zeichen\n\nund Absätzen & <b>Markup</b>",
    language: "de",
    time_zone: "Europe/Berlin",
    ...fields,
  });
  const day = await createEntry(slug, {
    title: HOSTILE_TITLE,
    body: HOSTILE_BODY,
    start: "2024-11-26",
    tags: ["Sicherheit", "a,b;c"],
    actors: ["Antony Blinken", "G7"],
    location: `Fiuggi; "Italien", Anagni`,
    sources: [{ url: "https://example.org/a?x=1&y=2", title: "Quelle <1> & \"2\"", publisher: "Verlag; GmbH" }],
  });
  const monthSpan = await createEntry(slug, {
    title: "Nordkoreanische Truppen",
    start: "2024-10",
    end: "2024-11",
    date_qualifier: "circa",
    tags: ["Krieg"],
  });
  const year = await createEntry(slug, { title: "Sicherheitsabkommen", start: "2024", display_date: "im nächsten Jahrzehnt" });
  const commitment = await createEntry(slug, {
    kind: "commitment",
    title: "Energiehilfe für die Ukraine",
    start: "2024-11-26T10:30:00+01:00",
    tags: ["Sicherheit"],
    commitment: {
      status: "in_progress",
      due: "2025-06",
      amount: { value: 2_000_000_000, currency: "USD" },
      delivered: { value: 1_000_000_000, currency: "USD" },
      made_by: ["G7"],
      beneficiary: "Ukraine",
      status_note: "Angekündigt; am 26. November",
    },
  });
  const ancient = await createEntry(slug, { title: "Iden des März", start: "-0044-03-15" });
  const formula = await createEntry(slug, {
    title: FORMULA_TITLE,
    body: "@SUM(1+1)\n-2+3",
    start: "2023-05-01",
    tags: ["+tag", "-minus"],
    actors: ["@handle"],
  });
  const timedSpan = await createEntry(slug, {
    title: "Pressekonferenz",
    start: "2024-11-26T09:00:00Z",
    end: "2024-11-26T11:30:00+01:00",
  });
  const overdue = await createEntry(slug, {
    kind: "commitment",
    title: "Alte Zusage",
    start: "2019-03",
    commitment: { status: "announced", due: "2020" },
  });
  const long = await createEntry(slug, { title: LONG_TITLE, start: "2022-02-24", body: "x".repeat(300) });
  return { day, monthSpan, year, commitment, ancient, formula, timedSpan, overdue, long };
}

/** GETs a feed without a token and checks it answered 200. */
export async function getFeed(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const res = await call("GET", path, { token: null, headers });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export { call, json };

/** How the Atom tests read a feed: attributes as `@name`, text beside attributes as `#text`, entries, links and categories always lists. */
export const atomParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  htmlEntities: true,
  parseTagValue: false,
  isArray: (name) => ["entry", "link", "category"].includes(name),
});

/** An RFC 3339 date-time, as Atom's `updated` and `published` must be. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The rules of https://www.jsonfeed.org/version/1.1/ a reader relies on. */
export function expectValidJsonFeed(doc: any) {
  expect(doc.version).toBe("https://jsonfeed.org/version/1.1");
  expect(typeof doc.title).toBe("string");
  expect(doc.title.length).toBeGreaterThan(0);
  expect(Array.isArray(doc.items)).toBe(true);
  for (const key of ["home_page_url", "feed_url", "next_url"]) {
    if (doc[key] !== undefined) expect(() => new URL(doc[key])).not.toThrow();
  }
  const ids = new Set<string>();
  for (const i of doc.items) {
    expect(typeof i.id).toBe("string");
    expect(ids.has(i.id)).toBe(false);
    ids.add(i.id);
    expect(typeof i.content_text === "string" || typeof i.content_html === "string").toBe(true);
    for (const key of ["date_published", "date_modified"]) {
      if (i[key] !== undefined) expect(i[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    }
    if (i.tags !== undefined) expect(i.tags.every((t: unknown) => typeof t === "string")).toBe(true);
    // Extensions: any key that is not in the spec must start with an underscore.
    const known = ["id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image",
      "date_published", "date_modified", "authors", "tags", "language", "attachments"];
    for (const key of Object.keys(i)) if (!known.includes(key)) expect(key.startsWith("_")).toBe(true);
  }
}
