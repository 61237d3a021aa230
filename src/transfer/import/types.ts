/** What an import document is read into, and the report an import answers with. */
import type { StatusChange } from "../../domain/commitments";
import type { Rate } from "../../domain/rates";

export type ImportFormat = "edge-timeline/1" | "timelinejs" | "timelinejs-sheet";

export interface RowError {
  pointer: string;
  detail: string;
}

/** One entry-to-be of an import document, as read, before it is validated and matched. */
export interface ImportRow {
  /** Position among the document's entries, events or data rows (0-based). */
  index: number;
  /** JSON pointer of the row: `/entries/3`, `/events/3`, `/rows/3`. */
  pointer: string;
  /** A sheet row's number in the spreadsheet (the header is row 1). */
  sheetRow?: number;
  /** For the report. */
  title: string | null;
  /** Why the row is not an entry (a title slide, an era); skipped rows are reported, not written. */
  skip?: string;
  /** What reading the row found wrong. */
  errors: RowError[];
  /**
   * Entry input (EntryCreate's fields). `replace`: the whole entry (our format). `merge`: only the
   * fields TimelineJS carries, laid over a matched entry so what TimelineJS cannot express stays.
   */
  fields: Record<string, unknown>;
  mode: "replace" | "merge";
  /** merge: a TimelineJS group, added to the entry's tags. */
  group?: string | null;
  /** replace: the entry id the document gives. */
  id?: string;
  /** The key a re-import matches on (our `external_id`; TimelineJS `unique_id`; a sheet row's hash). */
  externalId: string | null;
  /** merge: a TimelineJS unique_id that may be one of our own entry ids (our timelinejs.json). */
  ownId?: string;
  /** replace: `created_at` to keep for a new entry. */
  createdAt?: string;
  /** replace: commitment history to keep exactly. */
  history?: StatusChange[];
  /** Where an EntryCreate issue at `path` points in the document. */
  pointerFor(path: readonly PropertyKey[]): string;
}

export interface ImportDocument {
  format: ImportFormat;
  rows: ImportRow[];
  notes: string[];
  /** Our format: the exchange rates it carries, checked (none for the other formats). */
  rates?: Rate[];
  /** Our format: the reporting currency of the timeline it was exported from. */
  reportingCurrency?: string | null;
}

export type ImportStatus = "created" | "updated" | "unchanged" | "skipped" | "rejected";

export interface ImportReportItem {
  index: number;
  pointer: string;
  sheet_row?: number;
  status: ImportStatus;
  /** The entry's id here (new for a copy). */
  id?: string;
  /** The id the row came with (our format), when it has one: with `id`, the map from old to new. */
  source_id?: string;
  external_id?: string | null;
  title?: string | null;
  errors?: RowError[];
  note?: string;
}

export interface ImportReport {
  format: ImportFormat;
  dry_run: boolean;
  /** Whether the changes were written (false for a dry run, a rejected import, or nothing to do). */
  applied: boolean;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  /** Exchange rates stored (or, with dry_run, to store): those new or changed; rates stored as they are already do not count. */
  rates: number;
  items: ImportReportItem[];
  notes: string[];
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
