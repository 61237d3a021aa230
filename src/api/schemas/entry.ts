/**
 * The entry schemas: what a writer may send (create, patch) and what every reader gets.
 * Cross-field rules (span order, events without commitment data, one currency per pledge) live in
 * `checkEntry`, applied to creates and to the merged result of a patch alike.
 */
import * as z from "zod";
import { COMMITMENT_STATUSES } from "../../domain/commitments";
import { isEndBeforeStart, mustParseDate } from "../../domain/dates";
import { DATE_QUALIFIERS, ENTRY_KINDS } from "../../domain/entry";
import { LIMITS } from "../../domain/limits";
import { Amount, DateText, HttpUrl, labelList, optionalText, requiredText, Source } from "./fields";

const Media = z
  .strictObject({
    url: HttpUrl,
    alt: optionalText(LIMITS.mediaAlt),
    credit: optionalText(LIMITS.mediaCredit),
  })
  .meta({ id: "Media" });

const CommitmentFields = {
  status: z.enum(COMMITMENT_STATUSES),
  due: DateText.nullish().transform((s) => s ?? null),
  amount: Amount.nullish().transform((a) => a ?? null),
  delivered: Amount.nullish().transform((a) => a ?? null),
  made_by: labelList(LIMITS.actor),
  beneficiary: optionalText(LIMITS.beneficiary),
  status_note: optionalText(LIMITS.note, { multiline: true }).meta({
    description: "Write-only: the note recorded in `history` when this write changes the status.",
  }),
  status_source: Source.nullish().meta({
    description: "Write-only: the source recorded in `history` when this write changes the status.",
  }),
  status_date: DateText.nullish().meta({
    description: "Write-only: when the status changed, if not now (recorded in `history`).",
  }),
};

export const CommitmentInput = z
  .strictObject({
    ...CommitmentFields,
    status: CommitmentFields.status.default("announced"),
    made_by: CommitmentFields.made_by.default([]),
  })
  .meta({ id: "CommitmentInput" });

const entryFields = {
  external_id: optionalText(LIMITS.externalId).meta({
    description: "Your own id for the entry (e.g. from the system it comes from); unique per timeline.",
  }),
  kind: z.enum(ENTRY_KINDS),
  title: requiredText(LIMITS.entryTitle),
  body: optionalText(LIMITS.body, { multiline: true }).meta({
    description: "Plain text: paragraphs separated by blank lines, bare links. Never rendered as HTML.",
  }),
  start: DateText,
  end: DateText.nullish().transform((s) => s ?? null),
  date_qualifier: z
    .enum(DATE_QUALIFIERS)
    .nullish()
    .transform((q) => q ?? null),
  display_date: optionalText(LIMITS.displayDate).meta({
    description: "Free text shown instead of the formatted date, e.g. „im nächsten Jahrzehnt“.",
  }),
  tags: labelList(LIMITS.tag),
  actors: labelList(LIMITS.actor),
  location: optionalText(LIMITS.location),
  importance: z
    .int()
    .min(1, "must be 1 to 5")
    .max(5, "must be 1 to 5")
    .nullish()
    .transform((n) => n ?? null),
  media: Media.nullish().transform((m) => m ?? null),
  sources: z.array(Source).max(LIMITS.sources, `may hold at most ${LIMITS.sources} sources`),
};

type Ctx = z.RefinementCtx;

/** Rules that span fields; `base` is the JSON pointer prefix of the entry in the body. */
export function checkEntry(
  entry: { kind: string; start: string; end: string | null; commitment?: unknown },
  ctx: Ctx,
  base: (string | number)[] = [],
): void {
  if (entry.end) {
    if (isEndBeforeStart(mustParseDate(entry.start), mustParseDate(entry.end))) {
      ctx.addIssue({ code: "custom", path: [...base, "end"], message: "must not be before start" });
    }
  }
  const c = entry.commitment as { amount?: { currency: string } | null; delivered?: { currency: string } | null } | null | undefined;
  if (entry.kind === "event" && c) {
    ctx.addIssue({
      code: "custom",
      path: [...base, "commitment"],
      message: "must be null for an event (send kind: commitment to record a pledge)",
    });
  }
  if (c?.amount && c.delivered && c.amount.currency.toUpperCase() !== c.delivered.currency.toUpperCase()) {
    ctx.addIssue({
      code: "custom",
      path: [...base, "commitment", "delivered", "currency"],
      message: `must be the pledge's currency or unit (${c.amount.currency})`,
    });
  }
}

export const EntryCreate = z
  .strictObject({
    ...entryFields,
    tags: entryFields.tags.default([]),
    actors: entryFields.actors.default([]),
    sources: entryFields.sources.default([]),
    commitment: CommitmentInput.nullish().transform((c) => c ?? null),
  })
  .superRefine((entry, ctx) => checkEntry(entry, ctx))
  // A commitment always has commitment data, if only its status.
  .transform((entry) =>
    entry.kind === "commitment" && !entry.commitment ? { ...entry, commitment: CommitmentInput.parse({}) } : entry,
  )
  .meta({ id: "EntryCreate" });

export type EntryCreateInput = z.output<typeof EntryCreate>;

/** A patch names only what changes; `null` clears an optional field; `commitment` merges one level deep. */
export const EntryPatch = z
  .strictObject({
    ...entryFields,
    commitment: z
      .strictObject(CommitmentFields)
      .partial()
      .nullable()
      .meta({ description: "Fields given replace the stored ones; null turns a commitment's data off." }),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .meta({ id: "EntryPatch" });

export type EntryPatchInput = z.output<typeof EntryPatch>;

const History = z
  .object({
    at: z.string(),
    from: z.enum(COMMITMENT_STATUSES).nullable(),
    status: z.enum(COMMITMENT_STATUSES),
    note: z.string().nullable(),
    source: Source.nullable(),
  })
  .meta({ id: "StatusChange" });

export const EntryJsonSchema = z
  .object({
    id: z.string().meta({ examples: ["0193652a-7c00-7000-8000-000000000001"] }),
    external_id: z.string().nullable(),
    timeline: z.string(),
    kind: z.enum(ENTRY_KINDS),
    title: z.string(),
    body: z.string().nullable(),
    start: z.string(),
    end: z.string().nullable(),
    precision: z.object({
      start: z.enum(["year", "month", "day", "datetime"]),
      end: z.enum(["year", "month", "day", "datetime"]).nullable(),
    }),
    date_qualifier: z.enum(DATE_QUALIFIERS).nullable(),
    display_date: z.string().nullable(),
    tags: z.array(z.string()),
    actors: z.array(z.string()),
    location: z.string().nullable(),
    importance: z.number().nullable(),
    media: z.object({ url: z.string(), alt: z.string().nullable(), credit: z.string().nullable() }).nullable(),
    sources: z.array(Source),
    commitment: z
      .object({
        status: z.enum(COMMITMENT_STATUSES),
        due: z.string().nullable(),
        amount: Amount.nullable(),
        delivered: Amount.nullable(),
        progress: z.number().nullable().meta({ description: "delivered / pledged, when both use one unit" }),
        made_by: z.array(z.string()),
        beneficiary: z.string().nullable(),
        overdue: z.boolean().meta({ description: "The whole due period has passed and it is not fulfilled or withdrawn." }),
        history: z.array(History),
      })
      .nullable(),
    revision: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    deleted_at: z.string().optional(),
  })
  .meta({ id: "Entry" });
