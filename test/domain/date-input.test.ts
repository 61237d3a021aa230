import { describe, expect, it } from "vitest";
import { readDateInput } from "../../src/domain/date-input";

const read = (text: string, lang: "en" | "de" = "en", zone = "UTC") => {
  const r = readDateInput(text, lang, zone);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r;
};
const date = (text: string, lang: "en" | "de" = "en") => read(text, lang).date;
const error = (text: string, lang: "en" | "de" = "en") => {
  const r = readDateInput(text, lang);
  if (r.ok) throw new Error(`${text} read as ${r.date}`);
  return r.error;
};

describe("readDateInput", () => {
  it("passes canonical dates through at their own precision", () => {
    expect(read("2024")).toEqual({ ok: true, date: "2024", precision: "year", qualifier: null, ambiguous: false });
    expect(read("2024-11").precision).toBe("month");
    expect(read("2024-11-26").precision).toBe("day");
    expect(date("-0044-03-15")).toBe("-0044-03-15");
    expect(date("2024-11-26T10:30+01:00")).toBe("2024-11-26T10:30:00+01:00");
  });

  it("reads month names in English and German, full, abbreviated, with or without dots", () => {
    for (const text of ["Nov. 2024", "Nov 2024", "November 2024", "nov.2024", "NOVEMBER 2024"]) expect(date(text), text).toBe("2024-11");
    expect(date("März 2024", "de")).toBe("2024-03");
    expect(date("Maerz 2024", "de")).toBe("2024-03");
    expect(date("Mrz. 2024", "de")).toBe("2024-03");
    expect(date("Dez. 2024", "de")).toBe("2024-12");
    expect(date("Okt 2024", "en")).toBe("2024-10");
    expect(date("Jänner 2025", "de")).toBe("2025-01");
    expect(date("Mai 2024", "en")).toBe("2024-05");
  });

  it("reads days written with a month name in either order", () => {
    for (const text of ["26 November 2024", "26. November 2024", "26. Nov. 2024", "November 26, 2024", "Nov 26 2024", "26th Nov 2024", "2024 Nov 26"]) {
      expect(read(text), text).toMatchObject({ date: "2024-11-26", precision: "day", ambiguous: false });
    }
    expect(date("3. März 2024", "de")).toBe("2024-03-03");
  });

  it("reads numeric dates: dots day first, slashes in the interface language's order", () => {
    expect(read("26.11.2024", "de")).toMatchObject({ date: "2024-11-26", ambiguous: false });
    expect(read("26.11.2024", "en")).toMatchObject({ date: "2024-11-26", ambiguous: false });
    expect(read("3.4.2024", "en")).toMatchObject({ date: "2024-04-03", ambiguous: false });
    expect(read("3. 4. 2024", "de").date).toBe("2024-04-03");
    expect(read("3/4/2024", "de")).toMatchObject({ date: "2024-04-03", ambiguous: true });
    expect(read("3/4/2024", "en")).toMatchObject({ date: "2024-03-04", ambiguous: true });
    // One reading only: not ambiguous whatever the language.
    expect(read("13/4/2024", "en")).toMatchObject({ date: "2024-04-13", ambiguous: false });
    expect(read("4/13/2024", "de")).toMatchObject({ date: "2024-04-13", ambiguous: false });
    expect(read("4/4/2024", "en")).toMatchObject({ date: "2024-04-04", ambiguous: false });
    expect(date("2024/11/26")).toBe("2024-11-26");
    expect(date("2024-1-5")).toBe("2024-01-05");
    expect(date("11/2024")).toBe("2024-11");
    expect(date("11.2024", "de")).toBe("2024-11");
  });

  it("reads qualifiers in English and German", () => {
    expect(read("ca. 1990", "de")).toMatchObject({ date: "1990", qualifier: "circa" });
    expect(read("c. 1990")).toMatchObject({ date: "1990", qualifier: "circa" });
    expect(read("circa 1990")).toMatchObject({ qualifier: "circa" });
    expect(read("um 1990", "de")).toMatchObject({ qualifier: "circa" });
    expect(read("1990?")).toMatchObject({ date: "1990", qualifier: "circa" });
    expect(read("before March 2024")).toMatchObject({ date: "2024-03", qualifier: "before" });
    expect(read("vor dem 3.4.2024", "de")).toMatchObject({ date: "2024-04-03", qualifier: "before" });
    expect(read("after 2020")).toMatchObject({ date: "2020", qualifier: "after" });
    expect(read("nach 2020", "de")).toMatchObject({ qualifier: "after" });
  });

  it("reads eras into astronomical years", () => {
    expect(date("44 BC")).toBe("-0043");
    expect(date("44 v. Chr.", "de")).toBe("-0043");
    expect(date("15 March 44 BC")).toBe("-0043-03-15");
    expect(date("800 AD")).toBe("0800");
    expect(date("800")).toBe("0800");
  });

  it("places a typed time in the timeline's zone", () => {
    expect(read("26.11.2024 14:30", "de", "Europe/Berlin")).toMatchObject({ date: "2024-11-26T14:30:00+01:00", precision: "datetime" });
    expect(date("2024-11-26 14:30")).toBe("2024-11-26T14:30:00Z");
    expect(read("Nov 26, 2024, 2:30 pm", "en", "America/New_York").date).toBe("2024-11-26T14:30:00-05:00");
    expect(read("1.7.2024 9.15 Uhr", "de", "Europe/Berlin").date).toBe("2024-07-01T09:15:00+02:00");
  });

  it("says what is wrong with what it cannot read", () => {
    expect(error("")).toBe("empty");
    expect(error("soon")).toBe("unreadable");
    expect(error("26.11.24", "de")).toBe("two-digit-year");
    expect(error("90")).toBe("two-digit-year");
    expect(error("31.2.2024", "de")).toBe("no-such-day");
    expect(error("30 February 2024")).toBe("no-such-day");
    expect(error("13/13/2024")).toBe("no-such-month");
    expect(error("2024/13")).toBe("no-such-month");
    expect(error("2024 14:30")).toBe("time-needs-day");
    expect(error("26.11.2024 25:00", "de")).toBe("no-such-time");
    expect(error("November 2024 2025")).toBe("unreadable");
  });
});
