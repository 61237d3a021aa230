/** Search queries and tag/actor keys, as a reader typing into the search box or a tag filter meets them. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { foldKey, ftsQuery } from "../../src/domain/text";

describe("ftsQuery", () => {
  it("requires every word, each as a prefix", () => {
    expect(ftsQuery("Gazprom Sanktionen")).toBe('"gazprom"* "sanktionen"*');
  });

  it("takes FTS5 operators as plain words", () => {
    expect(ftsQuery("Gazprom OR Ukraine")).toBe('"gazprom"* "or"* "ukraine"*');
    expect(ftsQuery("NOT Gazprom")).toBe('"not"* "gazprom"*');
    expect(ftsQuery("a AND b NEAR c")).toBe('"a"* "and"* "b"* "near"* "c"*');
  });

  it("drops quotes, stars, carets, parentheses and column filters instead of failing on them", () => {
    expect(ftsQuery('Gazprom "Sanktionen')).toBe('"gazprom"* "sanktionen"*');
    expect(ftsQuery('title:Gazprom* ^G7 (Energie) -Russland "" \\')).toBe('"title"* "gazprom"* "g7"* "energie"* "russland"*');
  });

  it("is null when nothing searchable is left", () => {
    expect(ftsQuery("")).toBeNull();
    expect(ftsQuery("   ")).toBeNull();
    expect(ftsQuery('"*^():-')).toBeNull();
  });

  it("keeps letters of every script and digits, lower-cased and NFC-normalised", () => {
    expect(ftsQuery("Außenminister 2024")).toBe('"außenminister"* "2024"*');
    expect(ftsQuery("Mu\u0308ller")).toBe('"m\u00fcller"*');
    expect(ftsQuery("Київ")).toBe('"київ"*');
  });

  it("uses at most the first 12 words", () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const query = ftsQuery(words.join(" "))!;
    expect(query.split(" ")).toHaveLength(12);
    expect(query.endsWith('"w11"*')).toBe(true);
  });

  it("always gives SQLite FTS5 a query it runs, finding text that holds the words", async () => {
    await env.DB.exec("CREATE VIRTUAL TABLE IF NOT EXISTS fts_probe USING fts5(content, tokenize = 'unicode61 remove_diacritics 2')");
    await env.DB.prepare("INSERT INTO fts_probe (content) VALUES (?)").bind('Sanktionen gegen Gazprom: NOT a "quote" OR (more) title:x AND near').run();
    const typed = ['Gazprom "Sanktionen', "NOT gazprom", "gazprom OR", "(more)", "title:x", "sankt* gaz^", 'quote"', "AND", "NEAR(gazprom"];
    for (const q of typed) {
      const match = ftsQuery(q)!;
      const found = await env.DB.prepare("SELECT count(*) AS n FROM fts_probe WHERE fts_probe MATCH ?").bind(match).first<{ n: number }>();
      expect(found?.n, q).toBe(1);
    }
  });
});

describe("foldKey", () => {
  it("matches tags whatever their case", () => {
    expect(foldKey("Energie")).toBe(foldKey("ENERGIE"));
    expect(foldKey("Vereinigte Staaten")).toBe("vereinigte staaten");
  });

  it("matches composed and decomposed umlauts alike", () => {
    expect(foldKey("Mu\u0308ller")).toBe(foldKey("M\u00fcller"));
  });

  it("ignores white space around and between words", () => {
    expect(foldKey(" Vereinigte  Staaten ")).toBe("vereinigte staaten");
    expect(foldKey("Vereinigte\tStaaten\n")).toBe("vereinigte staaten");
    expect(foldKey("Vereinigte\u00a0Staaten")).toBe("vereinigte staaten");
  });

  it("keeps different words apart", () => {
    expect(foldKey("G7")).not.toBe(foldKey("G 7"));
    expect(foldKey("Energie")).not.toBe(foldKey("Energy"));
  });
});
