/**
 * One vocabulary: a French timeline's feeds speak French, with the widget's words (src/i18n/fr.ts),
 * in every text a reader sees: Atom, JSON Feed, iCalendar and the CSV's cells. CSV column headers
 * stay the machine names that import reads back.
 */
import { XMLParser } from "fast-xml-parser";
import ICAL from "ical.js";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/feeds/csv";
import { createEntry, createTimeline } from "../support/api";
import { getFeed } from "./fixture";

const SLUG = "feeds-fr";
const FEED = `/v1/timelines/${SLUG}`;
/** Words a French reader sees, and the English (or German) ones that must not appear instead. */
const FRENCH = ["Statut: en cours", "Échéance: juin 2025 (en retard)", "Promis: ", "Livré: ", "Par: G7", "Pour: Ukraine"];
const NOT_FRENCH = ["Status:", "Due:", "overdue", "Pledged", "Delivered", "Made by", "Beneficiary", "Fällig", "Deadline"];
/** ICU separates with no-break and narrow spaces; compare what a reader sees. */
const seen = (text: string) => text.replace(/\s/g, " ");

let commitment: any;
let event: any;

function expectFrench(text: string) {
  const plain = seen(text);
  for (const word of FRENCH) expect(plain).toContain(word);
  for (const word of NOT_FRENCH) expect(plain).not.toContain(word);
}

beforeAll(async () => {
  await createTimeline(SLUG, { title: "Engagements du G7", language: "fr", time_zone: "Europe/Paris" });
  commitment = await createEntry(SLUG, {
    kind: "commitment",
    title: "Aide énergétique à l’Ukraine",
    start: "2024-11-26",
    commitment: {
      status: "in_progress",
      due: "2025-06",
      amount: { value: 2_000_000_000, currency: "USD" },
      delivered: { value: 1_000_000_000, currency: "USD" },
      made_by: ["G7"],
      beneficiary: "Ukraine",
    },
    sources: [{ url: "https://example.org/g7", title: "Communiqué" }],
  });
  event = await createEntry(SLUG, { title: "Réunion à Fiuggi", start: "2024-11-25", date_qualifier: "circa" });
});

describe("a French timeline's feeds", () => {
  it("Atom: the entry's content and summary are in French", async () => {
    const body = await (await getFeed(`${FEED}/feed.atom`)).text();
    const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, isArray: (name) => name === "entry" });
    const entries = parser.parse(body).feed.entry as any[];
    const content = (id: string) => entries.find((e) => String(e.id) === `urn:uuid:${id}`).content["#text"] as string;
    const summary = (id: string) => String(entries.find((e) => String(e.id) === `urn:uuid:${id}`).summary["#text"]);
    expectFrench(content(commitment.id));
    expect(seen(summary(event.id))).toBe("vers le 25 novembre 2024");
  });

  it("JSON Feed: content_text is in French", async () => {
    const feed = await (await getFeed(`${FEED}/feed.json`)).json<any>();
    const item = (id: string) => feed.items.find((i: any) => i.id === id);
    expectFrench(item(commitment.id).content_text);
    expect(seen(item(event.id).content_text)).toBe("vers le 25 novembre 2024");
  });

  it("iCalendar: descriptions and the deadline event are in French", async () => {
    const calendar = new ICAL.Component(ICAL.parse(await (await getFeed(`${FEED}/calendar.ics`)).text()));
    const byUid = (uid: string) => new ICAL.Event(calendar.getAllSubcomponents("vevent").find((e) => e.getFirstPropertyValue("uid") === uid)!);
    expectFrench(byUid(`${commitment.id}@edge-timeline`).description);
    const deadline = byUid(`${commitment.id}-due@edge-timeline`);
    expect(deadline.summary).toBe("Échéance: Aide énergétique à l’Ukraine");
    expect(deadline.component.getFirstPropertyValue("categories")).toBe("Échéance");
    expectFrench(deadline.description);
    expect(seen(byUid(`${event.id}@edge-timeline`).description)).toBe("vers le 25 novembre 2024");
  });

  it("CSV: the cells a reader sees are French, the headers stay machine names", async () => {
    const text = (await (await getFeed(`${FEED}/entries.csv`)).text()).replace(/^\uFEFF/, "");
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    const row = (id: string) => parsed.data.find((r) => r.id === id)!;
    expect(seen(row(event.id).date_text!)).toBe("vers le 25 novembre 2024");
    expect(seen(row(commitment.id).date_text!)).toBe("26 novembre 2024");
    // Machine values stay machine values: import and spreadsheets read them back.
    expect(row(commitment.id).status).toBe("in_progress");
  });
});
