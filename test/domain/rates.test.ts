import { describe, expect, it } from "vitest";
import { conversionSeries, convert, parseRates, parseRatesCsv, RateBook, rateDay, ratesRefusal } from "../../src/domain/rates";

/** The ECB files quote nothing, so splitting lines and commas is what a CSV reader would do. */
const records = (text: string) => text.split(/\r?\n/).map((line) => line.split(","));

// Shaped like eurofxref-hist.csv: newest first, a trailing comma, N/A for currencies without a
// rate that day (CYP left the list in 2008), no rows for weekends (23–24 Nov 2024) and a missing
// USD cell on 21 Nov.
const ECB_HISTORY = `Date,USD,JPY,CYP,GBP,
2024-11-26,1.0487,160.72,N/A,0.83618,
2024-11-25,1.0479,161.21,N/A,0.83515,
2024-11-22,1.0412,161.09,N/A,0.83188,
2024-11-21,,160.78,N/A,0.83208,
2024-11-20,1.0548,163.83,N/A,0.83465,
`;

describe("parseRates: the ECB reference-rate file", () => {
  const parsed = parseRates(records(ECB_HISTORY));

  it("reads one rate per currency and day, each units of the currency per one euro", () => {
    expect(parsed.format).toBe("ecb");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rates).toContainEqual({ date: "2024-11-26", currency: "USD", base: "EUR", rate: 1.0487 });
    expect(parsed.rates).toContainEqual({ date: "2024-11-22", currency: "GBP", base: "EUR", rate: 0.83188 });
    expect(parsed.rates.filter((r) => r.currency === "USD").map((r) => r.date)).toEqual([
      "2024-11-26",
      "2024-11-25",
      "2024-11-22",
      "2024-11-20",
    ]);
  });

  it("counts N/A and empty cells as gaps, never as rates", () => {
    expect(parsed.rates.some((r) => r.currency === "CYP")).toBe(false);
    expect(parsed.gaps).toBe(6); // five CYP cells, one USD cell
    expect(parsed.rates).toHaveLength(5 * 3 - 1);
  });

  it("reads the daily file too: spaces after commas and an English date", () => {
    const daily = parseRates(records("Date, USD, JPY, \n26 November 2024, 1.0487, 160.72, \n"));
    expect(daily.problems).toEqual([]);
    expect(daily.rates).toEqual([
      { date: "2024-11-26", currency: "USD", base: "EUR", rate: 1.0487 },
      { date: "2024-11-26", currency: "JPY", base: "EUR", rate: 160.72 },
    ]);
  });

  it("says which line and column is wrong", () => {
    const bad = parseRates(records("Date,USD,JPY\n2024-11-26,1.05,abc\n2024-02-30,1.05,160\n2024-11-27,0,160\n"));
    expect(bad.problems).toEqual([
      { line: 2, column: "JPY", detail: '"abc" is not a positive number' },
      { line: 3, column: "Date", detail: '"2024-02-30" is not a date' },
      { line: 4, column: "USD", detail: '"0" is not a positive number' },
    ]);
  });
});

describe("parseRatesCsv", () => {
  it("reads a file as saved by a spreadsheet: byte order mark, semicolons, CRLF, quotes", () => {
    const parsed = parseRatesCsv('\uFEFFdate;currency;rate;base\r\n"2024-11-26";"USD";"1.0487";"EUR"\r\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rates).toEqual([{ date: "2024-11-26", currency: "USD", base: "EUR", rate: 1.0487 }]);
  });

  it("reports a quote that never closes", () => {
    expect(parseRatesCsv('date,currency,rate,base\n"2024-11-26,USD,1,EUR\n').problems[0]).toEqual({ line: 2, detail: "a quoted field is never closed" });
  });
});

describe("parseRates: a table of date, currency, rate and base", () => {
  it("reads the columns in any order, in any case", () => {
    const parsed = parseRates(records("Base,Date,Rate,Currency\nusd,2024-11-26,0.9536,eur\nEUR,2024-11-26,41.2,UAH\n"));
    expect(parsed.format).toBe("table");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rates).toEqual([
      { date: "2024-11-26", currency: "EUR", base: "USD", rate: 0.9536 },
      { date: "2024-11-26", currency: "UAH", base: "EUR", rate: 41.2 },
    ]);
  });

  it("refuses bad cells, a currency against itself, and two different rates for one day", () => {
    const parsed = parseRates(
      records(
        [
          "date,currency,rate,base",
          "2024-11,USD,1.05,EUR",
          "2024-11-26,US,1.05,EUR",
          "2024-11-26,USD,-1,EUR",
          "2024-11-26,EUR,1,EUR",
          "2024-11-26,USD,1.05,EUR",
          "2024-11-26,USD,1.06,EUR",
          "2024-11-26,USD,1.05,EUR",
        ].join("\n"),
      ),
    );
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "date"],
      [3, "currency"],
      [4, "rate"],
      [5, "base"],
      [7, "USD"],
    ]);
    expect(parsed.problems.at(-1)!.detail).toBe("USD per EUR on 2024-11-26 is 1.06 here but 1.05 on line 6");
    expect(parsed.rates).toHaveLength(1); // the repeat of line 6 on line 8 is the same rate, kept once
  });

  it("names the two formats it understands when it recognises neither", () => {
    const parsed = parseRates(records("day,value\n2024-11-26,1\n"));
    expect(parsed.format).toBeNull();
    expect(parsed.problems[0]!.detail).toMatch(/ECB reference-rate CSV.*date, currency, rate and base/);
  });
});

