/**
 * The entry schemas: what a writer may send (create, patch) and what every reader gets.
 * Cross-field rules (span order, events without commitment data, one currency per pledge) live in
 * `checkEntry`, applied to creates and to the merged result of a patch alike.
 */
import * as z from "zod/mini";
import { COMMITMENT_STATUSES } from "../../domain/commitments";
import { isEndBeforeStart, parseDate } from "../../domain/dates";
import type { SameFields } from "../../db/columns";
import { DATE_QUALIFIERS, ENTRY_KINDS, type EntryJson } from "../../domain/entry";
import { LIMITS } from "../../domain/limits";
import { Amount, DateText, HttpUrl, labelList, meta, optionalText, orNull, requiredText, Source } from "./fields";

const Media = meta(
  z.strictObject({
    url: HttpUrl,
    alt: optionalText(LIMITS.mediaAlt),
    credit: optionalText(LIMITS.mediaCredit),
    width: meta(orNull(z.int().check(z.gte(1, "must be at least 1 pixel"), z.lte(100_000, "is implausibly large"))), {
      description: "Pixel width; set by the service for uploaded images.",
    }),
    height: meta(orNull(z.int().check(z.gte(1, "must be at least 1 pixel"), z.lte(100_000, "is implausibly large"))), {
      description: "Pixel height; set by the service for uploaded images.",
    }),
  }),
  { id: "Media" },
);

const CommitmentFields = {
  status: z.enum(COMMITMENT_STATUSES),
  due: orNull(DateText),
  amount: orNull(Amount),
  delivered: orNull(Amount),
  made_by: labelList(LIMITS.actor),
  beneficiary: optionalText(LIMITS.beneficiary),
  status_note: meta(optionalText(LIMITS.note, { multiline: true }), {
    description: "Write-only: the note recorded in `history` when this write changes the status.",
  }),
  status_source: meta(z.nullish(Source), {
    description: "Write-only: the source recorded in `history` when this write changes the status.",
  }),
  status_date: meta(z.nullish(DateText), {
    description: "Write-only: when the status changed, if not now (recorded in `history`).",
  }),
};

export const CommitmentInput = meta(
  z.strictObject({
    ...CommitmentFields,
    status: z._default(CommitmentFields.status, "announced"),
    made_by: z._default(CommitmentFields.made_by, []),
  }),
  { id: "CommitmentInput" },
);

const entryFields = {
  external_id: meta(optionalText(LIMITS.externalId), {
    description: "Your own id for the entry (e.g. from the system it comes from); unique per timeline.",
  }),
  kind: z.enum(ENTRY_KINDS),
  title: requiredText(LIMITS.entryTitle),
  body: meta(optionalText(LIMITS.body, { multiline: true }), {
    description: "Plain text: paragraphs separated by blank lines, bare links. Never rendered as HTML.",
  }),
  start: DateText,
  end: orNull(DateText),
  date_qualifier: orNull(z.enum(DATE_QUALIFIERS)),
  display_date: meta(optionalText(LIMITS.displayDate), {
    description: "Free text shown instead of the formatted date, e.g. „im nächsten Jahrzehnt“.",
  }),
  tags: labelList(LIMITS.tag),
  actors: labelList(LIMITS.actor),
  location: optionalText(LIMITS.location),
  importance: orNull(z.int().check(z.gte(1, "must be 1 to 5"), z.lte(5, "must be 1 to 5"))),
  media: orNull(Media),
  sources: z.array(Source).check(z.maxLength(LIMITS.sources, `may hold at most ${LIMITS.sources} sources`)),
  draft: meta(z.boolean(), {
    description: "Unpublished: shown only in the studio and to tokens that can edit the timeline, never in public reads, feeds, the widget or pages.",
  }),
};

/** Rules that span fields. */
function checkEntry(
  entry: { kind: string; start: string; end: string | null; commitment?: unknown },
  ctx: z.core.$RefinementCtx,
): void {
  const start = parseDate(entry.start);
  const end = entry.end ? parseDate(entry.end) : null;
  if (start.ok && end?.ok && isEndBeforeStart(start.date, end.date)) {
    ctx.addIssue({ code: "custom", path: ["end"], message: "must not be before start" });
  }
  const c = entry.commitment as { amount?: { currency: string } | null; delivered?: { currency: string } | null } | null | undefined;
  if (entry.kind === "event" && c) {
    ctx.addIssue({
      code: "custom",
      path: ["commitment"],
      message: "must be null for an event (send kind: commitment to record a pledge)",
    });
  }
  const pledged = c?.amount?.currency;
  const delivered = c?.delivered?.currency;
  if (typeof pledged === "string" && typeof delivered === "string" && pledged.toUpperCase() !== delivered.toUpperCase()) {
    ctx.addIssue({
      code: "custom",
      path: ["commitment", "delivered", "currency"],
      message: `must be the pledge's currency or unit (${pledged})`,
    });
  }
}

