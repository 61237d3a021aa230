/** The pure pieces of the feeds and the import readers, on their own. */
import { describe, expect, it } from "vitest";
import { csvField } from "../../src/feeds/csv";
import { deadlineTiming, escapeText, eventTiming, foldLine } from "../../src/feeds/ical";
import { decodeEntities, htmlToLine, htmlToText } from "../../src/transfer/import/html";
import { parseCsv } from "../../src/domain/csv";
import { canonicalJson } from "../../src/transfer/import/plan";
import { parseSheetTime, timelineDate } from "../../src/transfer/import/timelinejs";
import { publishedAt } from "../../src/feeds/jsonfeed";
import { timelineJsDate } from "../../src/feeds/timelinejs";

const encoder = new TextEncoder();

describe("iCalendar text", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
    expect(escapeText("bell\u0007gone")).toBe("bellgone");
  });

  it("folds at 75 octets between code points, whatever their width", () => {
    for (const unit of ["a", "ä", "€", "🎉", "👩‍👩‍👧"]) {
      for (let prefix = 0; prefix < 5; prefix++) {
        const line = `SUMMARY:${"x".repeat(prefix)}${unit.repeat(60)}`;
        const folded = foldLine(line);
        expect(folded.endsWith("\r\n")).toBe(true);
        const physical = folded.slice(0, -2).split("\r\n");
        for (const l of physical) expect(encoder.encode(l).length).toBeLessThanOrEqual(75);
        for (const l of physical.slice(1)) expect(l.startsWith(" ")).toBe(true);
        // Unfolding gives the line back, and no piece holds a broken sequence.
        expect(physical.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(line);
        for (const l of physical) expect(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(encoder.encode(l))).toBe(l);
      }
    }
    expect(foldLine("SHORT:x")).toBe("SHORT:x\r\n");
  });

  it("times entries by precision, spans and date-times", () => {
    expect(eventTiming("2024-11-26", null)).toEqual(["DTSTART;VALUE=DATE:20241126", "DTEND;VALUE=DATE:20241127"]);
    expect(eventTiming("2024-02", null)).toEqual(["DTSTART;VALUE=DATE:20240201", "DTEND;VALUE=DATE:20240301"]);
    expect(eventTiming("2024", "2026-03")).toEqual(["DTSTART;VALUE=DATE:20240101", "DTEND;VALUE=DATE:20260401"]);
    // A date-time mixed with a calendar date: all-day over the written days.
    expect(eventTiming("2024-11-26T23:30:00-05:00", "2024-11-28")).toEqual(["DTSTART;VALUE=DATE:20241126", "DTEND;VALUE=DATE:20241129"]);
    expect(eventTiming("2024-11-26T10:00:00+01:00", null)).toEqual(["DTSTART:20241126T090000Z"]);
    expect(eventTiming("2024-11-26T10:00:00+01:00", "2024-11-26T09:00:00Z")).toEqual(["DTSTART:20241126T090000Z"]);
    expect(eventTiming("0001-01-01", null)).toEqual(["DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010102"]);
    for (const [start, end] of [["0000", null], ["-0044-03-15", null], ["9999-12-31", null], ["9999", null], ["2024", "+010000"]] as const) {
      expect(eventTiming(start, end), `${start}–${end}`).toBeNull();
    }
  });

  it("puts deadlines on the last day of the due period", () => {
    expect(deadlineTiming("2025")).toEqual(["DTSTART;VALUE=DATE:20251231", "DTEND;VALUE=DATE:20260101"]);
    expect(deadlineTiming("2024-02")).toEqual(["DTSTART;VALUE=DATE:20240229", "DTEND;VALUE=DATE:20240301"]);
    expect(deadlineTiming("2025-03-31")).toEqual(["DTSTART;VALUE=DATE:20250331", "DTEND;VALUE=DATE:20250401"]);
    expect(deadlineTiming("2025-03-31T12:00:00+02:00")).toEqual(["DTSTART:20250331T100000Z"]);
    expect(deadlineTiming("9999")).toBeNull();
  });
});

describe("CSV fields", () => {
  it("quotes, doubles quotes and defuses formulas", () => {
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvField(`${start}1`)).toBe(`"'${start}1"`);
    expect(csvField("a=1")).toBe('"a=1"');
    expect(csvField(null)).toBe('""');
    expect(csvField(0.5)).toBe('"0.5"');
  });
});

describe("dates in feeds", () => {
  it("gives TimelineJS only the parts a date has", () => {
    expect(timelineJsDate("2024")).toEqual({ year: 2024 });
    expect(timelineJsDate("-0044-03")).toEqual({ year: -44, month: 3 });
    expect(timelineJsDate("2024-11-26T10:30:15.5+01:00")).toEqual({ year: 2024, month: 11, day: 26, hour: 10, minute: 30, second: 15 });
  });

  it("publishes only instants it can honestly name", () => {
    expect(publishedAt("2024-07-01", "Europe/Berlin")).toBe("2024-07-01T00:00:00+02:00");
    expect(publishedAt("2024-01-01", "America/New_York")).toBe("2024-01-01T00:00:00-05:00");
    expect(publishedAt("2024-11-26T10:00:00Z", "Europe/Berlin")).toBe("2024-11-26T10:00:00Z");
    expect(publishedAt("2024-11", "UTC")).toBeNull();
    expect(publishedAt("2024", "UTC")).toBeNull();
    expect(publishedAt("0000-01-01", "UTC")).toBeNull();
  });
});

