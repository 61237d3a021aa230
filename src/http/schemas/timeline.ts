/** The timeline schemas: create, patch, and the published JSON. */
import * as z from "zod/mini";
import { isValidTimeZone } from "../../domain/dates";
import { LIMITS } from "../../domain/limits";
import { isMoney } from "../../domain/ledger";
import { canonicalOrigin, isOrigin } from "../../domain/text";
import { SLUG_PATTERN, VISIBILITIES } from "../../domain/timeline";
import { LanguageTag, meta, optionalText, requiredText } from "./fields";
import { validationProblem } from "../validation";

export const Slug = meta(z.string().check(z.regex(SLUG_PATTERN, "must be 1–64 characters of a–z, 0–9 and -")), {
  examples: ["g7-ukraine"],
});

const Languages = meta(
  z.array(LanguageTag).check(z.maxLength(LIMITS.translations + 1, `may hold at most ${LIMITS.translations + 1} languages`)),
  {
    description:
      "Published languages: the pages link each one (hreflang). The source `language` always comes first, whether listed or not.",
    examples: [["de", "en", "uk"]],
  },
);

const TimeZone = meta(
  z.string().check(
    z.maxLength(64, "must be at most 64 characters"),
    z.refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin or UTC"),
  ),
  { examples: ["Europe/Berlin"] },
);

const EmbedOrigins = meta(
  z.pipe(
    z
      .array(
        z.string().check(
          z.overwrite((s) => canonicalOrigin(s) ?? s),
          z.refine(
            isOrigin,
            "must be an origin such as https://news.example: http or https, a host of letters, digits, dots and hyphens (or a bracketed IPv6 address), an optional port, no path",
          ),
        ),
      )
      .check(z.maxLength(LIMITS.embedOrigins, `may hold at most ${LIMITS.embedOrigins} origins`)),
    z.transform((list: string[]) => [...new Set(list)]),
  ),
  { description: "Origins allowed to frame the widget; empty = any.", examples: [["https://www.tagesschau.de"]] },
);

const ReportingCurrency = meta(
  z.nullable(
    z.string().check(
      z.overwrite((s) => s.trim().toUpperCase()),
      z.refine(isMoney, "must be an ISO 4217 currency code such as EUR or USD"),
    ),
  ),
  {
    description:
      "The currency the scorecard converts money into, with the timeline's exchange rates (`POST …/rates`); null: none. Units are never converted.",
    examples: ["EUR"],
  },
);

const timelineFields = {
  title: requiredText(LIMITS.timelineTitle),
  description: z.pipe(
    optionalText(LIMITS.description, { multiline: true }),
    z.transform((s: string | null) => s ?? ""),
  ),
  language: LanguageTag,
  languages: Languages,
  time_zone: TimeZone,
  visibility: z.enum(VISIBILITIES),
  embed_origins: EmbedOrigins,
  reporting_currency: ReportingCurrency,
  live: meta(z.boolean(), {
    description: "Push each new revision to open widgets over a WebSocket (`GET …/live`); polling works either way.",
  }),
};

export const TimelineCreate = meta(
  z.strictObject({
    slug: Slug,
    ...timelineFields,
    language: z._default(timelineFields.language, "en"),
    languages: z._default(timelineFields.languages, []),
    time_zone: z._default(timelineFields.time_zone, "UTC"),
    visibility: z._default(timelineFields.visibility, "public"),
    embed_origins: z._default(timelineFields.embed_origins, []),
    reporting_currency: z._default(timelineFields.reporting_currency, null),
    live: z._default(timelineFields.live, false),
  }),
  { id: "TimelineCreate" },
);
export type TimelineCreateInput = z.output<typeof TimelineCreate>;

export const TimelinePatch = meta(
  z
    .partial(z.strictObject(timelineFields))
    .check(z.refine((patch) => Object.keys(patch).length > 0, "must change at least one field")),
  { id: "TimelinePatch" },
);
export type TimelinePatchInput = z.output<typeof TimelinePatch>;

export const TimelineJsonSchema = meta(
  z.object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    language: z.string(),
    languages: meta(z.array(z.string()), { description: "Published languages, the source `language` first." }),
    time_zone: z.string(),
    visibility: z.enum(VISIBILITIES),
    embed_origins: z.array(z.string()),
    reporting_currency: z.nullable(z.string()),
    live: z.boolean(),
    revision: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    deleted_at: z.optional(z.string()),
    links: meta(z.record(z.string(), z.string()), {
      description: "Where to read this timeline: API, feeds, widget, public page.",
    }),
  }),
  { id: "Timeline" },
);

/** The `cursor` parameter of the public-timelines list (API and landing page), in one spelling (`t007` is `t7`). */
export const TimelineCursor = z.string().check(
  z.maxLength(32, "is not a cursor this service issued"),
  z.overwrite((cursor) => (/^t\d{1,15}$/.test(cursor) ? encodeTimelineCursor(Number(cursor.slice(1))) : cursor)),
);

/** The cursor of the public-timelines list (API and landing page): `t` and the last id shown. */
export function encodeTimelineCursor(id: number): string {
  return `t${id}`;
}

/** The id to continue after, from a cursor `encodeTimelineCursor` made; a 400 for anything else. */
export function decodeTimelineCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const id = /^t(\d{1,15})$/.exec(cursor);
  if (!id) throw validationProblem([{ parameter: "cursor", detail: "is not a cursor this service issued" }]);
  return Number(id[1]);
}
