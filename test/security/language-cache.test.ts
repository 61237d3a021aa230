/**
 * `?lang=` is free text from the reader: a tag the service has no words for must not make the
 * isolate keep another copy of the English words.
 */
import { describe, expect, it } from "vitest";
import { language } from "../../src/i18n";

describe("the words of a language", () => {
  it("are the English words themselves for every language without words of its own", () => {
    const english = language("en", "en").words;
    for (let i = 0; i < 500; i++) {
      const tag = `x${i.toString(36).padStart(7, "a")}`; // abcdefgh-like, all distinct
      expect(language(tag, "en").words).toBe(english);
    }
    expect(language("qaa-Latn", "en").words).toBe(english);
  });

  it("are built once per known language", () => {
    expect(language("it", "en").words).toBe(language("it-CH", "en").words);
    expect(language("it", "en").words.today).toBe("Oggi");
    expect(language("it", "en").words.more).toBe(language("en", "en").words.more);
    expect(language("de-AT", "en").words).toBe(language("de", "en").words);
  });
});