describe("rate look-up", () => {
  const book = new RateBook(parseRates(records(ECB_HISTORY)).rates);

  it("takes the rate of the day", () => {
    expect(book.lookup("EUR", "USD", "2024-11-25")).toEqual({ rate: 1.0479, date: "2024-11-25" });
  });

  it("takes the last earlier rate over a weekend or a gap, and says which day it is from", () => {
    expect(book.lookup("EUR", "USD", "2024-11-24")).toEqual({ rate: 1.0412, date: "2024-11-22" });
    expect(book.lookup("EUR", "USD", "2024-11-21")).toEqual({ rate: 1.0548, date: "2024-11-20" });
    expect(book.lookup("EUR", "USD", "2030-01-01")).toEqual({ rate: 1.0487, date: "2024-11-26" });
  });

  it("never invents a rate: none before the first day, none for an unknown pair, never a later one", () => {
    expect(book.lookup("EUR", "USD", "2024-11-19")).toBeNull();
    expect(book.lookup("EUR", "CYP", "2024-11-26")).toBeNull();
    expect(book.lookup("EUR", "UAH", "2024-11-26")).toBeNull();
  });
});

describe("rateDay", () => {
  it("converts a period at the rate of its first day, a date-time at its written day", () => {
    expect(rateDay("2025")).toBe("2025-01-01");
    expect(rateDay("2025-03")).toBe("2025-03-01");
    expect(rateDay("2025-03-14")).toBe("2025-03-14");
    expect(rateDay("2025-03-14T23:30:00-05:00")).toBe("2025-03-14");
    expect(rateDay("-0044")).toBeNull();
  });
});

describe("convert", () => {
  const book = new RateBook([
    ...parseRates(records(ECB_HISTORY)).rates,
    { date: "2024-11-22", currency: "UAH", base: "USD", rate: 41.5 },
  ]);

  it("leaves an amount already in the target currency exact", () => {
    expect(convert({ value: 5e8, currency: "EUR" }, "1999", "EUR", book)).toEqual({
      value: 5e8,
      currency: "EUR",
      rate_date: null,
      approximate: false,
    });
  });

  it("divides by the base's rate into the base (USD → EUR), approximate with the rate's date", () => {
    const c = convert({ value: 1.0487e9, currency: "USD" }, "2024-11-26", "EUR", book)!;
    expect(c.value).toBeCloseTo(1e9, 3);
    expect(c).toMatchObject({ currency: "EUR", rate_date: "2024-11-26", approximate: true });
  });

  it("multiplies out of the base (EUR → USD) and uses the last earlier rate on a weekend", () => {
    const c = convert({ value: 1e9, currency: "EUR" }, "2024-11-23", "USD", book)!;
    expect(c.value).toBeCloseTo(1.0412e9, 3);
    expect(c.rate_date).toBe("2024-11-22");
  });

  it("crosses through a common base (USD → GBP through EUR)", () => {
    const c = convert({ value: 1.0487e6, currency: "USD" }, "2024-11-26", "GBP", book)!;
    expect(c.value).toBeCloseTo(836_180, 3);
    expect(c.rate_date).toBe("2024-11-26");
  });

  it("chains two files' rates (UAH per USD, USD per EUR) and gives the older of the two days", () => {
    const c = convert({ value: 41.5e6, currency: "UAH" }, "2024-11-26", "EUR", book)!;
    expect(c.value).toBeCloseTo(1e6 / 1.0487, 3);
    expect(c.rate_date).toBe("2024-11-22");
    expect(convert({ value: 41.5e6, currency: "UAH" }, "2024-11-26", "USD", book)!.value).toBeCloseTo(1e6, 6);
  });

  it("makes nothing up: no rate on or before the date means no conversion", () => {
    expect(convert({ value: 1e9, currency: "USD" }, "2024-11-19", "EUR", book)).toBeNull();
    expect(convert({ value: 1e9, currency: "USD" }, "2024-11", "EUR", book)).toBeNull(); // 1 November: before the first rate
    expect(convert({ value: 1e9, currency: "CHF" }, "2024-11-26", "EUR", book)).toBeNull();
  });
});

