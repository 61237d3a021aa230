/** entries.csv, read back by papaparse. */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/feeds/csv";
import { createHostileTimeline, FORMULA_TITLE, type FixtureEntries, getFeed, HOSTILE_BODY, HOSTILE_TITLE } from "./fixture";

const SLUG = "csv-hostile";
let entries: FixtureEntries;
let raw: string;
let rows: Record<string, string>[];

const row = (id: string) => rows.find((r) => r.id === id)!;

function parse(text: string) {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed;
}

beforeAll(async () => {
  entries = await createHostileTimeline(SLUG);
  const res = await getFeed(`/v1/timelines/${SLUG}/entries.csv`);
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
  expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="${SLUG}.csv"`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  raw = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  expect(raw[0]).toBe("\uFEFF");
  const parsed = parse(raw);
  expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
  rows = parsed.data;
});

describe("entries.csv", () => {
  it("is RFC 4180: header, CRLF between records, quotes doubled", () => {
    expect(rows).toHaveLength(9);
    expect(raw.endsWith("\r\n")).toBe(true);
    const header = raw.slice(1, raw.indexOf("\r\n"));
    expect(header).toBe(CSV_COLUMNS.map((c) => `"${c}"`).join(","));
    expect(raw).toContain(`"""Quotes"", commas;`);
  });

  it("keeps hostile text intact", () => {
    const r = row(entries.day.id);
    expect(r.title).toBe(HOSTILE_TITLE);
    expect(r.body).toBe(HOSTILE_BODY);
    expect(r.location).toBe(`Fiuggi; "Italien", Anagni`);
    expect(r.tags).toBe("Sicherheit; a,b;c");
    expect(r.actors).toBe("Antony Blinken; G7");
    expect(r.source_titles).toBe(`Quelle <1> & "2"`);
    expect(r.date_text).toBe("26. November 2024");
    expect(r.url).toBe(`https://timeline.test/t/${SLUG}#entry-${entries.day.id}`);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const r = row(entries.formula.id);
    expect(r.title).toBe(`'${FORMULA_TITLE}`);
    expect(r.body).toBe("'@SUM(1+1)\n-2+3");
    expect(r.tags).toBe("'+tag; -minus");
    expect(r.actors).toBe("'@handle");
    expect(row(entries.ancient.id).start).toBe("'-0044-03-15");
    for (const r of rows) {
      for (const value of Object.values(r)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it("writes commitment fields", () => {
    expect(row(entries.commitment.id)).toMatchObject({
      kind: "commitment",
      status: "in_progress",
      due: "2025-06",
      amount: "2000000000",
      amount_unit: "USD",
      delivered: "1000000000",
      delivered_unit: "USD",
      progress: "0.5",
      made_by: "G7",
      beneficiary: "Ukraine",
      start: "2024-11-26T10:30:00+01:00",
    });
    expect(row(entries.overdue.id).overdue).toBe("true");
    expect(row(entries.day.id)).toMatchObject({ status: "", overdue: "", made_by: "" });
  });

  it("honours the entry filters", async () => {
    const filtered = parse(await (await getFeed(`/v1/timelines/${SLUG}/entries.csv?kind=commitment&order=desc`)).text()).data;
    expect(filtered.map((r) => r.id)).toEqual([entries.commitment.id, entries.overdue.id]);
    const actor = parse(await (await getFeed(`/v1/timelines/${SLUG}/entries.csv?actor=g7`)).text()).data;
    expect(actor.map((r) => r.id).sort()).toEqual([entries.day.id, entries.commitment.id].sort());
  });
});
