/**
 * An entry (event or commitment) as stored, and the JSON every reader gets: the stored fields plus
 * what is derived at read time (date precision, overdue, progress). Derived values are never stored,
 * so they cannot go stale.
 */
import {
  appendStatusChange,
  type CommitmentData,
  isOverdue,
  orderHistory,
  progress,
  REASON_STATUSES,
  type StatusChangeInput,
} from "./commitments";
import { mustParseDate, type Precision } from "./dates";
import { commitmentTotals, compatibleAmounts, type CurrencyTotals, recordTranches, type TrancheInput } from "./ledger";
import { canonicalJson } from "./text";
import type { Amount, SourceRef } from "./commitments";
import {
  fallbackChain,
  localize,
  type TextOrigin,
  type TranslationInput,
  type TranslationJson,
  type Translations,
  restartedTranslations,
  translationsAsInput,
  translationsJson,
  writeTranslations,
} from "./translations";

export type EntryKind = "event" | "commitment";
export const ENTRY_KINDS = ["event", "commitment"] as const satisfies readonly EntryKind[];
export type DateQualifier = "circa" | "before" | "after";
export const DATE_QUALIFIERS = ["circa", "before", "after"] as const satisfies readonly DateQualifier[];

export interface Media {
  url: string;
  alt: string | null;
  credit: string | null;
  /** Pixel size, known for images uploaded to this service (so pages reserve their space). */
  width: number | null;
  height: number | null;
}

export interface Entry {
  id: string;
  /** Its id in the system it came from (a TimelineJS unique_id, an import row); re-imports match on it. */
  external_id: string | null;
  kind: EntryKind;
  title: string;
  body: string | null;
  start: string;
  end: string | null;
  date_qualifier: DateQualifier | null;
  display_date: string | null;
  tags: string[];
  actors: string[];
  location: string | null;
  importance: number | null;
  media: Media | null;
  sources: SourceRef[];
  commitment: CommitmentData | null;
  /** Not yet published: seen only in the studio and by tokens that can edit the timeline. */
  draft: boolean;
  /** The text in other languages (see translations.ts). */
  translations: Translations;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CommitmentJson extends CommitmentData {
  overdue: boolean;
  progress: number | null;
  /** Committed, allocated and delivered per currency or unit (from tranches, else amount and delivered). */
  totals: CurrencyTotals[];
}

export interface EntryJson extends Omit<Entry, "commitment" | "deleted_at" | "translations"> {
  timeline: string;
  precision: { start: Precision; end: Precision | null };
  commitment: CommitmentJson | null;
  /** Every translation; only when read without `lang`. */
  translations?: Record<string, TranslationJson>;
  /** Read with `lang`: the language asked for. */
  lang?: string;
  /** Read with `lang`: the fields shown in another language, and that language. */
  fallback?: TextOrigin["fallback"];
  /** Read with `lang`: the translation the text comes from (null: all of it is the source's). */
  translation?: TextOrigin["translation"];
  deleted_at?: string;
}

export interface ViewContext {
  slug: string;
  timeZone: string;
  nowMs: number;
  /** The timeline's source language. */
  language: string;
  /** The language asked for (`?lang=`); absent: the source text with every translation. */
  lang?: string | null;
}

/**
 * The published JSON of an entry: in the source language with every translation, or, when `lang`
 * is asked for, in that language field by field (see `localize`) with the fallen-back fields marked.
 */
export function entryJson(entry: Entry, ctx: ViewContext): EntryJson {
  if (ctx.lang) {
    const { entry: shown, origin } = localize(entry, fallbackChain(ctx.lang, ctx.language));
    return { ...publishedJson(shown, ctx, false), lang: ctx.lang, fallback: origin.fallback, translation: origin.translation };
  }
  return publishedJson(entry, ctx, true);
}

function publishedJson(entry: Entry, ctx: ViewContext, withTranslations: boolean): EntryJson {
  const { commitment, deleted_at, translations, ...rest } = entry;
  return {
    ...rest,
    timeline: ctx.slug,
    precision: {
      start: mustParseDate(entry.start).precision,
      end: entry.end ? mustParseDate(entry.end).precision : null,
    },
    commitment: commitment ? commitmentJson(commitment, ctx) : null,
    ...(withTranslations ? { translations: translationsJson(translations, entry) } : {}),
    ...(deleted_at ? { deleted_at } : {}),
  };
}

export function commitmentJson(c: CommitmentData, ctx: Pick<ViewContext, "timeZone" | "nowMs">): CommitmentJson {
  return {
    ...c,
    history: orderHistory(c.history),
    overdue: isOverdue(c, ctx.nowMs, ctx.timeZone),
    progress: progress(c.amount, c.delivered),
    totals: commitmentTotals(c),
  };
}

/** The part of an entry's ETag that names its stored state; `If-Match` compares only this. */
export function entryState(entry: Pick<Entry, "id" | "revision">): string {
  return `e.${entry.id}.${entry.revision}`;
}

/**
 * Whether an `If-Match` header names the entry's current state: `*`, or any ETag this service
 * issued for the entry at its current revision (whatever the hour or URL it was read at).
 */
export function ifMatchAccepts(header: string, entry: Pick<Entry, "id" | "revision">): boolean {
  if (header.trim() === "*") return true;
  const state = entryState(entry);
  return header.split(",").some((tag) => {
    const value = tag.trim().replace(/^W\//, "");
    return value === `"${state}"` || value.startsWith(`"${state}.`);
  });
}

export type { Amount, SourceRef };

/** What a writer supplies: an entry without the service-maintained fields. */
export interface EntryInput
  extends Omit<Entry, "id" | "commitment" | "translations" | "revision" | "created_at" | "updated_at" | "deleted_at"> {
  commitment:
    | (Omit<CommitmentData, "history" | "tranches" | "reason"> &
        StatusChangeInput & { tranches?: TrancheInput[]; reason?: string | null })
    | null;
  /** The whole set of translations after the write (see `writeTranslations`). */
  translations: Record<string, TranslationInput>;
}

/**
 * The stored entry after applying `input` to `previous` (null for a new entry): revision and
 * timestamps advance, the commitment's history gains a record when its status changed, tranches
 * keep the time they were first recorded, and `amount`/`delivered` become the tranches' totals.
 */
export function buildEntry(previous: Entry | null, input: EntryInput, meta: { id: string; now: string }): Entry {
  let commitment: CommitmentData | null = null;
  if (input.commitment) {
    const { status_note, status_source, status_date, tranches: given, reason, ...data } = input.commitment;
    const before = previous?.commitment ?? null;
    const tranches = recordTranches(before?.tranches ?? [], given ?? [], meta.now);
    const kept = REASON_STATUSES.has(data.status) ? (reason ?? null) : null;
    commitment = {
      ...data,
      ...(tranches.length > 0 ? compatibleAmounts(tranches) : {}),
      reason: kept,
      tranches,
      history: appendStatusChange(
        before?.history ?? [],
        before?.status ?? null,
        data.status,
        { nowIso: meta.now, start: input.start, reason: kept },
        { status_note, status_source, status_date },
      ),
    };
  }
  const { commitment: _input, translations, ...fields } = input;
  const revision = (previous?.revision ?? 0) + 1;
  const entry: Entry = {
    id: previous?.id ?? meta.id,
    ...fields,
    commitment,
    draft: input.draft,
    translations: {},
    revision,
    created_at: previous?.created_at ?? meta.now,
    updated_at: meta.now,
    deleted_at: null,
  };
  entry.translations = writeTranslations(previous?.translations ?? null, translations, entry, revision);
  return entry;
}

/** The input that would reproduce `entry`: the base a patch is merged onto. */
export function entryAsInput(entry: Entry): Record<string, unknown> {
  const { id: _id, revision: _r, created_at: _c, updated_at: _u, deleted_at: _d, commitment, translations, ...stored } = entry;
  const fields = { ...stored, translations: translationsAsInput(translations) };
  if (!commitment) return { ...fields, commitment: null };
  const { history: _h, ...data } = commitment;
  return { ...fields, commitment: data };
}

/**
 * Merges a patch onto an entry's input: fields present replace, `commitment` merges one level
 * deep (null switches it off), `translations` per language (a language given replaces that
 * translation, null removes it). The result is validated again as a whole.
 */
export function mergeEntryPatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === "commitment" && value !== null && typeof value === "object") {
      const current = (base.commitment as Record<string, unknown> | null) ?? {};
      merged.commitment = mergeCommitment(current, value as Record<string, unknown>);
    } else if (field === "translations" && value !== null && typeof value === "object") {
      const next: Record<string, unknown> = { ...(base.translations as Record<string, unknown> | undefined) };
      for (const [lang, translation] of Object.entries(value)) {
        if (translation === null) delete next[lang];
        else if (translation !== undefined) next[lang] = translation;
      }
      merged.translations = next;
    } else {
      merged[field] = value;
    }
  }
  return merged;
}