describe("convert with only the rates it needs", () => {
  it("gives what the whole book gives when handed the last rate on or before each day of each series it may read", () => {
    const all = [
      { date: "2024-01-02", currency: "USD", base: "EUR", rate: 1.1 },
      { date: "2024-06-03", currency: "USD", base: "EUR", rate: 1.08 },
      { date: "2024-06-03", currency: "GBP", base: "EUR", rate: 0.85 },
      { date: "2025-01-02", currency: "GBP", base: "USD", rate: 0.8 }, // direct series, but only later
    ];
    const full = new RateBook(all);
    const day = "2024-07-01";
    const needed = conversionSeries(full.pairs(), "USD", "GBP").flatMap((s) => {
      const hit = full.lookup(s.base, s.currency, day);
      return hit ? [{ ...s, date: hit.date, rate: hit.rate }] : [];
    });
    const partial = new RateBook(needed);
    const amount = { value: 1000, currency: "USD" };
    expect(convert(amount, day, "GBP", partial)).toEqual(convert(amount, day, "GBP", full));
    expect(convert(amount, day, "GBP", full)!.value).toBeCloseTo((1000 / 1.08) * 0.85, 9);
  });
});

describe("conversionSeries", () => {
  const available = [
    { base: "EUR", currency: "USD" },
    { base: "EUR", currency: "GBP" },
    { base: "USD", currency: "UAH" },
  ];

  it("lists the one-step series first, then those through each currency between", () => {
    expect(conversionSeries([...available, { base: "GBP", currency: "USD" }], "USD", "GBP")).toEqual([
      { base: "GBP", currency: "USD" },
      { base: "EUR", currency: "USD" },
      { base: "EUR", currency: "GBP" },
    ]);
    expect(conversionSeries(available, "USD", "EUR")).toEqual([{ base: "EUR", currency: "USD" }]);
  });

  it("lists two-step series alone when there is no direct one, and nothing when there is no way", () => {
    expect(conversionSeries(available, "USD", "GBP")).toEqual([
      { base: "EUR", currency: "USD" },
      { base: "EUR", currency: "GBP" },
    ]);
    expect(conversionSeries(available, "UAH", "EUR")).toEqual([
      { base: "USD", currency: "UAH" },
      { base: "EUR", currency: "USD" },
    ]);
    expect(conversionSeries(available, "UAH", "GBP")).toEqual([]);
    expect(conversionSeries(available, "UAH", "CHF")).toEqual([]);
  });
});

describe("ratesRefusal: all or nothing, for the API and the studio alike", () => {
  it("refuses a file with any bad line, one without rates, and one with too many", () => {
    expect(ratesRefusal(parseRatesCsv("Date,USD\n2025-03-03,1.05\n2025-03-04,abc\n"), 10)).toEqual({
      kind: "problems",
      problems: [{ line: 3, column: "USD", detail: '"abc" is not a positive number' }],
    });
    expect(ratesRefusal(parseRatesCsv("Date,USD\n2025-03-01,N/A\n"), 10)).toEqual({ kind: "empty" });
    expect(ratesRefusal(parseRatesCsv("Date,USD,GBP\n2025-03-03,1.05,0.83\n"), 1)).toEqual({ kind: "too-many", count: 2, max: 1 });
  });

  it("accepts a good file", () => {
    expect(ratesRefusal(parseRatesCsv("Date,USD,GBP\n2025-03-03,1.05,0.83\n"), 2)).toBeNull();
  });
});