describe("reading CSV", () => {
  it("reads RFC 4180 records: quotes, doubled quotes, line breaks in fields, any line ending", () => {
    expect(parseCsv('a,"b ""c"", d\nzwei"\r\n1,2\n,\r3,"x"').records).toEqual([
      ["a", 'b "c", d\nzwei'],
      ["1", "2"],
      ["", ""],
      ["3", "x"],
    ]);
    expect(parseCsv("a,b\n").records).toEqual([["a", "b"]]);
    expect(parseCsv("a,b\n\n1,2").records).toEqual([["a", "b"], [""], ["1", "2"]]);
    expect(parseCsv("").records).toEqual([]);
    expect(parseCsv('ab"c,d').records).toEqual([['ab"c', "d"]]);
  });

  it("takes the separator the header uses most, and finds unclosed quotes", () => {
    expect(parseCsv('Year;Headline;Text\n2024;"a;b";c,d').records).toEqual([["Year", "Headline", "Text"], ["2024", "a;b", "c,d"]]);
    expect(parseCsv("Year\tHeadline\n2024\tx").records).toEqual([["Year", "Headline"], ["2024", "x"]]);
    expect(parseCsv('a,b\n1,"open\n2,3').unclosedQuoteAt).toBe(1);
  });
});

describe("reading TimelineJS", () => {
  it("turns HTML into the text a reader saw", () => {
    expect(htmlToText("<p>Hello <b>you</b>,\n   there</p><p>see <a href='https://x.example/?a=1&amp;b=2'>this</a></p>")).toBe(
      "Hello you, there\n\nsee this (https://x.example/?a=1&b=2)",
    );
    expect(htmlToText("a<br>b<br/>c<ul><li>one</li><li>two</li></ul>")).toBe("a\nb\nc\n\n• one\n• two");
    expect(htmlToText("&lt;script&gt; &amp; <script>alert(1)</script>&#8222;x&#x201C; &unknown;")).toBe("<script> & „x“ &unknown;");
    expect(htmlToText(`<a href="javascript:alert(1)">click</a> <a href="https://a.example">https://a.example</a>`)).toBe(
      "click https://a.example",
    );
    expect(htmlToLine("<h1>Big</h1><p>small</p>")).toBe("Big small");
    expect(decodeEntities("&#0; &#xD800; &#1114112;")).toBe("&#0; &#xD800; &#1114112;");
  });

  it("reads sheet times as TimelineJS does", () => {
    expect(parseSheetTime("14:30")).toEqual({ hour: "14", minute: "30", second: "" });
    expect(parseSheetTime("2:30 PM")).toEqual({ hour: "14", minute: "30", second: "" });
    expect(parseSheetTime("12:05 a.m.")).toEqual({ hour: "0", minute: "5", second: "" });
    expect(parseSheetTime("1430")).toEqual({ hour: "14", minute: "30", second: "" });
    expect(parseSheetTime("9.15")).toEqual({ hour: "9", minute: "15", second: "" });
    expect(parseSheetTime("14:30:15,5")).toEqual({ hour: "14", minute: "30", second: "15" });
    for (const bad of ["25:00", "noon", "14:75", "1:2:3:4"]) expect(typeof parseSheetTime(bad)).toBe("string");
  });

  const at = { year: "/y", month: "/m", day: "/d", time: "/t" };
  const parts = (p: Partial<Record<"year" | "month" | "day" | "hour" | "minute" | "second", string>>) => ({
    year: "", month: "", day: "", hour: "", minute: "", second: "", ...p,
  });

  it("builds dates of the precision given, and times in the timeline's zone", () => {
    expect(timelineDate(parts({ year: "1,989" }), at, "UTC")).toEqual({ text: "1989" });
    expect(timelineDate(parts({ year: "-44", month: "3", day: "15" }), at, "UTC")).toEqual({ text: "-0044-03-15" });
    expect(timelineDate(parts({ year: "2024", month: "7", day: "1", hour: "14", minute: "30" }), at, "Europe/Berlin")).toEqual({
      text: "2024-07-01T14:30:00+02:00",
    });
    expect(timelineDate(parts({ year: "2024", month: "1", day: "1", hour: "9" }), at, "UTC")).toEqual({ text: "2024-01-01T09:00:00Z" });
  });

  it("points at the part of a date that is wrong", () => {
    const errors = (p: Parameters<typeof parts>[0]) => {
      const result = timelineDate(parts(p), at, "UTC");
      return "errors" in result ? result.errors : [];
    };
    expect(errors({})).toEqual([{ pointer: "/y", detail: "is required" }]);
    expect(errors({ year: "MMXXIV" })[0]!.pointer).toBe("/y");
    expect(errors({ year: "2024", month: "13" })[0]!.pointer).toBe("/m");
    expect(errors({ year: "2023", month: "2", day: "29" })).toEqual([{ pointer: "/d", detail: "is not a valid date: 2023-02 has 28 days" }]);
    expect(errors({ year: "2024", day: "3" })[0]!.pointer).toBe("/m");
    expect(errors({ year: "2024", month: "3", hour: "10" })[0]!.pointer).toBe("/t");
  });

  it("compares stored data whatever its key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
  });
});
