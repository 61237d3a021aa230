/**
 * Amounts as people type them in English and German: "2,000,000", "2.000.000", "1.5", "1,5",
 * "2 Mrd.", "$2bn", "2 Mio. EUR", "500 tanks". Grouping and decimal marks are told apart by their
 * count and position; only "1.234" / "1,234" (one mark, three digits after it) depends on the
 * interface language.
 */
import type { InputLanguage } from "./date-input";

const SCALES: [RegExp, number][] = [
  [/^(k|tsd\.?|tausend|thousand)$/, 1e3],
  [/^(m|mio\.?|mn|million|millions|millionen)$/, 1e6],
  [/^(b|bn|mrd\.?|milliarde|milliarden)$/, 1e9],
];
/** "billion" is 10⁹ in English and 10¹² ("Billion") in German. */
const BILLION = /^(billion|billions|billionen)$/;

const SYMBOLS: Record<string, string> = { "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB", "CHF": "CHF" };

/**
 * A number typed with grouping and decimal marks, in the language's habit where it is ambiguous.
 * @example readNumber("2.000.000", "de") // 2000000
 * @example readNumber("1,5", "de") // 1.5
 * @example readNumber("1.234", "en") // 1.234
 */
export function readNumber(input: string, lang: InputLanguage): number | null {
  const text = input.replace(/[\s\u00a0\u202f'’]/g, "");
  if (!/^[+-]?(\d|[.,]\d)[\d.,]*$/.test(text)) return null;
  const dots = text.split(".").length - 1;
  const commas = text.split(",").length - 1;
  let normalized: string;
  if (dots > 0 && commas > 0) {
    const decimal = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
    const group = decimal === "." ? "," : ".";
    if (text.split(decimal).length > 2) return null;
    normalized = text.split(group).join("").replace(decimal, ".");
  } else if (dots + commas === 0) {
    normalized = text;
  } else {
    const mark = dots > 0 ? "." : ",";
    const groups = text.split(mark);
    const grouped = groups.slice(1).every((g) => g.length === 3);
    if (groups.length > 2) {
      if (!grouped) return null;
      normalized = groups.join("");
    } else if (grouped) {
      // "1.234": thousands in the language that groups with this mark, a decimal otherwise.
      const groupsWith = lang === "de" ? "." : ",";
      normalized = mark === groupsWith ? groups.join("") : groups.join(".");
    } else {
      normalized = groups.join(".");
    }
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

/**
 * An amount with its currency or unit as typed; `unit` is null when none was written.
 * @example readAmount("$2bn", "en") // { value: 2e9, unit: "USD" }
 * @example readAmount("2 Mrd. EUR", "de") // { value: 2e9, unit: "EUR" }
 * @example readAmount("500 Panzer", "de") // { value: 500, unit: "Panzer" }
 */
export function readAmount(input: string, lang: InputLanguage): { value: number; unit: string | null } | null {
  let text = input.normalize("NFC").trim();
  let unit: string | null = null;
  for (const [symbol, code] of Object.entries(SYMBOLS)) {
    if (text.startsWith(symbol)) {
      unit = code;
      text = text.slice(symbol.length).trim();
      break;
    }
    if (symbol.length === 1 && text.endsWith(symbol)) {
      unit = code;
      text = text.slice(0, -1).trim();
      break;
    }
  }
  const match = /^([+-]?[\d\s\u00a0\u202f'’.,]*\d[\d.,]*)\s*(.*)$/.exec(text);
  if (!match) return null;
  let value = readNumber(match[1]!, lang);
  if (value === null) return null;
  let rest = match[2]!.trim();
  // Glued scales ("2bn", "5k") arrive in the rest too.
  const words = rest.split(/\s+/).filter(Boolean);
  const scaleWord = words[0]?.toLowerCase();
  if (scaleWord !== undefined) {
    const scale = SCALES.find(([pattern]) => pattern.test(scaleWord))?.[1] ?? (BILLION.test(scaleWord) ? (lang === "de" ? 1e12 : 1e9) : null);
    if (scale !== null) {
      value *= scale;
      words.shift();
    }
  }
  rest = words.join(" ");
  if (rest) {
    if (unit !== null) return null; // "$5 EUR"
    unit = /^[a-z]{3}$/i.test(rest) ? rest.toUpperCase() : (SYMBOLS[rest] ?? rest);
  }
  return { value, unit };
}
