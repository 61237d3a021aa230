/** calendar.ics, read back by ical.js (Mozilla's iCalendar parser). */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createEntry } from "../support/api";
import { createHostileTimeline, type FixtureEntries, getFeed, HOSTILE_BODY, HOSTILE_TITLE, LONG_TITLE } from "./fixture";

const SLUG = "ical-hostile";
let entries: FixtureEntries;
let text: string;
let calendar: ICAL.Component;

const events = () => calendar.getAllSubcomponents("vevent");
const byUid = (uid: string) => {
  const found = events().find((e) => e.getFirstPropertyValue("uid") === uid);
  if (!found) throw new Error(`no VEVENT ${uid}`);
  return new ICAL.Event(found);
};
const day = (t: ICAL.Time) => ({ date: t.isDate, ymd: `${t.year}-${t.month}-${t.day}` });

beforeAll(async () => {
  entries = await createHostileTimeline(SLUG);
  const res = await getFeed(`/v1/timelines/${SLUG}/calendar.ics`);
  expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  text = await res.text();
  calendar = new ICAL.Component(ICAL.parse(text));
});

describe("calendar.ics", () => {
  it("is a VCALENDAR with PRODID, VERSION and the timeline's name", () => {
    expect(calendar.name).toBe("vcalendar");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toMatch(/edge-timeline/);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(`Feeds & "Zusagen" <Test> ${SLUG}`);
    expect(calendar.getFirstPropertyValue("description")).toBe("Beschreibung; mit, Zeichen\n\nund Absätzen & <b>Markup</b>");
  });

  it("ends every line with CRLF and folds at 75 octets without splitting a UTF-8 sequence", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n").slice(0, -1);
    const encoder = new TextEncoder();
    for (const line of lines) expect(encoder.encode(line).length, line).toBeLessThanOrEqual(75);
    // Folding happened (the long title and bodies need it) and every continuation starts with a space.
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    // No replacement characters: no sequence was cut.
    expect(text).not.toContain("\uFFFD");
    expect(byUid(`${entries.long.id}@edge-timeline`).summary).toBe(LONG_TITLE);
  });

  it("keeps hostile text intact through TEXT escaping", () => {
    const event = byUid(`${entries.day.id}@edge-timeline`);
    expect(event.summary).toBe(HOSTILE_TITLE);
    expect(event.description).toContain(HOSTILE_BODY.split("\n\n")[0]);
    expect(event.description).toContain("Right to left: שלום עולם — مرحبا بالعالم. Emoji: 🇺🇦 👩🏽‍🚀");
    expect(event.location).toBe(`Fiuggi; "Italien", Anagni`);
    const categories = event.component.getFirstProperty("categories")!.getValues();
    expect(categories).toEqual(["Sicherheit", "a,b;c"]);
    expect(event.component.getFirstPropertyValue("url")).toBe(`https://timeline.test/t/${SLUG}#entry-${entries.day.id}`);
  });

  it("makes a day an all-day event with an exclusive end", () => {
    const event = byUid(`${entries.day.id}@edge-timeline`);
    expect(day(event.startDate)).toEqual({ date: true, ymd: "2024-11-26" });
    expect(day(event.endDate)).toEqual({ date: true, ymd: "2024-11-27" });
  });

  it("spans months and years over their whole period", () => {
    const span = byUid(`${entries.monthSpan.id}@edge-timeline`);
    expect(day(span.startDate)).toEqual({ date: true, ymd: "2024-10-1" });
    expect(day(span.endDate)).toEqual({ date: true, ymd: "2024-12-1" });
    const year = byUid(`${entries.year.id}@edge-timeline`);
    expect(day(year.startDate)).toEqual({ date: true, ymd: "2024-1-1" });
    expect(day(year.endDate)).toEqual({ date: true, ymd: "2025-1-1" });
    expect(year.description).toContain("im nächsten Jahrzehnt");
  });

  it("writes date-times in UTC", () => {
    const timed = byUid(`${entries.timedSpan.id}@edge-timeline`);
    expect(timed.startDate.isDate).toBe(false);
    expect(timed.startDate.zone?.tzid).toBe("UTC");
    expect(timed.startDate.toString()).toBe("2024-11-26T09:00:00Z");
    expect(timed.endDate.toString()).toBe("2024-11-26T10:30:00Z");
    expect(text).toContain("DTSTART:20241126T093000Z"); // the commitment's 10:30+01:00
  });

  it("adds each commitment's due date as its own all-day deadline event", () => {
    const deadline = byUid(`${entries.commitment.id}-due@edge-timeline`);
    expect(deadline.summary).toBe("Frist: Energiehilfe für die Ukraine");
    // Due June 2025: shown on the last day of the month.
    expect(day(deadline.startDate)).toEqual({ date: true, ymd: "2025-6-30" });
    expect(day(deadline.endDate)).toEqual({ date: true, ymd: "2025-7-1" });
    expect(deadline.description).toContain("Status: in Umsetzung");
    expect(deadline.description).toMatch(/Zugesagt: 2\sMrd\.\s\$/);
    const overdue = byUid(`${entries.overdue.id}-due@edge-timeline`);
    expect(day(overdue.startDate)).toEqual({ date: true, ymd: "2020-12-31" });
    expect(overdue.component.getFirstPropertyValue("x-edge-timeline-overdue")).toBe("TRUE");
    // The commitment itself is there too.
    expect(byUid(`${entries.commitment.id}@edge-timeline`).description).toContain("Frist: Juni 2025");
  });

  it("gives every event UID and DTSTAMP, and leaves out (and counts) years it cannot write", () => {
    for (const event of events()) {
      expect(event.getFirstPropertyValue("uid")).toMatch(/@edge-timeline$/);
      expect(event.getFirstPropertyValue("dtstamp")).toBeTruthy();
    }
    const uids = events().map((e) => e.getFirstPropertyValue("uid"));
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids).not.toContain(`${entries.ancient.id}@edge-timeline`);
    expect(calendar.getFirstPropertyValue("x-edge-timeline-skipped")).toBe("1");
    // 9 entries - 1 ancient + 2 deadlines.
    expect(events()).toHaveLength(10);
  });

  it("keeps UIDs and stamps stable across renders", async () => {
    const cached = await (await getFeed(`/v1/timelines/${SLUG}/calendar.ics`)).text();
    expect(cached).toBe(text);
    // A write elsewhere in the timeline makes the next read render afresh.
    const added = await createEntry(SLUG, { title: "Später hinzugefügt", start: "2021-01-01" });
    const res = await getFeed(`/v1/timelines/${SLUG}/calendar.ics`);
    expect(res.headers.get("X-Cache")).toBe("MISS");
    const fresh = await res.text();
    const stamps = (t: string) => [...t.matchAll(/^UID:(.*)\r\nDTSTAMP:(.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(stamps(fresh)).toEqual(expect.arrayContaining(stamps(text)));
    expect(stamps(fresh)).toHaveLength(stamps(text).length + 1);
    expect(fresh).toContain(`UID:${added.id}@edge-timeline`);
  });

  it("honours the entry filters", async () => {
    const res = await getFeed(`/v1/timelines/${SLUG}/calendar.ics?kind=commitment`);
    const filtered = new ICAL.Component(ICAL.parse(await res.text()));
    const uids = filtered.getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"));
    expect(uids.sort()).toEqual(
      [entries.commitment.id, `${entries.commitment.id}-due`, entries.overdue.id, `${entries.overdue.id}-due`].map((u) => `${u}@edge-timeline`).sort(),
    );
    const window = await (await getFeed(`/v1/timelines/${SLUG}/calendar.ics?from=2024-11-26&to=2024-11-26&tag=sicherheit`)).text();
    const inWindow = new ICAL.Component(ICAL.parse(window)).getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"));
    expect(inWindow.sort()).toEqual(
      [entries.day.id, entries.commitment.id, `${entries.commitment.id}-due`].map((u) => `${u}@edge-timeline`).sort(),
    );
  });
});
