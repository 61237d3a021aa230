/**
 * Words of the widget, pages and feeds per language, one file each: full interface text in
 * English, German, French, Spanish, Arabic and Hebrew; commitment status labels and the ledger's
 * words (scorecard, changes feed) in Italian and Ukrainian too. Anything missing falls back to English.
 */
import { resolveLocale, textDirection } from "../domain/format";
import { ar } from "./ar";
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { he } from "./he";
import { it } from "./it";
import { uk } from "./uk";
import type { StudioWords, Words } from "./words";

export type { StudioWords, Words } from "./words";

/** Languages with full interface text. */
const full: Record<string, Words> = { en, de, fr, es, ar, he };
/** Languages with status labels, the ledger's words (and the most visible words) but no full interface text. */
const partial: Record<string, Partial<Words>> = { it, uk };

export interface Language {
  /** Canonical BCP 47 tag used for formatting (`de`, `en-GB`, `ar-EG`). */
  locale: string;
  dir: "ltr" | "rtl";
  words: Words;
}

/**
 * Words per known language, built once, English for what one leaves out (the studio's words, for
 * one); any other language reads the English words (no copy per tag).
 */
const known = new Map<string, Words>([
  ...Object.entries(full).map(([base, words]): [string, Words] => [base, words === en ? en : { ...en, ...words }]),
  ...Object.entries(partial).map(([base, words]): [string, Words] => [base, { ...en, ...words }]),
]);

/**
 * The language for `requested` (else the timeline's `fallback`): locale, direction and words.
 * @example language("ar", "de").dir // "rtl"
 */
export function language(requested: string | null | undefined, fallback: string): Language {
  const locale = resolveLocale(requested, fallback);
  let base = "en";
  try {
    base = new Intl.Locale(locale).language;
  } catch {
    // resolveLocale returns canonical tags; keep English if one still does not parse.
  }
  return { locale, dir: textDirection(locale), words: known.get(base) ?? en };
}

export { fill } from "../domain/text";

/** The studio's words in one of the two languages it speaks. */
export function studioWords(lang: "en" | "de"): StudioWords {
  return (lang === "de" ? de : en).studio!;
}
