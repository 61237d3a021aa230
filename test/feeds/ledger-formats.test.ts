/**
 * Tranches in every format, read back by the same independent clients as the rest of the feed
 * tests: JSON Feed (its `_commitment` extension and text), the CSV (papaparse), the calendar
 * (ical.js: one all-day event per tranche) and TimelineJS (the event text, escaped).
 */
import ICAL from "ical.js";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createEntry, createTimeline } from "../support/api";
import { getFeed } from "./fixture";

const SLUG = "ledger-formats";
const seen = (s: string) => s.replace(/\s/g, " ");
let pledge: { id: string };

beforeAll(async () => {
  await createTimeline(SLUG, { language: "en", time_zone: "Europe/Berlin" });
  pledge = await createEntry(SLUG, {
    kind: "commitment",
    title: "Grid <repair> fund",
    start: "2024-11-26",
    commitment: {
      status: "missed",
      reason: "Budget frozen",
      made_by: ["Germany", "USA"],
      tranches: [
        { phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "EUR" }, made_by: "Germany" },
        { phase: "committed", date: "2024-11", amount: { value: 1e9, currency: "USD" }, made_by: "USA" },
        { phase: "delivered", date: "2025-01-10", amount: { value: 5e8, currency: "EUR" }, made_by: "Germany", note: "First <b>tranche</b>" },
        { phase: "delivered", date: "2025", amount: { value: 40, currency: "tanks" }, made_by: "Germany" },
      ],
    },
  });
});

describe("the tranches in JSON Feed", () => {
  it("travel in the _commitment extension, with totals and reason, and as text lines", async () => {
    const doc: any = await (await getFeed(`/v1/timelines/${SLUG}/feed.json`)).json();
    const item = doc.items.find((i: any) => i.id === pledge.id);
    expect(item._commitment).toMatchObject({ status: "missed", reason: "Budget frozen", amount: null, delivered: null });
    expect(item._commitment.tranches).toHaveLength(4);
    expect(item._commitment.totals.map((t: any) => t.currency)).toEqual(["EUR", "USD", "tanks"]);
    const text = seen(item.content_text);
    expect(text).toContain("Reason: Budget frozen");
    expect(text).toContain("Committed: €2B · Delivered: €500M (25%)");
    expect(text).toContain("January 10, 2025 · Delivered: €500M · Germany · First <b>tranche</b>");
  });
});

describe("the tranches in the CSV", () => {
  it("are text cells a spreadsheet shows as written: totals, tranches and the reason", async () => {
    const text = await (await getFeed(`/v1/timelines/${SLUG}/entries.csv`)).text();
    const [row] = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(row!.reason).toBe("Budget frozen");
    expect(seen(row!.totals!)).toBe("Committed: €2B · Delivered: €500M (25%); Committed: $1B (0%); Committed: 0 tanks · Delivered: 40 tanks");
    expect(seen(row!.tranches!).split("; ")).toEqual([
      "November 2024 · Committed: $1B · USA",
      "November 26, 2024 · Committed: €2B · Germany",
      "2025 · Delivered: 40 tanks · Germany",
      "January 10, 2025 · Delivered: €500M · Germany · First <b>tranche</b>",
    ]);
    expect(row!.amount).toBe("");
  });
});

describe("the tranches in the calendar", () => {
  it("are all-day events on their dates, a month over the month, told as the changes feed tells them", async () => {
    const calendar = new ICAL.Component(ICAL.parse(await (await getFeed(`/v1/timelines/${SLUG}/calendar.ics`)).text()));
    const tranches = calendar
      .getAllSubcomponents("vevent")
      .map((e) => new ICAL.Event(e))
      .filter((e) => e.uid.startsWith(`${pledge.id}-tranche`));
    expect(tranches).toHaveLength(4);
    const byStart = Object.fromEntries(tranches.map((e) => [`${e.startDate.toString()}/${e.endDate.toString()}`, seen(e.summary)]));
    expect(byStart).toEqual({
      "2024-11-01/2024-12-01": "USA committed $1 billion",
      "2024-11-26/2024-11-27": "Germany committed €2 billion",
      "2025-01-01/2026-01-01": "Germany delivered 40 tanks",
      "2025-01-10/2025-01-11": "Germany delivered €500 million of €2 billion (25%)",
    });
    for (const e of tranches) expect(e.startDate.isDate).toBe(true);
    expect(new Set(tranches.map((e) => e.uid)).size).toBe(4);
  });
});

describe("the tranches in TimelineJS", () => {
  it("are escaped lines of the event's text", async () => {
    const doc: any = await (await getFeed(`/v1/timelines/${SLUG}/timelinejs.json`)).json();
    const event = doc.events.find((e: any) => e.unique_id === pledge.id);
    expect(event.text.text).toContain("First &lt;b&gt;tranche&lt;/b&gt;");
    expect(event.text.text).not.toContain("<b>tranche");
    expect(seen(event.text.text)).toContain("Reason: Budget frozen");
  });
});