/**
 * One level deep, with the ledger's rules: totals the stored tranches derived are not carried
 * into a write that does not name them (they are derived again), and a reason does not outlive
 * the status it explained.
 */
function mergeCommitment(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...current, ...patch };
  const has = (field: string) => patch[field] !== undefined;
  const tranches = merged.tranches;
  if (Array.isArray(tranches) && tranches.length > 0) {
    if (!has("amount")) delete merged.amount;
    if (!has("delivered")) delete merged.delivered;
  }
  if (has("status") && patch.status !== current.status && !has("reason")) delete merged.reason;
  return merged;
}

/**
 * The entry's next stored state with `changes` applied (publishing, deleting, restoring): one
 * revision on, updated now.
 * @example nextState(draft, { draft: false }, now).revision === draft.revision + 1
 */
export function nextState(entry: Entry, changes: Partial<Pick<Entry, "draft" | "deleted_at" | "media">>, now: string): Entry {
  return { ...entry, ...changes, updated_at: now, revision: entry.revision + 1 };
}

/**
 * A copy of `entry` for another timeline: a new id, the id it came with kept as `external_id`
 * (unless it already had one), its content, history, translations and creation time kept, revision 1.
 * @example copyEntry(entry, { id: uuidv7(), now }).external_id === (entry.external_id ?? entry.id)
 */
export function copyEntry(entry: Entry, meta: { id: string; now: string }): Entry {
  return {
    ...entry,
    id: meta.id,
    external_id: entry.external_id ?? entry.id,
    translations: restartedTranslations(entry.translations, entry),
    revision: 1,
    updated_at: meta.now,
    deleted_at: null,
  };
}

/**
 * The languages whose translation a write changed, when it changed nothing else about the entry
 * (its revision and modification time aside); null when it changed more. Such a write leaves
 * readers of other languages' pages with nothing new.
 * @example changedTranslations(before, { ...before, translations: { en } }) // ["en"]
 */
export function changedTranslations(before: Entry, after: Entry): string[] | null {
  const rest = ({ translations: _t, revision: _r, updated_at: _u, ...fields }: Entry) => canonicalJson(fields);
  if (rest(before) !== rest(after)) return null;
  const languages = new Set([...Object.keys(before.translations), ...Object.keys(after.translations)]);
  return [...languages].filter((lang) => canonicalJson(before.translations[lang]) !== canonicalJson(after.translations[lang]));
}
