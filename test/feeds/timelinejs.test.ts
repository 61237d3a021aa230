/** timelinejs.json: the shape TimelineJS3 reads (rendering itself: test/browser/timelinejs.test.ts). */
import { beforeAll, describe, expect, it } from "vitest";
import { decodeEntities } from "../../src/transfer/import/html";
import { createHostileTimeline, type FixtureEntries, getFeed, HOSTILE_TITLE } from "./fixture";

const SLUG = "tljs-hostile";
let entries: FixtureEntries;
let doc: any;

const event = (id: string) => doc.events.find((e: any) => e.unique_id === id);

beforeAll(async () => {
  entries = await createHostileTimeline(SLUG);
  const res = await getFeed(`/v1/timelines/${SLUG}/timelinejs.json`);
  expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  doc = await res.json();
});

describe("timelinejs.json", () => {
  it("has a title slide and one event per entry, oldest first", () => {
    expect(decodeEntities(doc.title.text.headline)).toBe(`Feeds & "Zusagen" <Test> ${SLUG}`);
    expect(doc.title.text.text).toBe("<p>Beschreibung; mit, Zeichen</p><p>und Absätzen &amp; &lt;b&gt;Markup&lt;/b&gt;</p>");
    expect(doc.events).toHaveLength(9);
    expect(doc.events[0].unique_id).toBe(entries.ancient.id);
    for (const e of doc.events) {
      expect(typeof e.start_date.year).toBe("number");
      expect(typeof e.text.headline).toBe("string");
      expect(typeof e.text.text).toBe("string");
    }
  });

  it("never invents a month or day the entry lacks", () => {
    expect(event(entries.year.id).start_date).toEqual({ year: 2024 });
    expect(event(entries.monthSpan.id).start_date).toEqual({ year: 2024, month: 10, display_date: "ca. Oktober 2024" });
    expect(event(entries.monthSpan.id).end_date).toEqual({ year: 2024, month: 11 });
    expect(event(entries.day.id).start_date).toEqual({ year: 2024, month: 11, day: 26 });
    expect(event(entries.day.id)).not.toHaveProperty("end_date");
    expect(event(entries.ancient.id).start_date).toEqual({ year: -44, month: 3, day: 15 });
    // A date-time keeps the wall time it was written in.
    expect(event(entries.commitment.id).start_date).toEqual({ year: 2024, month: 11, day: 26, hour: 10, minute: 30 });
    expect(event(entries.timedSpan.id).end_date).toEqual({ year: 2024, month: 11, day: 26, hour: 11, minute: 30 });
  });

  it("carries display_date over and shows the qualifier in it", () => {
    expect(event(entries.year.id).display_date).toBe("im nächsten Jahrzehnt");
    expect(event(entries.monthSpan.id).display_date).toBe("ca. Oktober–November 2024");
    expect(event(entries.day.id)).not.toHaveProperty("display_date");
  });

  it("escapes every text as HTML", () => {
    const e = event(entries.day.id);
    expect(decodeEntities(e.text.headline)).toBe(HOSTILE_TITLE);
    expect(e.text.headline).not.toMatch(/[<>]/);
    expect(e.text.text).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &amp;amp; literally.");
    expect(e.text.text).not.toMatch(/<(script|img)/i);
    expect(e.text.text).toContain(`<a href="https://example.org/a?x=1&amp;y=2">Quelle &lt;1&gt; &amp; &quot;2&quot;</a>`);
  });

  it("groups commitments and states their status", () => {
    const c = event(entries.commitment.id);
    expect(c.group).toBe("Zusagen");
    expect(c.text.text).toContain("Status: in Umsetzung");
    expect(c.text.text).toContain("Frist: Juni 2025");
    expect(event(entries.day.id)).not.toHaveProperty("group");
  });

  it("honours the entry filters", async () => {
    const filtered: any = await (await getFeed(`/v1/timelines/${SLUG}/timelinejs.json?kind=commitment`)).json();
    expect(filtered.events.map((e: any) => e.unique_id)).toEqual([entries.overdue.id, entries.commitment.id]);
    const recent: any = await (await getFeed(`/v1/timelines/${SLUG}/timelinejs.json?from=2024-11-26`)).json();
    // Overlap: the year 2024 and October–November 2024 reach into 26 November.
    expect(recent.events.map((e: any) => e.unique_id)).toEqual(
      [entries.year, entries.monthSpan, entries.day, entries.timedSpan, entries.commitment].map((e) => e.id),
    );
  });
});
