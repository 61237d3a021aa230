/** feed.json, checked against the rules of JSON Feed 1.1. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHostileTimeline, expectValidJsonFeed, type FixtureEntries, getFeed, HOSTILE_BODY, HOSTILE_TITLE } from "./fixture";

const SLUG = "jsonfeed-hostile";
let entries: FixtureEntries;
let feed: any;

const item = (id: string) => feed.items.find((i: any) => i.id === id);

beforeAll(async () => {
  entries = await createHostileTimeline(SLUG);
  const res = await getFeed(`/v1/timelines/${SLUG}/feed.json`);
  expect(res.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
  feed = await res.json();
});

describe("feed.json", () => {
  it("follows JSON Feed 1.1", () => {
    expectValidJsonFeed(feed);
    expect(feed).toMatchObject({
      title: `Feeds & "Zusagen" <Test> ${SLUG}`,
      home_page_url: `https://timeline.test/t/${SLUG}`,
      feed_url: `https://timeline.test/v1/timelines/${SLUG}/feed.json`,
      language: "de",
    });
    expect(feed.items).toHaveLength(9);
    expect(feed.next_url).toBeUndefined();
  });

  it("keeps hostile text intact in plain text", () => {
    const i = item(entries.day.id);
    expect(i.title).toBe(HOSTILE_TITLE);
    expect(i.content_text).toContain(HOSTILE_BODY.split("\n\n")[0]);
    expect(i.content_text).toContain(HOSTILE_BODY.split("\n\n")[1]);
    expect(i.content_text.startsWith("26. November 2024\n\n")).toBe(true);
    expect(i.tags).toEqual(["Sicherheit", "a,b;c"]);
    expect(i.external_url).toBe("https://example.org/a?x=1&y=2");
    expect(i.url).toBe(`https://timeline.test/t/${SLUG}#entry-${entries.day.id}`);
  });

  it("gives date_published only where the start is known to the day", () => {
    expect(item(entries.day.id).date_published).toBe("2024-11-26T00:00:00+01:00"); // midnight in Berlin
    expect(item(entries.commitment.id).date_published).toBe("2024-11-26T10:30:00+01:00");
    for (const e of [entries.monthSpan, entries.year, entries.ancient, entries.overdue]) {
      expect(item(e.id)).not.toHaveProperty("date_published");
    }
    for (const i of feed.items) expect(i.date_modified).toMatch(/Z$/);
  });

  it("carries commitment data in the _commitment extension", () => {
    expect(item(entries.commitment.id)._commitment).toEqual({
      about: "https://timeline.test/docs",
      status: "in_progress",
      due: "2025-06",
      overdue: expect.any(Boolean),
      amount: { value: 2_000_000_000, currency: "USD" },
      delivered: { value: 1_000_000_000, currency: "USD" },
      progress: 0.5,
      reason: null,
      totals: [{ currency: "USD", committed: 2e9, allocated: 0, delivered: 1e9, progress: 0.5 }],
      tranches: [],
      made_by: ["G7"],
      beneficiary: "Ukraine",
    });
    expect(item(entries.overdue.id)._commitment).toMatchObject({ status: "announced", due: "2020", overdue: true, progress: null });
    expect(item(entries.day.id)).not.toHaveProperty("_commitment");
  });

  it("pages with next_url, newest first by default, and honours filters", async () => {
    const seen: string[] = [];
    let url: string | undefined = `/v1/timelines/${SLUG}/feed.json?limit=4`;
    for (let pages = 0; url; pages++) {
      expect(pages).toBeLessThan(5);
      const page: any = await (await getFeed(url)).json();
      expectValidJsonFeed(page);
      seen.push(...page.items.map((i: any) => i.id));
      url = page.next_url?.replace("https://timeline.test", "");
    }
    expect(seen).toEqual(feed.items.map((i: any) => i.id));
    expect(seen[0]).toBe(entries.commitment.id);
    const events: any = await (await getFeed(`/v1/timelines/${SLUG}/feed.json?kind=commitment&order=asc`)).json();
    expect(events.items.map((i: any) => i.id)).toEqual([entries.overdue.id, entries.commitment.id]);
    const searched: any = await (await getFeed(`/v1/timelines/${SLUG}/feed.json?q=Energiehilfe`)).json();
    expect(searched.items.map((i: any) => i.id)).toEqual([entries.commitment.id]);
  });
});
