/**
 * The one write path. Every change to a timeline or its entries, whichever capability makes it
 * (API, import, the editor), goes through `writeEntries`, `writeNewTimeline` or
 * `writeTimelineChange`:
 *
 *  1. the write's statements and those of every same-batch hook run as ONE D1 batch (atomic:
 *     all apply or none does);
 *  2. then the after-commit effects run, in order, before the write is acknowledged: purging the
 *     timeline from the edge cache (again `LATE_PURGE_MS` later, see http/cache.ts), and later
 *     live pushes and webhooks.
 *
 * Handlers never batch or purge on their own.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { runBatch, type Statement } from "../db/batch";
import type { Db } from "../db/client";
import { type EntryChange, entryWrites } from "../db/entries";
import { UniqueViolation } from "../db/errors";
import { type StoredResponse, storeResponse } from "../db/idempotency";
import {
  insertTimelineStatement,
  type NewTimeline,
  type TimelineChanges,
  timelineFromResult,
  updateTimelineStatement,
} from "../db/timelines";
import type { Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { languagesAfter } from "../domain/translations";
import { purgeTimeline } from "./cache";

interface WriteCommon {
  /** The timeline written to (a slug never changes). */
  slug: string;
  /** The writer's token id (`root` for the admin secret). */
  by: string;
  /** The write's instant, ISO 8601: what `updated_at` becomes. */
  at: string;
}

/** One entry's change as the write path takes it: the new state, and the state it replaces. */
export interface EntryWrite extends EntryChange {
  /**
   * The stored state it replaces, null for a new entry. Effects compare the two (webhooks tell
   * created, updated, deleted and status changes apart; drafts fire nothing), so every writer says it.
   */
  previous: Entry | null;
}

