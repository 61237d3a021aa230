import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatEntryDate,
  formatPeriod,
  formatProgress,
  resolveLocale,
  textDirection,
} from "../../src/domain/format";
import type { DateQualifier } from "../../src/domain/entry";
import { language } from "../../src/i18n";

/** ICU separates with no-break, narrow and thin spaces; compare what a reader sees. */
const seen = (text: string) => text.replace(/\s/g, " ");
const de = { locale: "de" };
const en = { locale: "en" };
/** Options that qualify a date with the phrases of the locale's language (src/i18n/). */
const q = (locale: string, qualifier: DateQualifier | null) => ({
  locale,
  qualifier,
  qualifiers: language(locale, "en").words.qualifiers,
});

describe("formatEntryDate", () => {
  it("formats each precision at its own precision", () => {
    expect(formatEntryDate("2024", de)).toBe("2024");
    expect(formatEntryDate("2024-11", de)).toBe("November 2024");
    expect(formatEntryDate("2024-11-26", de)).toBe("26. November 2024");
    expect(formatEntryDate("2024", en)).toBe("2024");
    expect(formatEntryDate("2024-11", en)).toBe("November 2024");
    expect(formatEntryDate("2024-11-26", en)).toBe("November 26, 2024");
  });

  it("shows a date-time's wall time in its own offset, not in UTC", () => {
    const berlin = seen(formatEntryDate("2024-11-26T10:00:00+01:00", de));
    expect(berlin).toMatch(/^26\. November 2024\D+10:00/);
    const newYork = seen(formatEntryDate("2024-11-26T23:30:00-05:00", de));
    expect(newYork).toContain("26. November 2024");
    expect(newYork).toContain("23:30");
    expect(seen(formatEntryDate("2024-11-26T10:00:00Z", en))).toMatch(/^November 26, 2024\D+10:00 AM$/);
  });

  it("numbers years astronomically and names the era before year 1", () => {
    expect(formatEntryDate("-0044", de)).toBe("45 v. Chr.");
    expect(formatEntryDate("-0044", en)).toBe("45 BC");
    expect(formatEntryDate("-0044-03-15", de)).toBe("15. März 45 v. Chr.");
    expect(formatEntryDate("-0044-03-15", en)).toBe("March 15, 45 BC");
    expect(formatEntryDate("0000", de)).toBe("1 v. Chr.");
    expect(formatEntryDate("0000", en)).toBe("1 BC");
    expect(formatEntryDate("0014", de)).toBe("14");
  });

  it("keeps the Gregorian calendar whatever calendar the locale prefers", () => {
    expect(formatEntryDate("2024", { locale: "th" })).toBe("2024");
    expect(formatEntryDate("2024-11", { locale: "de-u-ca-hebrew" })).toBe("November 2024");
    const saudi = formatEntryDate("2024-11", { locale: "ar-SA" });
    expect(saudi).toContain("نوفمبر");
    expect(saudi).toContain("٢٠٢٤");
  });

  it("words qualifiers in the locale", () => {
    expect(formatEntryDate("2024", q("de", "circa"))).toBe("ca. 2024");
    expect(formatEntryDate("2024", q("de", "before"))).toBe("vor 2024");
    expect(formatEntryDate("2024", q("de", "after"))).toBe("nach 2024");
    expect(formatEntryDate("2024-11-26", q("de", "before"))).toBe("vor dem 26. November 2024");
    expect(formatEntryDate("2024", q("en", "circa"))).toBe("c. 2024");
    expect(formatEntryDate("2024", q("en", "before"))).toBe("before 2024");
    expect(formatEntryDate("2024-10", q("en", "after"))).toBe("after October 2024");
    expect(formatEntryDate("2024", q("fr", "circa"))).toBe("vers 2024");
    expect(formatEntryDate("2024", q("ar", "before"))).toBe("قبل 2024");
    expect(formatEntryDate("2024", q("de-AT", "circa"))).toBe("ca. 2024");
    expect(formatEntryDate("2024", q("pt", "circa"))).toBe("c. 2024");
    expect(formatEntryDate("2024", q("de", null))).toBe("2024");
  });

  it("lets free display text win over date and qualifier", () => {
    expect(formatEntryDate("2034", { ...q("de", "circa"), display: "im nächsten Jahrzehnt" })).toBe(
      "im nächsten Jahrzehnt",
    );
    expect(formatEntryDate("2034", { locale: "de", display: "  " })).toBe("2034");
    expect(formatEntryDate("2034", { locale: "de", display: null })).toBe("2034");
  });

  it("falls back to English for an invalid locale and returns a non-date as it is", () => {
    expect(formatEntryDate("2024-11-26", { locale: "not a locale!" })).toBe("November 26, 2024");
    expect(formatEntryDate("2024-11-26", { locale: "" })).toBe("November 26, 2024");
    expect(formatEntryDate("2024-02-30", de)).toBe("2024-02-30");
    expect(formatEntryDate("gestern", de)).toBe("gestern");
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom("circa", "before", "after", null), (date, locale, qualifier) => {
        expect(typeof formatEntryDate(date, q(locale, qualifier))).toBe("string");
      }),
    );
  });
});

