import { describe, expect, it } from "vitest";
import {
  entryPeriod,
  isEndBeforeStart,
  mustParseDate,
  overlaps,
  parseDate,
  periodEndIn,
  PRECISION_RANK,
  zoneOffsetMinutes,
} from "../../src/domain/dates";

const ok = (text: string) => {
  const r = parseDate(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.date;
};
const error = (text: string) => {
  const r = parseDate(text);
  if (r.ok) throw new Error(`${text} parsed as ${r.date.text}`);
  return r.error;
};

describe("parseDate precisions", () => {
  it("reads year, month, day and date-time with their own precision and period", () => {
    expect(ok("2024")).toMatchObject({ precision: "year", startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2025, 0, 1) });
    expect(ok("2024-11")).toMatchObject({ precision: "month", startMs: Date.UTC(2024, 10, 1), endMs: Date.UTC(2024, 11, 1) });
    expect(ok("2024-12")).toMatchObject({ endMs: Date.UTC(2025, 0, 1) });
    expect(ok("2024-11-26")).toMatchObject({ precision: "day", startMs: Date.UTC(2024, 10, 26), endMs: Date.UTC(2024, 10, 27) });
    const dt = ok("2024-11-26T10:30:00+01:00");
    expect(dt.precision).toBe("datetime");
    expect(dt.startMs).toBe(Date.UTC(2024, 10, 26, 9, 30));
  });

  it("accepts date-times without seconds, with fractions, Z and a space separator, and canonicalises them", () => {
    expect(ok("2024-11-26T10:30Z").text).toBe("2024-11-26T10:30:00Z");
    expect(ok("2024-11-26 10:30:15.250z").text).toBe("2024-11-26T10:30:15.250Z");
    expect(ok("2024-11-26T10:30:15.250Z").startMs).toBe(Date.UTC(2024, 10, 26, 10, 30, 15, 250));
    expect(ok("  2024-11 ").text).toBe("2024-11");
  });

  it("rejects dates that do not exist, with a reason", () => {
    expect(error("2024-02-30")).toBe("2024-02 has 29 days");
    expect(error("2023-02-29")).toBe("2023-02 has 28 days");
    expect(error("2024-04-31")).toBe("2024-04 has 30 days");
    expect(error("2024-13")).toContain("month 13");
    expect(error("2024-00-10")).toContain("month 00");
    expect(error("2024-11-26T24:00:00Z")).toContain("hour");
    expect(error("2024-11-26T10:60:00Z")).toContain("minute");
    expect(error("2024-11-26T10:00:00+25:00")).toContain("offset");
    expect(error("2024-11-26T10:00:00")).toContain("offset");
    expect(error("26.11.2024")).toContain("expected YYYY");
    expect(error("")).toContain("expected YYYY");
    expect(error("12345")).toContain("sign");
  });

  it("knows the leap-year rule of the proleptic Gregorian calendar", () => {
    expect(ok("2000-02-29").precision).toBe("day");
    expect(error("1900-02-29")).toBe("1900-02 has 28 days");
    expect(ok("-0004-02-29").year).toBe(-4);
  });

  it("allows negative and expanded years (ISO 8601 astronomical numbering)", () => {
    const caesar = ok("-0044-03-15");
    expect(caesar).toMatchObject({ year: -44, month: 3, day: 15, text: "-0044-03-15" });
    expect(caesar.startMs).toBeLessThan(ok("0001").startMs);
    expect(ok("0000").year).toBe(0);
    expect(ok("-0000").text).toBe("0000");
    expect(ok("+2024").text).toBe("2024");
    expect(ok("+012345").text).toBe("+012345");
    expect(ok("0099").startMs).toBeLessThan(ok("1900").startMs); // not mapped to 1999
    expect(error("+300000")).toContain("year");
  });
});

describe("chronological order across precisions", () => {
  const key = (t: string) => {
    const d = mustParseDate(t);
    return [d.startMs, PRECISION_RANK[d.precision]] as const;
  };
  const sort = (list: string[]) =>
    [...list].sort((a, b) => {
      const [am, ar] = key(a);
      const [bm, br] = key(b);
      return am - bm || ar - br;
    });

  it("puts a year before its months, a month before its days, a day before its times", () => {
    expect(sort(["2024-01-01T00:00:00Z", "2024-01-01", "2024-01", "2024"])).toEqual([
      "2024",
      "2024-01",
      "2024-01-01",
      "2024-01-01T00:00:00Z",
    ]);
    expect(sort(["2024-03", "2023-12-31", "2024", "-0044"])).toEqual(["-0044", "2023-12-31", "2024", "2024-03"]);
  });
});

describe("periods and overlap", () => {
  it("spans from the start of start to the end of end", () => {
    const period = entryPeriod(mustParseDate("2024-11-25"), mustParseDate("2024-11-26"));
    expect(period).toEqual({ startMs: Date.UTC(2024, 10, 25), endMs: Date.UTC(2024, 10, 27) });
    expect(entryPeriod(mustParseDate("2024"))).toEqual({ startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2025, 0, 1) });
  });

  it("rejects an end that begins before the start", () => {
    expect(isEndBeforeStart(mustParseDate("2024-11-26"), mustParseDate("2024-11"))).toBe(true);
    expect(isEndBeforeStart(mustParseDate("2024"), mustParseDate("2024-06"))).toBe(false);
    expect(isEndBeforeStart(mustParseDate("2024-11-26"), mustParseDate("2024-11-26"))).toBe(false);
  });

  it("overlaps a window when any part of the period falls in it", () => {
    const span = { startMs: Date.UTC(2024, 10, 25), endMs: Date.UTC(2024, 10, 27) };
    expect(overlaps(span, Date.UTC(2024, 10, 26), null)).toBe(true);
    expect(overlaps(span, Date.UTC(2024, 10, 27), null)).toBe(false);
    expect(overlaps(span, null, Date.UTC(2024, 10, 25))).toBe(false);
    expect(overlaps(span, null, Date.UTC(2024, 10, 25, 0, 0, 1))).toBe(true);
  });
});

describe("time zones", () => {
  it("reads offsets of a zone, with daylight saving", () => {
    expect(zoneOffsetMinutes(Date.UTC(2024, 6, 1), "Europe/Berlin")).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(2024, 0, 1), "Europe/Berlin")).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2024, 0, 1), "America/New_York")).toBe(-300);
    expect(zoneOffsetMinutes(Date.UTC(2024, 0, 1), "UTC")).toBe(0);
  });

  it("ends a calendar period at local midnight of the zone", () => {
    expect(periodEndIn(mustParseDate("2025"), "Europe/Berlin")).toBe(Date.UTC(2025, 11, 31, 23));
    expect(periodEndIn(mustParseDate("2025-06-30"), "Europe/Berlin")).toBe(Date.UTC(2025, 5, 30, 22));
    expect(periodEndIn(mustParseDate("2025-06-30"), "America/New_York")).toBe(Date.UTC(2025, 6, 1, 4));
    expect(periodEndIn(mustParseDate("2025-06-30T12:00:00Z"), "Europe/Berlin")).toBe(Date.UTC(2025, 5, 30, 12) + 1);
  });
});
