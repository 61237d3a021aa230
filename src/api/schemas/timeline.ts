/** The timeline schemas: create, patch, and the published JSON. */
import * as z from "zod";
import { isValidTimeZone, } from "../../domain/dates";
import { LIMITS } from "../../domain/limits";
import { isOrigin } from "../../domain/text";
import { SLUG_PATTERN, VISIBILITIES } from "../../domain/timeline";
import { optionalText, requiredText } from "./fields";

export const Slug = z
  .string()
  .regex(SLUG_PATTERN, "must be 1–64 characters of a–z, 0–9 and -")
  .meta({ examples: ["g7-ukraine"] });

const Language = z
  .string()
  .max(35)
  .superRefine((value, ctx) => {
    try {
      if (Intl.getCanonicalLocales(value).length === 1) return;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: "custom", message: "must be a BCP 47 language tag such as de, en-GB or ar" });
  })
  .overwrite((value) => {
    try {
      return Intl.getCanonicalLocales(value)[0] ?? value;
    } catch {
      return value;
    }
  })
  .meta({ examples: ["de"] });

const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin or UTC")
  .meta({ examples: ["Europe/Berlin"] });

const EmbedOrigins = z
  .array(
    z
      .string()
      .overwrite((s) => s.trim().replace(/\/$/, "").toLowerCase())
      .refine(isOrigin, "must be an origin such as https://news.example (no path)"),
  )
  .max(LIMITS.embedOrigins, `may hold at most ${LIMITS.embedOrigins} origins`)
  .transform((list) => [...new Set(list)])
  .meta({ description: "Origins allowed to frame the widget; empty = any.", examples: [["https://www.tagesschau.de"]] });

const timelineFields = {
  title: requiredText(LIMITS.timelineTitle),
  description: optionalText(LIMITS.description, { multiline: true }).transform((s) => s ?? ""),
  language: Language,
  time_zone: TimeZone,
  visibility: z.enum(VISIBILITIES),
  embed_origins: EmbedOrigins,
};

export const TimelineCreate = z
  .strictObject({
    slug: Slug,
    ...timelineFields,
    language: timelineFields.language.default("en"),
    time_zone: timelineFields.time_zone.default("UTC"),
    visibility: timelineFields.visibility.default("public"),
    embed_origins: timelineFields.embed_origins.default([]),
  })
  .meta({ id: "TimelineCreate" });
export type TimelineCreateInput = z.output<typeof TimelineCreate>;

export const TimelinePatch = z
  .strictObject(timelineFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .meta({ id: "TimelinePatch" });
export type TimelinePatchInput = z.output<typeof TimelinePatch>;

export const TimelineJsonSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    language: z.string(),
    time_zone: z.string(),
    visibility: z.enum(VISIBILITIES),
    embed_origins: z.array(z.string()),
    revision: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    deleted_at: z.string().optional(),
    links: z.record(z.string(), z.string()).meta({
      description: "Where to read this timeline: API, feeds, widget, public page.",
    }),
  })
  .meta({ id: "Timeline" });
