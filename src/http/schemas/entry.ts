/**
 * The entry schemas: what a writer may send (create, patch) and what every reader gets.
 * Cross-field rules (span order, events without commitment data, one currency per pledge, totals
 * that tranches own, reasons only for missed or withdrawn) live in `checkEntry`, applied to
 * creates and to the merged result of a patch alike.
 */
import * as z from "zod/mini";
import { type Amount as AmountValue, COMMITMENT_STATUSES, REASON_STATUSES, type CommitmentStatus } from "../../domain/commitments";
import { isEndBeforeStart, parseDate, serviceTimestamp } from "../../domain/dates";
import type { SameFields } from "../../db/columns";
import { DATE_QUALIFIERS, ENTRY_KINDS, type EntryJson } from "../../domain/entry";
import { amountConflicts, TRANCHE_PHASES } from "../../domain/ledger";
import { LIMITS } from "../../domain/limits";
import { normalizeText } from "../../domain/text";
import { Amount, canonicalLanguage, DateText, HttpUrl, labelList, meta, optionalText, orNull, requiredText, Source } from "./fields";

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

const RecordedAt = meta(
  z.string().check(
    z.refine((value) => serviceTimestamp(value) !== null, "must be an RFC 3339 date-time in the years 0001–9999"),
    z.overwrite((value) => serviceTimestamp(value) ?? value),
  ),
  { description: "When the service recorded it. Set by the service; a write that repeats it (an export read back) keeps it." },
);

const TrancheAmount = meta(
  z.strictObject({
    value: z.number().check(z.gt(0, "must be more than zero"), z.lte(1e15, "is implausibly large")),
    currency: meta(requiredText(LIMITS.currency), {
      description: "ISO 4217 code (`USD`, `EUR`: money, convertible) or a unit (`tanks`, `MW`: never converted or added to money).",
      examples: ["EUR"],
    }),
  }),
  { id: "TrancheAmount" },
);

export const Tranche = meta(
  z.strictObject({
    phase: meta(z.enum(TRANCHE_PHASES), { description: "committed (pledged), allocated (earmarked, contracted) or delivered (paid out, handed over)." }),
    date: DateText,
    amount: TrancheAmount,
    made_by: meta(optionalText(LIMITS.actor), {
      description: "The one maker this tranche counts for; a joint pledge is one tranche per maker. Default: the commitment's only maker.",
    }),
    note: optionalText(LIMITS.note, { multiline: true }),
    source: orNull(Source),
    recorded_at: z.optional(z.nullable(RecordedAt)),
  }),
  { id: "Tranche" },
);