/** Entries created, changed, deleted, restored or imported, in one timeline. */
export interface EntriesWrite extends WriteCommon {
  kind: "entries";
  timelineId: number;
  /** Each entry's whole new state, what happened to it, and what it replaces. */
  changes: EntryWrite[];
  /**
   * When the write changed nothing but these languages' translations: readers of other
   * languages' pages and widgets have nothing new (see `purgeTags`). Null: anything may have changed.
   */
  translationsOnly: string[] | null;
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

/** What a write does: all that hooks and effects are told. */
export type WriteDescription = EntriesWrite | TimelineWrite;

/**
 * Adds statements to a write's batch; they run after the write's own statements, so they see its
 * rows, and they commit with it or not at all. Keep them pure: no I/O, no reads.
 */
export type BatchHook = (db: Db, write: WriteDescription) => Statement[];

/**
 * Runs once a write has committed, before it is acknowledged, with the rows every statement of the
 * batch answered (a hook's `RETURNING` or `SELECT` rows included: name their columns so the effect
 * can find them). A failure is logged and does not undo or fail the write; put slow work in
 * `c.executionCtx.waitUntil`.
 */
export type AfterCommit = (c: Context<AppEnv>, write: WriteDescription, results: BatchRows) => Promise<void> | void;

/** The rows each statement of a committed batch answered, in order. */
export type BatchRows = Record<string, unknown>[][];

const batchHooks: BatchHook[] = [];

/**
 * Drops the timeline's cached representations (only those a translation-only write touches); a
 * write to the timeline itself (create, change, delete, restore) also drops the lists across
 * timelines, which show it.
 */
const purgeCaches: AfterCommit = (c, write) =>
  write.kind === "timeline"
    ? purgeTimeline(c, write.slug, { list: true })
    : purgeTimeline(c, write.slug, write.translationsOnly ? { languages: write.translationsOnly } : {});

const afterCommit: AfterCommit[] = [purgeCaches];

/**
 * Registers a same-batch hook for every write; returns a function that removes it.
 * @example
 * // One outbox row per changed entry, committed in the same transaction as the change:
 * addBatchHook((db, write) =>
 *   write.kind === "entries"
 *     ? write.changes.map(({ entry, action }) =>
 *         statement(db, sql`INSERT INTO outbox (entry_id, revision, action) VALUES (${entry.id}, ${entry.revision}, ${action})`))
 *     : [],
 * );
 */
export function addBatchHook(hook: BatchHook): () => void {
  batchHooks.push(hook);
  return () => remove(batchHooks, hook);
}

/**
 * Registers an after-commit effect for every write (after the cache purge); returns a function
 * that removes it.
 * @example
 * addAfterCommit((c, write) => c.executionCtx.waitUntil(notifyLiveViewers(c.env, write.slug)));
 */
export function addAfterCommit(effect: AfterCommit): () => void {
  afterCommit.push(effect);
  return () => remove(afterCommit, effect);
}

function remove<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** Runs the write's statements and the hooks' in one batch, then the effects; returns the batch's rows. */
async function commit(c: Context<AppEnv>, write: WriteDescription, statements: Statement[]) {
  const db = c.var.db;
  const results = await runBatch(db, [...statements, ...batchHooks.flatMap((hook) => hook(db, write))]);
  for (const effect of afterCommit) {
    try {
      await effect(c, write, results);
    } catch (err) {
      console.error(JSON.stringify({ level: "warn", msg: "after-commit effect failed", slug: write.slug, error: err instanceof Error ? err.message : "unknown" }));
    }
  }
  return results;
}

/** A response to keep for `Idempotency-Key` retries, stored in the same batch as the write. */
export interface IdempotentResponse {
  principal: string;
  key: string;
  response: StoredResponse;
}

/**
 * Stores entry changes of one timeline. Fails with `StaleRevision` when an entry changed since it
 * was read (nothing is written), or `UniqueViolation` (an external id or idempotency key taken).
 * @example await writeEntries(c, timeline, [{ entry, action: "create", previous: null }], { by: who.id });
 */
export async function writeEntries(
  c: Context<AppEnv>,
  timeline: Pick<Timeline, "id" | "slug">,
  changes: EntryWrite[],
  options: { by: string; idempotency?: IdempotentResponse; translationsOnly?: string[] | null },
): Promise<void> {
  if (changes.length === 0) return;
  const translationsOnly = options.translationsOnly ?? null;
  const at = c.var.now.toISOString();
  const db = c.var.db;
  const statements = entryWrites(db, timeline.id, changes, { tokenId: options.by, now: at });
  const kept = options.idempotency;
  if (kept) statements.push(storeResponse(db, kept.principal, kept.key, kept.response, at));
  await commit(c, { kind: "entries", slug: timeline.slug, timelineId: timeline.id, changes, translationsOnly, by: options.by, at }, statements);
}

/**
 * Creates a timeline; null when its slug is taken (live or deleted), and then nothing is written.
 * @example const created = await writeNewTimeline(c, body, { by: who.id });
 */
export async function writeNewTimeline(c: Context<AppEnv>, given: NewTimeline, options: { by: string }): Promise<Timeline | null> {
  const at = c.var.now.toISOString();
  // Published languages always start with the source language.
  const fields = { ...given, languages: languagesAfter(null, given) };
  const write: TimelineWrite = { kind: "timeline", action: "create", slug: fields.slug, timelineId: null, fields, by: options.by, at };
  try {
    return timelineFromResult(await commit(c, write, [insertTimelineStatement(c.var.db, fields, at)]));
  } catch (err) {
    if (err instanceof UniqueViolation && err.is("timelines", "slug")) return null;
    throw err;
  }
}

/**
 * Changes, deletes (`deleted_at` set) or restores (`deleted_at: null`) a stored timeline and
 * bumps its revision; returns its new state.
 * @example const updated = await writeTimelineChange(c, timeline, "update", body, { by: who.id });
 */
export async function writeTimelineChange(
  c: Context<AppEnv>,
  timeline: Pick<Timeline, "id" | "slug" | "language" | "languages">,
  action: "update" | "delete" | "restore",
  given: TimelineChanges,
  options: { by: string },
): Promise<Timeline> {
  const at = c.var.now.toISOString();
  // A new source language takes the old one's place at the head of the published languages.
  const fields =
    given.language !== undefined || given.languages !== undefined ? { ...given, languages: languagesAfter(timeline, given) } : given;
  const write: TimelineWrite = { kind: "timeline", action, slug: timeline.slug, timelineId: timeline.id, fields, by: options.by, at };
  const updated = timelineFromResult(await commit(c, write, [updateTimelineStatement(c.var.db, timeline.id, fields, at)]));
  if (!updated) throw new Error(`timeline ${timeline.id} vanished during update`);
  return updated;
}
