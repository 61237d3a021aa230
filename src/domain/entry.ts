/**
 * An entry (event or commitment) as stored, and the JSON every reader gets: the stored fields plus
 * what is derived at read time (date precision, overdue, progress). Derived values are never stored,
 * so they cannot go stale.
 */
import { type CommitmentData, isOverdue, progress } from "./commitments";
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
}

export interface Entry {
  id: string;
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

/** Strong validator of one entry's stored state, for `If-Match`. */
export function entryEtag(entry: Pick<Entry, "id" | "revision">): string {
  return `"${entry.id}.${entry.revision}"`;
}

export type { Amount, SourceRef };
