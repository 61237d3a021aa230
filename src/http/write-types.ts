/**
 * What a write does, as the write path (write.ts) tells its same-batch hooks and after-commit
 * effects: kept apart from write.ts so a hook it always runs (the ledger's) can name these
 * types without importing the write path back.
 */
import type { Statement } from "../db/batch";
import type { Db } from "../db/client";
import type { EntryChange } from "../db/entries";
import type { TimelineChanges } from "../db/timelines";
import type { Rate } from "../domain/rates";

export interface WriteCommon {
  /** The timeline written to (a slug never changes). */
  slug: string;
  /** The writer's token id (`root` for the admin secret). */
  by: string;
  /** The write's instant, ISO 8601: what `updated_at` becomes. */
  at: string;
}

/** Entries created, changed, deleted, restored or imported, in one timeline. */
export interface EntriesWrite extends WriteCommon {
  kind: "entries";
  timelineId: number;
  /** Each entry's whole new state, what happened to it, and what it replaces. */
  changes: EntryChange[];
  /**
   * When the write changed nothing but these languages' translations: readers of other
   * languages' pages and widgets have nothing new (see `purgeTags`). Null: anything may have changed.
   */
  translationsOnly: string[] | null;
  /**
   * Exchange rates stored in the same batch (an import of an export brings both): the ledger's
   * aggregates are then recomputed from scratch with them, as for a `rates` write.
   */
  rates?: Rate[];
}

/** A timeline created, changed, deleted or restored. */
export interface TimelineWrite extends WriteCommon {
  kind: "timeline";
  action: "create" | "update" | "delete" | "restore";
  /** Null when this write creates the timeline: hook statements find its row by slug. */
  timelineId: number | null;
  /** The fields written (all of them for a create). */
  fields: TimelineChanges;
}

/** Exchange rates imported into a timeline. */
export interface RatesWrite extends WriteCommon {
  kind: "rates";
  timelineId: number;
  rates: Rate[];
}

/** What a write does: all that hooks and effects are told. */
export type WriteDescription = EntriesWrite | TimelineWrite | RatesWrite;

/**
 * Adds statements to a write's batch; they run after the write's own statements, so they see its
 * rows, and they commit with it or not at all. Prefer pure hooks (no I/O). A hook that must read
 * first (reference data, a recomputation) returns a promise, and guards in its statements what
 * it read (see `guardLedger`): the batch then fails with `StaleLedger` and every hook runs again.
 */
export type BatchHook = (db: Db, write: WriteDescription) => Statement[] | Promise<Statement[]>;
