/**
 * Field schemas every input shares: normalised text, dates of their own precision, http(s) URLs,
 * short lists. Each normalises (NFC, trimmed, canonical date text) before it checks.
 */
import * as z from "zod";
import { parseDate } from "../../domain/dates";
import { foldKey, hasForbiddenCharacters, isHttpUrl, normalizeText } from "../../domain/text";
import { LIMITS } from "../../domain/limits";

/** A required single-line (or multi-line) text of 1..max characters after trimming. */
export function requiredText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .overwrite(normalizeText)
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasForbiddenCharacters(s, options.multiline), "contains control or direction-override characters");
}

/** An optional text; empty after trimming counts as absent (null). */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .overwrite(normalizeText)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasForbiddenCharacters(s, options.multiline), "contains control or direction-override characters")
    .nullish()
    .transform((s) => (s ? s : null));
}

export const DateText = z
  .string()
  .max(40, "is too long for a date")
  .superRefine((value, ctx) => {
    const parsed = parseDate(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `is not a valid date: ${parsed.error}` });
  })
  .overwrite((value) => {
    const parsed = parseDate(value);
    return parsed.ok ? parsed.date.text : value;
  })
  .meta({
    description:
      "A date of its own precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an RFC 3339 date-time with offset. " +
      "ISO 8601 astronomical years: `0000` is 1 BC, `-0044` is 45 BC; expanded years take a sign (`+012345`).",
    examples: ["2024", "2024-11", "2024-11-26", "2024-11-26T10:30:00+01:00", "-0044-03-15"],
  });

export const HttpUrl = z
  .string()
  .overwrite((s) => s.trim())
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine(isHttpUrl, "must be an absolute http:// or https:// URL")
  .meta({ format: "uri", examples: ["https://www.g7italy.it/"] });

/** A list of short labels; duplicates (ignoring case) are dropped, the first spelling kept. */
export function labelList(max: number) {
  return z
    .array(requiredText(max))
    .max(LIMITS.listItems, `may hold at most ${LIMITS.listItems} items`)
    .transform((items) => {
      const seen = new Set<string>();
      return items.filter((item) => {
        const key = foldKey(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });
}

export const Source = z
  .strictObject({
    url: HttpUrl,
    title: requiredText(LIMITS.sourceTitle),
    publisher: optionalText(LIMITS.publisher),
    published: DateText.nullish().transform((s) => s ?? null),
  })
  .meta({ id: "Source" });

export const Amount = z
  .strictObject({
    value: z.number().finite().min(0, "must not be negative").max(1e15, "is implausibly large"),
    currency: requiredText(LIMITS.currency).meta({
      description: "ISO 4217 code (`USD`, `EUR`) or a unit (`tanks`, `MW`).",
      examples: ["USD"],
    }),
  })
  .meta({ id: "Amount" });
