/**
 * The languages in src/i18n/: each file is one language, and each is offered by `language()`,
 * so adding a language is adding its file (and naming it in the index, which this test demands).
 */
import { describe, expect, it } from "vitest";
import { formatEntryDate } from "../../src/domain/format";
import { language } from "../../src/i18n";
import { en } from "../../src/i18n/en";

const files = import.meta.glob<Record<string, object>>(["../../src/i18n/*.ts", "!../../src/i18n/index.ts", "!../../src/i18n/words.ts"], {
  eager: true,
});
const byCode = Object.entries(files).map(([path, module]) => {
  const code = /\/(\w+)\.ts$/.exec(path)![1]!;
  return { code, words: module[code] as Record<string, unknown> | undefined };
});

describe("src/i18n", () => {
  it("has one file per language, exporting its words under its language code", () => {
    expect(byCode.map((l) => l.code).sort()).toEqual(expect.arrayContaining(["ar", "de", "en", "es", "fr", "he"]));
    for (const { code, words } of byCode) expect(words, `${code}.ts exports const ${code}`).toBeTypeOf("object");
  });

  it("offers every language file, its own words first and English for what it leaves out", () => {
    for (const { code, words } of byCode) {
      const offered = language(code, "en").words;
      expect(offered, `${code} is named in src/i18n/index.ts`).toEqual({ ...en, ...words });
      if (code !== "en") expect(offered.status, `${code} has its own status words`).not.toEqual(en.status);
    }
  });

  it("picks the language by its subtag and falls back to the timeline's, then English", () => {
    expect(language("fr-CA", "de").words.commitment).toBe("Engagement");
    expect(language(null, "de").words.commitment).toBe("Zusage");
    expect(language("pt", "xx-invalid").words.commitment).toBe("Commitment");
  });

  it("words uncertain dates in each language, from the same file", () => {
    const circa = (locale: string, date: string) =>
      formatEntryDate(date, { locale, qualifier: "circa", qualifiers: language(locale, "en").words.qualifiers });
    expect(circa("fr", "2024-11-25").replace(/\s/g, " ")).toBe("vers le 25 novembre 2024");
    expect(circa("it", "2024")).toBe("circa 2024");
    expect(circa("uk", "2024")).toBe("близько 2024");
    expect(circa("pt", "2024")).toBe("c. 2024");
  });

  it("tells the overdue moment of the changes feed in every language file, with every placeholder", () => {
    for (const { code } of byCode) {
      const { ledger } = language(code, "en").words;
      if (code !== "en") expect(ledger.turnedOverdue, `${code} has its own overdue sentence`).not.toBe(en.ledger.turnedOverdue);
      for (const name of ["{makers}", "{title}", "{date}"]) expect(ledger.turnedOverdue, code).toContain(name);
      for (const name of ["{title}", "{date}"]) expect(ledger.turnedOverdueAnonymous, code).toContain(name);
    }
  });
});