describe("formatPeriod", () => {
  it("is compact where the locale allows", () => {
    expect(formatPeriod("2024-11-25", "2024-11-26", de)).toBe("25.–26. November 2024");
    expect(seen(formatPeriod("2024-11-25", "2024-11-26", en))).toBe("November 25 – 26, 2024");
    expect(formatPeriod("2024-10", "2024-11", de)).toBe("Oktober–November 2024");
    expect(formatPeriod("2024", "2025", de)).toBe("2024–2025");
  });

  it("shows one date when there is no end or the end is the start", () => {
    expect(formatPeriod("2024-11-26", null, de)).toBe("26. November 2024");
    expect(formatPeriod("2024-11-26", "", de)).toBe("26. November 2024");
    expect(formatPeriod("2024-11-26", "2024-11-26", de)).toBe("26. November 2024");
  });

  it("shows each end at its own precision when precisions differ", () => {
    expect(formatPeriod("2024-10", "2024-11-26", en)).toBe("October 2024 – November 26, 2024");
    expect(formatPeriod("2024", "2025-03", de)).toBe("2024 – März 2025");
  });

  it("names the era on both ends when the span reaches before year 1", () => {
    expect(seen(formatPeriod("-0044", "0014", de))).toBe("45 v. Chr. – 14 n. Chr.");
    expect(seen(formatPeriod("-0044", "0014", en))).toBe("45 BC – 14 AD");
  });

  it("keeps date-times in their own offsets", () => {
    const sameDay = seen(formatPeriod("2024-11-26T10:00:00+01:00", "2024-11-26T12:30:00+01:00", de));
    expect(sameDay.match(/26\. November 2024/g)).toHaveLength(1);
    expect(sameDay).toMatch(/10:00\D+12:30/);
    const twoZones = seen(formatPeriod("2024-11-26T10:00:00+01:00", "2024-11-26T10:00:00-05:00", de));
    expect(twoZones.match(/10:00/g)).toHaveLength(2);
    expect(twoZones).toContain("(UTC+01:00)");
    expect(twoZones).toContain("(UTC-05:00)");
    expect(seen(formatPeriod("2024-11-26T10:00:00Z", "2024-11-26T12:00:00+01:00", en))).toContain("(UTC)");
  });

  it("qualifies the whole span and lets display text win", () => {
    expect(formatPeriod("2024-11-25", "2024-11-26", q("de", "circa"))).toBe("ca. 25.–26. November 2024");
    expect(formatPeriod("2024", "2034", { locale: "de", display: "im nächsten Jahrzehnt" })).toBe("im nächsten Jahrzehnt");
  });

  it("shows invalid dates as they are and never throws", () => {
    expect(formatPeriod("2024-02-30", "2024-03", de)).toBe("2024-02-30 – 2024-03");
    const date = fc.oneof(fc.string(), fc.constantFrom("2024", "2024-11", "-0044-03-15", "2024-11-26T10:00:00+01:00"));
    fc.assert(
      fc.property(date, fc.option(date), fc.string(), (start, end, locale) => {
        expect(typeof formatPeriod(start, end, { locale })).toBe("string");
      }),
    );
  });
});

