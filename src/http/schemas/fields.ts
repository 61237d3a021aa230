/**
 * Field schemas every input shares: normalised text, dates of their own precision, http(s) URLs,
 * short lists. Each normalises (NFC, trimmed, canonical date text) before it checks.
 *
 * Schemas use `zod/mini` (functional checks): the full Zod API would add ~15 KB gzipped to a
 * Worker that must stay under 100 KB.
 */
import * as z from "zod/mini";
import { parseDate } from "../../domain/dates";
import { LIMITS } from "../../domain/limits";
import { foldKey, hasForbiddenCharacters, isHttpUrl, normalizeText } from "../../domain/text";

/**
 * A copy of `schema` carrying documentation (description, examples, an `id` for OpenAPI).
 * @example meta(z.string(), { description: "The slug", examples: ["g7-ukraine"] })
 */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}

/** Missing or null becomes null: the stored form of an absent optional value. */
export function orNull<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(z.nullish(schema), z.transform((value: z.output<T> | null | undefined) => value ?? null));
}

const noForbidden = (multiline = false) =>
  z.refine<string>((s) => !hasForbiddenCharacters(s, multiline), "contains control or direction-override characters");

/** A required single-line (or multi-line) text of 1..max characters after trimming. */
export function requiredText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .check(
      z.overwrite(normalizeText),
      z.minLength(1, "must not be empty"),
      z.maxLength(max, `must be at most ${max} characters`),
      noForbidden(options.multiline),
    );
}

/** An optional text; empty after trimming counts as absent (null). */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  const text = z
    .string()
    .check(z.overwrite(normalizeText), z.maxLength(max, `must be at most ${max} characters`), noForbidden(options.multiline));
  return z.pipe(z.nullish(text), z.transform((s: string | null | undefined) => (s ? s : null)));
}

export const DateText = meta(
  z.string().check(
    z.maxLength(40, "is too long for a date"),
    z.superRefine((value: string, ctx) => {
      const parsed = parseDate(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `is not a valid date: ${parsed.error}` });
    }),
    z.overwrite((value: string) => {
      const parsed = parseDate(value);
      return parsed.ok ? parsed.date.text : value;
    }),
  ),
  {
    description:
      "A date of its own precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an RFC 3339 date-time with offset. " +
      "ISO 8601 astronomical years: `0000` is 1 BC, `-0044` is 45 BC; expanded years take a sign (`+012345`).",
    examples: ["2024", "2024-11", "2024-11-26", "2024-11-26T10:30:00+01:00", "-0044-03-15"],
  },
);

export const HttpUrl = meta(
  z.string().check(
    z.overwrite((s: string) => s.trim()),
    z.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`),
    z.refine(isHttpUrl, "must be an absolute http:// or https:// URL"),
  ),
  { format: "uri", examples: ["https://www.g7italy.it/"] },
);

/** A tag or actor: short text that is more than invisible characters (it is matched by `foldKey`). */
export function label(max: number) {
  return requiredText(max).check(z.refine((s) => foldKey(s) !== "", "must hold visible characters"));
}

/** A list of short labels; duplicates (ignoring case and invisible characters) are dropped, the first spelling kept. */
export function labelList(max: number) {
  return z.pipe(
    z.array(label(max)).check(z.maxLength(LIMITS.listItems, `may hold at most ${LIMITS.listItems} items`)),
    z.transform((items: string[]) => {
      const seen = new Set<string>();
      return items.filter((item) => {
        const key = foldKey(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }),
  );
}

export const Source = meta(
  z.strictObject({
    url: HttpUrl,
    title: requiredText(LIMITS.sourceTitle),
    publisher: optionalText(LIMITS.publisher),
    published: orNull(DateText),
  }),
  { id: "Source" },
);

export const Amount = meta(
  z.strictObject({
    value: z.number().check(z.gte(0, "must not be negative"), z.lte(1e15, "is implausibly large")),
    currency: meta(requiredText(LIMITS.currency), {
      description: "ISO 4217 code (`USD`, `EUR`) or a unit (`tanks`, `MW`).",
      examples: ["USD"],
    }),
  }),
  { id: "Amount" },
);

/**
 * The canonical form of a BCP 47 language tag (`en-GB` for `en_gb`), or null when it is none.
 * @example canonicalLanguage("EN_gb") // "en-GB"
 */
export function canonicalLanguage(value: string): string | null {
  try {
    const [tag] = Intl.getCanonicalLocales(value.trim().replace(/_/g, "-"));
    return tag ?? null;
  } catch {
    return null;
  }
}

/** A BCP 47 language tag, canonicalised (`en-gb` → `en-GB`). */
export const LanguageTag = meta(
  z.string().check(
    z.maxLength(35, "must be at most 35 characters"),
    z.refine((value) => canonicalLanguage(value) !== null, "must be a BCP 47 language tag such as de, en-GB or ar"),
    z.overwrite((value) => canonicalLanguage(value) ?? value),
  ),
  { examples: ["de"] },
);
