/**
 * Moving in from TimelineJS: a Google-Sheets-template CSV and a TimelineJS3 JSON document import,
 * re-import without duplicates, and come back out of timelinejs.json as they went in.
 */
import Papa from "papaparse"; // an independent CSV reader (the Worker reads imports with its own)
import { beforeAll, describe, expect, it } from "vitest";
import { decodeEntities, htmlToLine, htmlToText } from "../../src/transfer/import/html";
import sheet from "../fixtures/timelinejs-sheet.csv?raw";
import { exports } from "cloudflare:workers";
import { ADMIN, call, createTimeline, json } from "../support/api";

const SLUG = "from-sheet";

const importCsv = (slug: string, body: string, query = "") =>
  call("POST", `/v1/timelines/${slug}/import${query}`, { body, headers: { "Content-Type": "text/csv; charset=utf-8" } });

/** Text as HTML, written here independently of the Worker's escaping. */
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const sheetRecords = () => Papa.parse<Record<string, string>>(sheet, { header: true }).data;

async function entriesOf(slug: string) {
  return (await json(await call("GET", `/v1/timelines/${slug}/entries?limit=200`, { token: null }))).items as any[];
}

describe("a TimelineJS sheet as CSV", () => {
  let report: any;

  beforeAll(async () => {
    await createTimeline(SLUG, { language: "de", time_zone: "Europe/Berlin" });
    const res = await importCsv(SLUG, sheet);
    report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
  });

  it("imports every event row, skips the title slide and the era, and says so per row", () => {
    expect(report).toMatchObject({ format: "timelinejs-sheet", dry_run: false, applied: true, created: 6, updated: 0, unchanged: 0, skipped: 2, rejected: 0 });
    expect(report.items.map((i: any) => [i.sheet_row, i.status])).toEqual([
      [2, "skipped"],
      [3, "created"],
      [4, "created"],
      [5, "created"],
      [6, "created"],
      [7, "created"],
      [8, "skipped"],
      // row 9 is blank
      [10, "created"],
    ]);
    expect(report.items[0].pointer).toBe("/rows/0");
    expect(report.items[0].note).toMatch(/title slide/);
    expect(report.items[1]).toMatchObject({ pointer: "/rows/1", title: "Iden des März", external_id: expect.stringMatching(/^csv:[0-9a-f]{20}$/) });
    expect(report.notes.join(" ")).toMatch(/Background and Media Thumbnail/);
  });

  it("stores each row as an entry of the precision the sheet gives", async () => {
    const byTitle = new Map((await entriesOf(SLUG)).map((e) => [e.title, e]));
    expect(byTitle.get("Iden des März")).toMatchObject({ start: "-0044-03-15", end: null, body: "Caesar wird im Senat ermordet.", tags: ["Geschichte"] });
    expect(byTitle.get("Ein Jahr ohne Monat")).toMatchObject({ start: "1989", precision: { start: "year", end: null } });
    expect(byTitle.get("Nordkoreanische Truppen in Russland")).toMatchObject({
      start: "2024-10",
      display_date: "Herbst 2024 & Winter",
      body: "Berichte über nordkoreanische Soldaten.\n\nZweiter Absatz mit Quelle (https://www.state.gov/).",
    });
    expect(byTitle.get("Treffen der G7-Außenminister in Fiuggi und Anagni")).toMatchObject({
      start: "2024-11-25",
      end: "2024-11-26",
      display_date: "25.–26. November 2024",
      media: { url: "https://www.g7italy.it/wp-content/uploads/fiuggi.jpg", alt: "Die Außenminister in Anagni", credit: "Foto: Italienische G7-Präsidentschaft" },
      tags: ["Diplomatie"],
    });
    // Sheet times are wall-clock times in the timeline's zone.
    expect(byTitle.get("Pressekonferenz von Antony Blinken")).toMatchObject({
      start: "2024-11-26T10:30:00+01:00",
      body: "Über 2 Milliarden Dollar für Energiehilfe & Wiederaufbau. Zeilenumbruch in der Zelle.",
    });
  });

  it("comes back out of timelinejs.json as the rows went in", async () => {
    const doc = await json(await call("GET", `/v1/timelines/${SLUG}/timelinejs.json`, { token: null }));
    const events = doc.events as any[];
    const rows = sheetRecords().filter((r) => r.Headline && !["title", "era"].includes(r.Type!));
    expect(events).toHaveLength(rows.length);
    const num = (v: string | undefined) => (v ? Number(v) : undefined);
    for (const row of rows) {
      const event = events.find((e) => decodeEntities(e.text.headline) === row.Headline);
      expect(event, row.Headline).toBeDefined();
      const start: Record<string, number | undefined> = { year: num(row.Year), month: num(row.Month), day: num(row.Day) };
      if (row.Time) Object.assign(start, { hour: 10, minute: 30 });
      expect(event.start_date).toEqual(JSON.parse(JSON.stringify(start)));
      if (row["End Year"]) {
        expect(event.end_date).toEqual(JSON.parse(JSON.stringify({ year: num(row["End Year"]), month: num(row["End Month"]), day: num(row["End Day"]) })));
      } else {
        expect(event).not.toHaveProperty("end_date");
      }
      // TimelineJS decodes a display date once (stripping markup), then inserts it as HTML: after
      // that one decoding it must still be the row's text escaped as HTML.
      expect(event.display_date ? decodeEntities(event.display_date) : "").toBe(escapeHtml(row["Display Date"]!));
      expect(htmlToText(event.text.text)).toBe(htmlToText(row.Text!));
      if (row.Media) {
        expect(event.media.url).toBe(row.Media);
        expect(htmlToLine(event.media.credit)).toBe(row["Media Credit"]);
        expect(htmlToLine(event.media.caption)).toBe(row["Media Caption"]);
      } else {
        expect(event).not.toHaveProperty("media");
      }
      expect(event.unique_id).toMatch(/^csv:/);
    }
  });

  it("re-imports the same file without duplicating or rewriting anything", async () => {
    const before = await json(await call("GET", `/v1/timelines/${SLUG}`, { token: null }));
    const res = await importCsv(SLUG, sheet);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ created: 0, updated: 0, unchanged: 6, skipped: 2, applied: false });
    const after = await json(await call("GET", `/v1/timelines/${SLUG}`, { token: null }));
    expect(after.revision).toBe(before.revision);
    expect(await entriesOf(SLUG)).toHaveLength(6);
  });

  it("updates a row whose text changed and keeps what TimelineJS cannot express", async () => {
    const [entry] = (await entriesOf(SLUG)).filter((e) => e.title === "Iden des März");
    const patched = await call("PATCH", `/v1/timelines/${SLUG}/entries/${entry.id}`, { body: { actors: ["Brutus"], importance: 5 } });
    expect(patched.status).toBe(200);
    const edited = sheet.replace("Caesar wird im Senat ermordet.", "Caesar wird im Theater des Pompeius ermordet.");
    const res = await importCsv(SLUG, edited);
    const body = await json(res);
    expect(body).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    expect(body.items.find((i: any) => i.status === "updated").id).toBe(entry.id);
    const now = await json(await call("GET", `/v1/timelines/${SLUG}/entries/${entry.id}`, { token: null }));
    expect(now).toMatchObject({ body: "Caesar wird im Theater des Pompeius ermordet.", actors: ["Brutus"], importance: 5, revision: entry.revision + 2 });
  });

  it("rejects the whole file for one bad row, pointing at the cell, and writes nothing", async () => {
    const before = await json(await call("GET", `/v1/timelines/${SLUG}`, { token: null }));
    const bad = sheet.replace("2024,10,,,", "2024,13,,,").replace("Ein Jahr ohne Monat", "Ein Jahr ohne Monat – jetzt neu");
    const res = await importCsv(SLUG, bad);
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const problem = await json(res);
    expect(problem).toMatchObject({ type: "/problems/import-rejected", status: 422, title: "The import was rejected" });
    expect(problem.errors).toEqual([{ pointer: "/rows/3/Month", detail: "must be a month from 1 to 12" }]);
    const rejected = problem.report.items.filter((i: any) => i.status === "rejected");
    expect(rejected).toEqual([expect.objectContaining({ pointer: "/rows/3", sheet_row: 5, errors: problem.errors })]);
    expect(problem.report.created).toBe(1); // what would have been created
    expect(problem.report.applied).toBe(false);
    const after = await json(await call("GET", `/v1/timelines/${SLUG}`, { token: null }));
    expect(after.revision).toBe(before.revision);
    expect((await entriesOf(SLUG)).map((e) => e.title)).not.toContain("Ein Jahr ohne Monat – jetzt neu");
  });

  it("explains sheets that are not the template", async () => {
    const res = await importCsv(SLUG, "Datum,Titel\n2024,Hallo\n");
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0]).toMatchObject({ pointer: "/header", detail: expect.stringMatching(/no Year or Headline column/) });
    const unclosed = await importCsv(SLUG, 'Year,Headline\n2024,Eins\n2025,"Zwei\n');
    expect(unclosed.status).toBe(400);
    expect((await json(unclosed)).errors).toEqual([{ pointer: "/rows/1", detail: "opens a quoted field that never closes" }]);
    const latin1 = new Uint8Array([...new TextEncoder().encode("Year,Headline\n2024,M"), 0xe4, 0x72, 0x7a, 0x0a]);
    const garbled = await exports.default.fetch(
      new Request(`https://timeline.test/v1/timelines/${SLUG}/import`, {
        method: "POST",
        body: latin1,
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${ADMIN}` },
      }),
    );
    expect(garbled.status).toBe(400);
    expect((await json(garbled)).detail).toMatch(/UTF-8/);
  });

  it("reads headers case-insensitively and semicolon-separated sheets", async () => {
    await createTimeline("sheet-variants");
    const res = await importCsv("sheet-variants", "\uFEFFYEAR;month;Day;headline;TEXT;group\r\n2020;5;;Erster Eintrag;Text mit, Komma;A\r\n");
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await entriesOf("sheet-variants"))[0]).toMatchObject({ title: "Erster Eintrag", start: "2020-05", body: "Text mit, Komma", tags: ["A"] });
  });
});

describe("a TimelineJS3 JSON document", () => {
  const doc = {
    title: { text: { headline: "Titel", text: "<p>Wird nicht importiert</p>" } },
    eras: [{ start_date: { year: 2024 }, end_date: { year: 2025 }, text: { headline: "Era" } }],
    events: [
      {
        start_date: { year: "2024", month: "11", day: "26", hour: "14", minute: "5" },
        text: { headline: "Blinken &amp; die G7", text: "<p>Ein <b>fetter</b> Satz.</p><p>Noch einer.</p>" },
        media: { url: "https://example.org/bild.png", caption: "<i>Bild</i>", credit: "Foto &copy; AP" },
        group: "Diplomatie",
        unique_id: "blinken-g7",
      },
      { start_date: { year: 1989, month: 11 }, end_date: { year: 1990 }, text: { headline: "Ohne unique_id" }, display_date: "Herbst 1989 bis 1990" },
    ],
  };
  const importJson = (slug: string, body: unknown, query = "") => call("POST", `/v1/timelines/${slug}/import${query}`, { body });

  beforeAll(async () => {
    await createTimeline("from-tljs", { time_zone: "America/New_York" });
  });

  it("imports events with unique_id as external_id and plain text from the HTML", async () => {
    const res = await importJson("from-tljs", doc);
    const report = await json(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ format: "timelinejs", created: 2 });
    expect(report.notes.join(" ")).toMatch(/title slide/);
    expect(report.notes.join(" ")).toMatch(/Eras/);
    const [old, blinken] = await entriesOf("from-tljs");
    expect(blinken).toMatchObject({
      external_id: "blinken-g7",
      title: "Blinken & die G7",
      body: "Ein fetter Satz.\n\nNoch einer.",
      start: "2024-11-26T14:05:00-05:00",
      media: { url: "https://example.org/bild.png", alt: "Bild", credit: "Foto © AP" },
      tags: ["Diplomatie"],
      kind: "event",
    });
    expect(old).toMatchObject({ start: "1989-11", end: "1990", display_date: "Herbst 1989 bis 1990", external_id: expect.stringMatching(/^tljs:/) });
  });

  it("re-imports without duplicates, and reports a dry run without writing", async () => {
    expect(await json(await importJson("from-tljs", doc))).toMatchObject({ created: 0, unchanged: 2 });
    const changed = structuredClone(doc);
    changed.events[0]!.text.headline = "Blinken und die G7";
    const dry = await json(await importJson("from-tljs", changed, "?dry_run=true"));
    expect(dry).toMatchObject({ dry_run: true, applied: false, updated: 1, unchanged: 1 });
    expect((await entriesOf("from-tljs"))[1].title).toBe("Blinken & die G7");
    expect(await json(await importJson("from-tljs", changed))).toMatchObject({ applied: true, updated: 1 });
    expect((await entriesOf("from-tljs"))[1].title).toBe("Blinken und die G7");
  });

  it("points at the TimelineJS field that is wrong", async () => {
    const bad = {
      events: [
        { start_date: { year: 2024, month: 2, day: 30 }, text: { headline: "Falscher Tag" } },
        { start_date: { year: 2024 }, text: { headline: "" } },
        { start_date: { year: 2024 }, text: { headline: "Medien" }, media: { url: "javascript:alert(1)" } },
        { text: { headline: "Ohne Datum" } },
        { start_date: { year: 2024 }, text: { headline: "Doppelt" }, unique_id: "same" },
        { start_date: { year: 2025 }, text: { headline: "Doppelt 2" }, unique_id: "same" },
        "kein Objekt",
      ],
    };
    const res = await importJson("from-tljs", bad);
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.errors.map((e: any) => e.pointer)).toEqual([
      "/events/0/start_date/day",
      "/events/1/text/headline",
      "/events/2/media/url",
      "/events/3/start_date/year",
      "/events/5/unique_id",
      "/events/6",
    ]);
  });
});