const EntryCreateObject = z
  .strictObject({
    ...entryFields,
    tags: z._default(entryFields.tags, []),
    actors: z._default(entryFields.actors, []),
    sources: z._default(entryFields.sources, []),
    // Optional rather than defaulted, so typed clients need not send it; false when absent.
    draft: z.optional(entryFields.draft),
    commitment: orNull(CommitmentInput),
  })
  // Cross-field rules only make sense once every field is valid on its own.
  .check(z.superRefine((entry, ctx) => checkEntry(entry, ctx), { when: (payload) => payload.issues.length === 0 }));

export const EntryCreate = meta(
  z.pipe(
    EntryCreateObject,
    // A commitment always has commitment data, if only its status; an entry is published unless it is a draft.
    z.transform((entry: z.output<typeof EntryCreateObject>) => ({
      ...entry,
      draft: entry.draft ?? false,
      commitment: entry.kind === "commitment" && !entry.commitment ? CommitmentInput.parse({}) : entry.commitment,
    })),
  ),
  { id: "EntryCreate" },
);

export type EntryCreateInput = z.output<typeof EntryCreate>;

/** A patch names only what changes; `null` clears an optional field; `commitment` merges one level deep. */
export const EntryPatch = meta(
  z
    .partial(
      z.strictObject({
        ...entryFields,
        commitment: meta(z.nullable(z.partial(z.strictObject(CommitmentFields))), {
          description: "Fields given replace the stored ones; null turns a commitment's data off.",
        }),
      }),
    )
    .check(z.refine((patch) => Object.keys(patch).length > 0, "must change at least one field")),
  { id: "EntryPatch" },
);

export type EntryPatchInput = z.output<typeof EntryPatch>;

/** A source as readers get it (the request form, `Source`, normalises what it accepts). */
const SourceJson = meta(
  z.object({
    url: z.string(),
    title: z.string(),
    publisher: z.nullable(z.string()),
    published: z.nullable(z.string()),
  }),
  { id: "Source" },
);

const History = meta(
  z.object({
    at: z.string(),
    from: z.nullable(z.enum(COMMITMENT_STATUSES)),
    status: z.enum(COMMITMENT_STATUSES),
    note: z.nullable(z.string()),
    source: z.nullable(SourceJson),
  }),
  { id: "StatusChange" },
);

const PRECISIONS = ["year", "month", "day", "datetime"] as const;

export const EntryJsonSchema = meta(
  z.object({
    id: meta(z.string(), { examples: ["0193652a-7c00-7000-8000-000000000001"] }),
    external_id: z.nullable(z.string()),
    timeline: z.string(),
    kind: z.enum(ENTRY_KINDS),
    title: z.string(),
    body: z.nullable(z.string()),
    start: z.string(),
    end: z.nullable(z.string()),
    precision: z.object({ start: z.enum(PRECISIONS), end: z.nullable(z.enum(PRECISIONS)) }),
    date_qualifier: z.nullable(z.enum(DATE_QUALIFIERS)),
    display_date: z.nullable(z.string()),
    tags: z.array(z.string()),
    actors: z.array(z.string()),
    location: z.nullable(z.string()),
    importance: z.nullable(z.number()),
    media: z.nullable(
      z.object({
        url: z.string(),
        alt: z.nullable(z.string()),
        credit: z.nullable(z.string()),
        width: z.nullable(z.number()),
        height: z.nullable(z.number()),
      }),
    ),
    sources: z.array(SourceJson),
    draft: z.boolean(),
    commitment: z.nullable(
      z.object({
        status: z.enum(COMMITMENT_STATUSES),
        due: z.nullable(z.string()),
        amount: z.nullable(Amount),
        delivered: z.nullable(Amount),
        progress: meta(z.nullable(z.number()), { description: "delivered / pledged, when both use one unit" }),
        made_by: z.array(z.string()),
        beneficiary: z.nullable(z.string()),
        overdue: meta(z.boolean(), { description: "The whole due period has passed and it is not fulfilled or withdrawn." }),
        history: z.array(History),
      }),
    ),
    revision: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    deleted_at: z.optional(z.string()),
  }),
  { id: "Entry" },
);

// The documented shape is the published one (domain/entry.ts `entryJson`): a field added to the
// entry fails to compile here until it is documented.
"same" satisfies SameFields<z.output<typeof EntryJsonSchema>, EntryJson>;
