import { describe, expect, it } from "vitest";
import {
  columnFor,
  EntryIndex,
  headlineSimilarity,
  IGNORED,
  readPastedRow,
  readPastedTable,
  recognizeColumn,
  type RowReading,
  writePastedTable,
} from "../../src/domain/paste";

const reading: RowReading = {
  lang: "en",
  timeZone: "Europe/Berlin",
  statuses: new Map([
    ["announced", "announced"],
    ["in_progress", "in_progress"],
    ["teilweise erfüllt", "partially_fulfilled"],
    ["fulfilled", "fulfilled"],
  ]),
};

describe("readPastedTable", () => {
  it("reads cells copied from a spreadsheet: tabs, quoted line breaks, the header recognised", () => {
    const text = 'Year\tMonth\tDay\tHeadline\tText\n2024\t11\t26\tG7 meeting\t"Two lines\nof text"\n\n2025\t\t\t"Quote ""this"""\t\n';
    const table = readPastedTable(text);
    expect(table.separator).toBe("\t");
    expect(table.header).toBe(true);
    expect(table.columns).toEqual(["year", "month", "day", "title", "body"]);
    expect(table.rows).toEqual([
      ["Year", "Month", "Day", "Headline", "Text"],
      ["2024", "11", "26", "G7 meeting", "Two lines\nof text"],
      ["2025", "", "", 'Quote "this"', ""],
    ]);
  });

  it("reads CSV with commas or semicolons, and this service's own CSV columns", () => {
    const ours = readPastedTable('"id","title","start","tags","overdue","url"\r\n"","A","2024","x; y","false","https://t/1"');
    expect(ours.separator).toBe(",");
    expect(ours.columns).toEqual(["id", "title", "start", "tags", IGNORED, IGNORED]);
    const german = readPastedTable("Datum;Überschrift;Quelle\n26.11.2024;Treffen;https://a.example");
    expect(german.separator).toBe(";");
    expect(german.columns).toEqual(["start", "title", "source_urls"]);
  });

  it("takes a first row of data for data when it names no known column", () => {
    const table = readPastedTable("26.11.2024\tG7 meeting\n27.11.2024\tFollow-up");
    expect(table.header).toBe(false);
    expect(table.columns).toEqual([null, null]);
    expect(table.rows).toHaveLength(2);
  });

  it("writes cells back as a spreadsheet would, and reads them again unchanged", () => {
    const rows = [["Headline", "Text"], ["a\tb", 'say "hi"\nthere']];
    expect(readPastedTable(writePastedTable(rows)).rows).toEqual(rows);
  });

  it("recognises header names in English and German", () => {
    expect(recognizeColumn(" Überschrift ")).toBe("title");
    expect(recognizeColumn("End Year")).toBe("end_year");
    expect(recognizeColumn("media_credit")).toBe("media_credit");
    expect(recognizeColumn("Währung")).toBe("amount_unit");
    expect(recognizeColumn("Zugesagt von")).toBe("made_by");
    expect(recognizeColumn("Colour")).toBeNull();
  });
});

