import { describe, expect, it } from "vitest";
import { readAmount, readNumber } from "../../src/domain/number-input";

describe("readNumber", () => {
  it("tells grouping from decimal marks by count and position", () => {
    expect(readNumber("2,000,000", "de")).toBe(2_000_000);
    expect(readNumber("2.000.000", "en")).toBe(2_000_000);
    expect(readNumber("1,234.5", "de")).toBe(1234.5);
    expect(readNumber("1.234,5", "en")).toBe(1234.5);
    expect(readNumber("1,5", "en")).toBe(1.5);
    expect(readNumber("1.5", "de")).toBe(1.5);
    expect(readNumber("2 000 000", "en")).toBe(2_000_000);
    expect(readNumber("1'000", "en")).toBe(1000);
    expect(readNumber("42", "en")).toBe(42);
  });

  it("reads one mark before three digits in the interface language's habit", () => {
    expect(readNumber("1.234", "de")).toBe(1234);
    expect(readNumber("1.234", "en")).toBe(1.234);
    expect(readNumber("1,234", "en")).toBe(1234);
    expect(readNumber("1,234", "de")).toBe(1.234);
  });

  it("refuses what is not a number", () => {
    expect(readNumber("", "en")).toBeNull();
    expect(readNumber("abc", "en")).toBeNull();
    expect(readNumber("1.2.3", "en")).toBeNull();
    expect(readNumber("1,2.3,4", "en")).toBeNull();
  });
});

describe("readAmount", () => {
  it("reads currency symbols and codes, before or after", () => {
    expect(readAmount("$2,000,000", "en")).toEqual({ value: 2_000_000, unit: "USD" });
    expect(readAmount("2.000.000 €", "de")).toEqual({ value: 2_000_000, unit: "EUR" });
    expect(readAmount("2000000 usd", "en")).toEqual({ value: 2_000_000, unit: "USD" });
    expect(readAmount("500 Panzer", "de")).toEqual({ value: 500, unit: "Panzer" });
    expect(readAmount("1.5", "en")).toEqual({ value: 1.5, unit: null });
  });

  it("reads scale words in either language, billion by the language's meaning", () => {
    expect(readAmount("$2bn", "en")).toEqual({ value: 2e9, unit: "USD" });
    expect(readAmount("2 Mrd. EUR", "de")).toEqual({ value: 2e9, unit: "EUR" });
    expect(readAmount("1,5 Mio. EUR", "de")).toEqual({ value: 1.5e6, unit: "EUR" });
    expect(readAmount("3 billion USD", "en")).toEqual({ value: 3e9, unit: "USD" });
    expect(readAmount("3 Billionen EUR", "de")).toEqual({ value: 3e12, unit: "EUR" });
    expect(readAmount("5k", "en")).toEqual({ value: 5000, unit: null });
  });

  it("refuses what is not an amount", () => {
    expect(readAmount("lots", "en")).toBeNull();
    expect(readAmount("$5 EUR", "en")).toBeNull();
  });
});
