/**
 * An entry (event or commitment) as stored, and the JSON every reader gets: the stored fields plus
 * what is derived at read time (date precision, overdue, progress). Derived values are never stored,
 * so they cannot go stale.
 */
import { appendStatusChange, type CommitmentData, isOverdue, progress, type StatusChangeInput } from "./commitments";
import { mustParseDate, type Precision } from "./dates";
import type { Amount, SourceRef } from "./commitments";

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
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CommitmentJson extends CommitmentData {
  overdue: boolean;
  progress: number | null;
}

export interface EntryJson extends Omit<Entry, "commitment" | "deleted_at"> {
  timeline: string;
  precision: { start: Precision; end: Precision | null };
  commitment: CommitmentJson | null;
  deleted_at?: string;
}

export interface ViewContext {
  slug: string;
  timeZone: string;
  nowMs: number;
}

/** The published JSON of an entry. */
export function entryJson(entry: Entry, ctx: ViewContext): EntryJson {
  const { commitment, deleted_at, ...rest } = entry;
  return {
    ...rest,
    timeline: ctx.slug,
    precision: {
      start: mustParseDate(entry.start).precision,
      end: entry.end ? mustParseDate(entry.end).precision : null,
    },
    commitment: commitment ? commitmentJson(commitment, ctx) : null,
    ...(deleted_at ? { deleted_at } : {}),
  };
}

export function commitmentJson(c: CommitmentData, ctx: Pick<ViewContext, "timeZone" | "nowMs">): CommitmentJson {
  return { ...c, overdue: isOverdue(c, ctx.nowMs, ctx.timeZone), progress: progress(c.amount, c.delivered) };
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
export interface EntryInput extends Omit<Entry, "id" | "commitment" | "revision" | "created_at" | "updated_at" | "deleted_at"> {
  commitment: (Omit<CommitmentData, "history"> & StatusChangeInput) | null;
}

/**
 * The stored entry after applying `input` to `previous` (null for a new entry): revision and
 * timestamps advance, and the commitment's history gains a record when its status changed.
 */
export function buildEntry(previous: Entry | null, input: EntryInput, meta: { id: string; now: string }): Entry {
  let commitment: CommitmentData | null = null;
  if (input.commitment) {
    const { status_note, status_source, status_date, ...data } = input.commitment;
    const before = previous?.commitment ?? null;
    commitment = {
      ...data,
      history: appendStatusChange(before?.history ?? [], before?.status ?? null, data.status, meta.now, {
        status_note,
        status_source,
        status_date,
      }),
    };
  }
  const { commitment: _input, ...fields } = input;
  return {
    id: previous?.id ?? meta.id,
    ...fields,
    commitment,
    draft: input.draft,
    revision: (previous?.revision ?? 0) + 1,
    created_at: previous?.created_at ?? meta.now,
    updated_at: meta.now,
    deleted_at: null,
  };
}

/** The input that would reproduce `entry`: the base a patch is merged onto. */
export function entryAsInput(entry: Entry): Record<string, unknown> {
  const { id: _id, revision: _r, created_at: _c, updated_at: _u, deleted_at: _d, commitment, ...fields } = entry;
  if (!commitment) return { ...fields, commitment: null };
  const { history: _h, ...data } = commitment;
  return { ...fields, commitment: data };
}

/**
 * Merges a patch onto an entry's input: fields present replace, `commitment` merges one level
 * deep (null switches it off). The result is validated again as a whole.
 */
export function mergeEntryPatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === "commitment" && value !== null && typeof value === "object") {
      const current = (base.commitment as Record<string, unknown> | null) ?? {};
      merged.commitment = { ...current, ...value };
    } else {
      merged[field] = value;
    }
  }
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
 * (unless it already had one), its content, history and creation time kept, revision 1.
 * @example copyEntry(entry, { id: uuidv7(), now }).external_id === (entry.external_id ?? entry.id)
 */
export function copyEntry(entry: Entry, meta: { id: string; now: string }): Entry {
  return { ...entry, id: meta.id, external_id: entry.external_id ?? entry.id, revision: 1, updated_at: meta.now, deleted_at: null };
}