describe("readPastedRow", () => {
  it("sets only the fields of mapped columns", () => {
    const row = readPastedRow(["G7 meeting", "26 November 2024"], ["title", "start"], reading);
    expect(row.patch).toEqual({ title: "G7 meeting", start: "2024-11-26" });
    expect(row.commitment).toBeNull();
    expect(row).toMatchObject({ start: "2024-11-26", title: "G7 meeting", errors: [] });
  });

  it("assembles TimelineJS dates, times in the timeline's zone, groups as tags", () => {
    const columns = ["year", "month", "day", "time", "end_year", "title", "group", "media_url", "media_caption", "media_credit"] as const;
    const row = readPastedRow(["2024", "11", "26", "14:30", "2025", "x", "Diplomacy", "https://img.example/a.jpg", "A caption", "AP"], [...columns], reading);
    expect(row.patch).toMatchObject({
      start: "2024-11-26T14:30:00+01:00",
      end: "2025",
      tags: ["Diplomacy"],
      media: { url: "https://img.example/a.jpg", alt: "A caption", credit: "AP" },
    });
    expect(readPastedRow(["-44", "3", "15", "", "", "Ides"], [...columns], reading).patch.start).toBe("-0044-03-15");
  });

  it("takes a qualifier from the date and commitments from their columns", () => {
    const row = readPastedRow(
      ["ca. 1990", "Pledge", "teilweise erfüllt", "2 Mrd. EUR", "500 Mio.", "G7; EU", "2025"],
      ["start", "title", "status", "amount", "delivered", "made_by", "due"],
      { ...reading, lang: "de" },
    );
    expect(row.patch).toMatchObject({ start: "1990", date_qualifier: "circa", kind: "commitment" });
    expect(row.commitment).toEqual({
      status: "partially_fulfilled",
      amount: { value: 2e9, currency: "EUR" },
      delivered: { value: 5e8, currency: "" },
      made_by: ["G7", "EU"],
      due: "2025",
    });
  });

  it("names the column of each problem", () => {
    const row = readPastedRow(["31.2.2024", "x", "someday", "lots", "maybe", "soon"], ["start", "title", "due", "amount", "draft", "status"], reading);
    expect(row.errors).toEqual([
      { column: 0, error: "no-such-day" },
      { column: 4, error: "not-yes-or-no" },
      { column: 5, error: "unknown-status" },
      { column: 2, error: "unreadable" },
      { column: 3, error: "not-an-amount" },
    ]);
    const tl = readPastedRow(["20x4", "", "", "y"], ["year", "month", "day", "title"], reading);
    expect(tl.errors).toEqual([{ column: 0, error: "unreadable" }]);
    expect(readPastedRow(["2024", "2", "30", "y"], ["year", "month", "day", "title"], reading).errors).toEqual([{ column: 2, error: "no-such-day" }]);
  });

  it("skips TimelineJS title and era slides", () => {
    expect(readPastedRow(["title", "My timeline"], ["type", "title"], reading).skip).toBe("title");
  });

  it("reads sources from URLs and titles, naming a source by its host without a title", () => {
    const row = readPastedRow(["https://a.example/x https://www.b.example/y", "First"], ["source_urls", "source_titles"], reading);
    expect(row.patch.sources).toEqual([
      { url: "https://a.example/x", title: "First" },
      { url: "https://www.b.example/y", title: "b.example" },
    ]);
  });

  it("maps schema problems back to their column", () => {
    const columns = ["year", "title", "amount", "amount_unit", "source_urls"] as const;
    expect(columnFor(["start"], [...columns])).toBe(0);
    expect(columnFor(["commitment", "amount", "currency"], [...columns])).toBe(3);
    expect(columnFor(["sources", 0, "url"], [...columns])).toBe(4);
    expect(columnFor(["location"], [...columns])).toBeNull();
  });
});

describe("matching pasted rows", () => {
  const index = new EntryIndex([
    { id: "a", external_id: null, start: "2024-11-26", title: "G7 pledges $2 billion for Ukraine's grid" },
    { id: "b", external_id: "sheet-7", start: "2024-11-26", title: "Sanctions on Gazprom" },
    { id: "c", external_id: null, start: "2024-11-25", title: "G7 pledges $2 billion for Ukraine's grid" },
  ]);

  it("matches by id, external id, then date and headline", () => {
    expect(index.match({ id: "c", externalId: null, start: null, title: null })).toEqual({ by: "id", id: "c" });
    expect(index.match({ id: "zzz", externalId: "sheet-7", start: null, title: null })).toEqual({ by: "external_id", id: "b" });
    expect(index.match({ id: null, externalId: null, start: "2024-11-26", title: "g7 pledges $2 billion for ukraine’s grid!" })).toEqual({ by: "date_and_headline", id: "a" });
  });

  it("offers a similar headline on the same date as a near match, and nothing on another date", () => {
    const near = index.match({ id: null, externalId: null, start: "2024-11-26", title: "G7 pledge 2 billion for Ukraine grid" });
    expect(near.by).toBe("near");
    expect(near.by === "near" && near.candidates.map((c) => c.id)).toEqual(["a"]);
    expect(index.match({ id: null, externalId: null, start: "2024-11-27", title: "G7 pledges $2 billion for Ukraine's grid" })).toEqual({ by: "none" });
    expect(index.match({ id: null, externalId: null, start: "2024-11-26", title: "Oil price cap" })).toEqual({ by: "none" });
  });

  it("scores headline similarity from 0 to 1", () => {
    expect(headlineSimilarity("Außenminister treffen sich", "aussenminister treffen sich")).toBe(1);
    expect(headlineSimilarity("G7 pledges $2bn for grid", "G7 pledges 2bn for the grid")).toBeGreaterThan(0.8);
    expect(headlineSimilarity("G7 meeting", "Oil price cap")).toBeLessThan(0.3);
    expect(headlineSimilarity("", "x")).toBe(0);
  });
});