const CommitmentFields = {
  status: z.enum(COMMITMENT_STATUSES),
  reason: meta(optionalText(LIMITS.note, { multiline: true }), {
    description: "Why a `missed` or `withdrawn` commitment was missed or withdrawn (refused for other statuses).",
  }),
  tranches: meta(z.array(Tranche).check(z.maxLength(LIMITS.tranches, `may hold at most ${LIMITS.tranches} tranches`)), {
    description:
      "Dated amounts moving through committed → allocated → delivered. Once a commitment has tranches, `amount` and `delivered` are their totals.",
  }),
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
    tranches: z._default(CommitmentFields.tranches, []),
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

/** Source note → its translation; keys are normalised as the notes themselves are. */
const NoteTranslations = (kind: string) =>
  meta(
    z.pipe(
      z
        .record(z.string().check(z.maxLength(LIMITS.note, `must be at most ${LIMITS.note} characters`)), requiredText(LIMITS.note, { multiline: true }))
        .check(z.refine((notes) => Object.keys(notes).length <= 1000, "may hold at most 1000 notes")),
      z.transform((notes: Record<string, string>) => Object.fromEntries(Object.entries(notes).map(([note, text]) => [normalizeText(note), text]))),
    ),
    { description: `Each of the commitment's ${kind} notes, exactly as written in the source language, mapped to its translation.` },
  );

const translationFields = {
  title: optionalText(LIMITS.entryTitle),
  body: optionalText(LIMITS.body, { multiline: true }),
  display_date: optionalText(LIMITS.displayDate),
  location: optionalText(LIMITS.location),
  status_notes: z.optional(NoteTranslations("status")),
  tranche_notes: z.optional(NoteTranslations("tranche")),
  machine: meta(z._default(z.boolean(), false), { description: "Made by a machine (and not yet reviewed by a person)." }),
  stale: meta(z.optional(z.boolean()), {
    description:
      "Usually left out: the service marks a translation stale when the source text it covers changes. `false` confirms it against the current source; `true` records it as translating an older text (as an export of a stale one says).",
  }),
};

export const TranslationInput = meta(
  z.strictObject(translationFields).check(
    z.refine(
      (t) => t.title !== null || t.body !== null || t.display_date !== null || t.location !== null || !!t.status_notes || !!t.tranche_notes,
      "must translate at least one field",
    ),
  ),
  {
    id: "TranslationInput",
    description: "The entry's text in one language. Fields left out are shown in the source language (marked as fallen back).",
  },
);

/** Language tags as keys: canonical, each once, never more than the limit. */
function translationsOf<T extends z.ZodMiniType>(value: T) {
  return z.pipe(
    z.record(z.string(), value).check(
      z.refine((all) => Object.keys(all).length <= LIMITS.translations, `may hold at most ${LIMITS.translations} languages`),
      z.superRefine((all: Record<string, unknown>, ctx) => {
        const seen = new Set<string>();
        for (const key of Object.keys(all)) {
          const tag = canonicalLanguage(key);
          if (!tag) ctx.addIssue({ code: "custom", path: [key], message: "is not a BCP 47 language tag such as en, en-GB or uk" });
          else if (seen.has(tag)) ctx.addIssue({ code: "custom", path: [key], message: `repeats the language ${tag}` });
          else seen.add(tag);
        }
      }),
    ),
    z.transform((all: Record<string, z.output<T>>) => Object.fromEntries(Object.entries(all).map(([key, t]) => [canonicalLanguage(key)!, t]))),
  );
}

const Translations = meta(translationsOf(TranslationInput), {
  description: "The entry's text in other languages, by language tag. Tags and actors are not translated.",
});

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
  const c = entry.commitment as
    | {
        status?: CommitmentStatus;
        reason?: string | null;
        amount?: AmountValue | null;
        delivered?: AmountValue | null;
        tranches?: { phase: (typeof TRANCHE_PHASES)[number]; amount: AmountValue }[];
      }
    | null
    | undefined;
  if (entry.kind === "event" && c) {
    ctx.addIssue({
      code: "custom",
      path: ["commitment"],
      message: "must be null for an event (send kind: commitment to record a pledge)",
    });
  }
  if (!c) return;
  const tranches = c.tranches ?? [];
  if (tranches.length > 0) {
    for (const conflict of amountConflicts(c, tranches)) {
      ctx.addIssue({ code: "custom", path: ["commitment", conflict.field], message: conflict.message });
    }
  } else {
    const pledged = c.amount?.currency;
    const delivered = c.delivered?.currency;
    if (typeof pledged === "string" && typeof delivered === "string" && pledged.toUpperCase() !== delivered.toUpperCase()) {
      ctx.addIssue({
        code: "custom",
        path: ["commitment", "delivered", "currency"],
        message: `must be the pledge's currency or unit (${pledged}); tranches may mix currencies`,
      });
    }
  }
  if (c.reason && c.status && !REASON_STATUSES.has(c.status)) {
    ctx.addIssue({ code: "custom", path: ["commitment", "reason"], message: "only a missed or withdrawn commitment has a reason" });
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
    translations: z._default(Translations, {}),
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
        translations: meta(translationsOf(z.nullable(TranslationInput)), {
          description: "Per language: a translation given replaces that language's; null removes it; languages left out stay.",
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
    reason: z.optional(z.nullable(z.string())),
    recorded_at: z.optional(z.string()),
  }),
  { id: "StatusChange" },
);

const StoredTranche = meta(
  z.object({
    phase: z.enum(TRANCHE_PHASES),
    date: z.string(),
    amount: Amount,
    made_by: z.nullable(z.string()),
    note: z.nullable(z.string()),
    source: z.nullable(SourceJson),
    recorded_at: z.string(),
  }),
  { id: "StoredTranche" },
);

const CurrencyTotals = meta(
  z.object({
    currency: z.string(),
    committed: z.number(),
    allocated: z.number(),
    delivered: z.number(),
    progress: meta(z.nullable(z.number()), { description: "delivered ÷ committed in this currency or unit" }),
  }),
  { id: "CurrencyTotals" },
);

const PRECISIONS = ["year", "month", "day", "datetime"] as const;

const TEXT_FIELD_NAMES = ["title", "body", "display_date", "location", "status_notes", "tranche_notes"] as const;

const TranslationJson = meta(
  z.object({
    title: z.nullable(z.string()),
    body: z.nullable(z.string()),
    display_date: z.nullable(z.string()),
    location: z.nullable(z.string()),
    status_notes: z.optional(z.record(z.string(), z.string())),
    tranche_notes: z.optional(z.record(z.string(), z.string())),
    machine: meta(z.boolean(), { description: "Made by a machine." }),
    stale: meta(z.boolean(), { description: "The source text it covers has changed since it was written; it stays published." }),
    source_revision: meta(z.nullable(z.number()), {
      description: "The entry revision whose text it translates (null: an older text, as imported).",
    }),
  }),
  { id: "Translation" },
);

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
        reason: z.nullable(z.string()),
        due: z.nullable(z.string()),
        amount: meta(z.nullable(Amount), {
          description: "Pledged; with tranches, their committed total when they use one currency or unit, else null (see `totals`).",
        }),
        delivered: meta(z.nullable(Amount), {
          description: "Delivered; with tranches, their delivered total when they use one currency or unit, else null.",
        }),
        progress: meta(z.nullable(z.number()), { description: "delivered / pledged, when both use one unit" }),
        tranches: z.array(StoredTranche),
        totals: meta(z.array(CurrencyTotals), { description: "Committed, allocated and delivered per currency or unit." }),
        made_by: z.array(z.string()),
        beneficiary: z.nullable(z.string()),
        overdue: meta(z.boolean(), { description: "The whole due period has passed and it is not fulfilled or withdrawn." }),
        history: z.array(History),
      }),
    ),
    translations: meta(z.optional(z.record(z.string(), TranslationJson)), {
      description: "Every translation, by language tag; when read without `lang`.",
    }),
    lang: meta(z.optional(z.string()), { description: "Read with `lang`: the language asked for." }),
    fallback: meta(z.optional(z.partialRecord(z.enum(TEXT_FIELD_NAMES), z.string())), {
      description: "Read with `lang`: each field shown in another language (fallback en-GB → en → source), and that language.",
      examples: [{ body: "de" }],
    }),
    translation: meta(z.optional(z.nullable(z.object({ lang: z.string(), machine: z.boolean(), stale: z.boolean() }))), {
      description: "Read with `lang`: the translation the text comes from; null when all of it is in the source language.",
    }),
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