describe("formatAmount", () => {
  it("formats ISO 4217 codes as currency, compact for large values", () => {
    const german = seen(formatAmount({ value: 2_000_000_000, currency: "USD" }, "de"));
    expect(german).toMatch(/^2 Mrd\. /);
    expect(german).toContain("$");
    expect(formatAmount({ value: 2_000_000_000, currency: "USD" }, "en")).toBe("$2B");
    expect(formatAmount({ value: 2_500_000, currency: "EUR" }, "en")).toBe("€2.5M");
  });

  it("formats smaller currency amounts in full, without needless cents", () => {
    expect(seen(formatAmount({ value: 40_000, currency: "EUR" }, "de"))).toBe("40.000 €");
    expect(seen(formatAmount({ value: 1_500.5, currency: "EUR" }, "de"))).toBe("1.500,50 €");
    expect(formatAmount({ value: 40_000, currency: "EUR" }, "en")).toBe("€40,000");
    expect(formatAmount({ value: 1_500, currency: "JPY" }, "en")).toBe("¥1,500");
  });

  it("treats anything else as a unit after the number", () => {
    expect(formatAmount({ value: 40, currency: "Panzer" }, "de")).toBe("40 Panzer");
    expect(formatAmount({ value: 1_500, currency: "MW" }, "en")).toBe("1,500 MW");
    expect(seen(formatAmount({ value: 2_500_000, currency: "Schuss" }, "de"))).toBe("2,5 Mio. Schuss");
    const lowerCase = formatAmount({ value: 100, currency: "usd" }, "en");
    expect(lowerCase).toBe("100 usd");
  });

  it("falls back to English for an invalid locale", () => {
    expect(formatAmount({ value: 2_000_000_000, currency: "USD" }, "??")).toBe("$2B");
  });
});

describe("formatProgress", () => {
  it("formats a share as a percentage in the locale's style", () => {
    expect(seen(formatProgress(0.5, "de"))).toBe("50 %");
    expect(formatProgress(0.5, "en")).toBe("50%");
    expect(formatProgress(0, "en")).toBe("0%");
    expect(formatProgress(1.25, "en")).toBe("125%");
    expect(formatProgress(0.333, "en")).toBe("33%");
    expect(formatProgress(0.5, "not a locale!")).toBe("50%");
  });
});

describe("textDirection", () => {
  it("is right to left for Arabic, Hebrew, Persian and Urdu, with or without a region", () => {
    for (const locale of ["ar", "he", "fa", "ur", "ar-EG", "he-IL", "fa-IR", "ur-PK", "AR-eg", "ar_EG", "iw"]) {
      expect(textDirection(locale), locale).toBe("rtl");
    }
  });

  it("is left to right otherwise, and for anything invalid", () => {
    for (const locale of ["en", "de", "de-DE", "fr", "ja", "ar-Latn", "", "not a locale!", "x-rtl", "-ar"]) {
      expect(textDirection(locale), locale).toBe("ltr");
    }
    fc.assert(
      fc.property(fc.string(), (locale) => {
        expect(["ltr", "rtl"]).toContain(textDirection(locale));
      }),
    );
  });
});

describe("resolveLocale", () => {
  it("canonicalises a valid tag", () => {
    expect(resolveLocale("EN-us", "de")).toBe("en-US");
    expect(resolveLocale("de", "en")).toBe("de");
    expect(resolveLocale("zh-hant-tw", "en")).toBe("zh-Hant-TW");
    expect(resolveLocale("iw", "en")).toBe("he");
    expect(resolveLocale(" de_DE ", "en")).toBe("de-DE");
  });

  it("answers the fallback for anything else", () => {
    for (const bad of [null, undefined, "", "   ", "de-DE,de;q=0.9", "x-foo", "not a locale!", "a".repeat(300)]) {
      expect(resolveLocale(bad, "de"), String(bad)).toBe("de");
    }
    expect(resolveLocale(null, "EN-gb")).toBe("en-GB");
    expect(resolveLocale(null, "invalid fallback")).toBe("en");
  });

  it("never throws and always answers a canonical tag", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (requested, fallback) => {
        const tag = resolveLocale(requested, fallback);
        expect(Intl.getCanonicalLocales(tag)).toEqual([tag]);
      }),
    );
  });
});
