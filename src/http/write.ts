/**
 * The one write path. Every change to a timeline or its entries, whichever capability makes it
 * (API, import, the editor), goes through `writeEntries`, `writeNewTimeline`,
 * `writeTimelineChange` or `writeRates`:
 *
 *  1. the write's statements and those of every same-batch hook run as ONE D1 batch (atomic:
 *     all apply or none does). The ledger's hook (aggregates and the changes index) is always
 *     there; a hook whose statements rest on reads guards them in the batch, and when the guard
 *     finds the data changed (`StaleLedger`) the hooks run again on fresh reads;
 *  2. then the after-commit effects run, in order, before the write is acknowledged: purging the
 *     timeline from the edge cache (again `LATE_PURGE_MS` later, see http/cache.ts), and later
 *     live pushes and webhooks.
 *
 * Handlers never batch or purge on their own.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { runBatch, type Statement } from "../db/batch";
import { type EntryChange, entryWrites } from "../db/entries";
import { StaleLedger, UniqueViolation } from "../db/errors";
import { type StoredResponse, storeResponse } from "../db/idempotency";
import {
  insertTimelineStatement,
  type NewTimeline,
  type TimelineChanges,
  timelineFromResult,
  updateTimelineStatement,
} from "../db/timelines";
import { upsertRates } from "../db/ledger";
import type { Rate } from "../domain/rates";
import type { Timeline } from "../domain/timeline";
import { languagesAfter } from "../domain/translations";
import { purgeTimeline } from "./cache";
import { ledgerHook } from "./ledger-hook";
import type { BatchHook, EntriesWrite, RatesWrite, TimelineWrite, WriteDescription } from "./write-types";

export type { BatchHook, EntriesWrite, RatesWrite, TimelineWrite, WriteDescription } from "./write-types";
export type { EntryChange } from "../db/entries";

/**
 * Runs once a write has committed, before it is acknowledged, with the rows every statement of the
 * batch answered (a hook's `RETURNING` or `SELECT` rows included: name their columns so the effect
 * can find them). A failure is logged and does not undo or fail the write; put slow work in
 * `c.executionCtx.waitUntil`.
 */
export type AfterCommit = (c: Context<AppEnv>, write: WriteDescription, results: BatchRows) => Promise<void> | void;

/** The rows each statement of a committed batch answered, in order. */
export type BatchRows = Record<string, unknown>[][];

/** The ledger's hook is always there: no write may leave the scorecard behind. */
const batchHooks: BatchHook[] = [ledgerHook];

/**
 * Drops the timeline's cached representations (only those a translation-only write touches); a
 * write to the timeline itself (create, change, delete, restore) also drops the lists across
 * timelines, which show it.
 */
const purgeCaches: AfterCommit = (c, write) =>
  write.kind === "timeline"
    ? purgeTimeline(c, write.slug, { list: true })
    : purgeTimeline(c, write.slug, write.kind === "entries" && write.translationsOnly ? { languages: write.translationsOnly } : {});

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

/** Attempts at a batch whose hooks' reads went stale before it ran. */
const ATTEMPTS = 3;

/** Runs the write's statements and the hooks' in one batch, then the effects; returns the batch's rows. */
async function commit(c: Context<AppEnv>, write: WriteDescription, statements: Statement[]) {
  const db = c.var.db;
  let results: Record<string, unknown>[][];
  for (let attempt = 1; ; attempt++) {
    const added = await Promise.all(batchHooks.map((hook) => hook(db, write)));
    try {
      results = await runBatch(db, [...statements, ...added.flat()]);
      break;
    } catch (err) {
      if (!(err instanceof StaleLedger) || attempt >= ATTEMPTS) throw err;
    }
  }
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
 * Stores entry changes of one timeline, with `rates` (exchange rates) in the same batch when given
 * (an import of an export: entries and rates commit together or not at all). Fails with `StaleRevision` when an entry changed since it
 * was read (nothing is written), or `UniqueViolation` (an external id or idempotency key taken).
 * @example await writeEntries(c, timeline, [{ entry, action: "create", previous: null }], { by: who.id });
 */
export async function writeEntries(
  c: Context<AppEnv>,
  timeline: Pick<Timeline, "id" | "slug">,
  changes: EntryChange[],
  options: { by: string; idempotency?: IdempotentResponse; translationsOnly?: string[] | null; rates?: Rate[] },
): Promise<void> {
  if (changes.length === 0) return;
  const translationsOnly = options.translationsOnly ?? null;
  const at = c.var.now.toISOString();
  const db = c.var.db;
  const statements = entryWrites(db, timeline.id, changes, { tokenId: options.by, now: at });
  const kept = options.idempotency;
  if (kept) statements.push(storeResponse(db, kept.principal, kept.key, kept.response, at));
  const rates = options.rates ?? [];
  if (rates.length > 0) statements.push(...upsertRates(db, timeline.id, rates));
  const write: EntriesWrite = { kind: "entries", slug: timeline.slug, timelineId: timeline.id, changes, translationsOnly, by: options.by, at };
  if (rates.length > 0) write.rates = rates;
  await commit(c, write, statements);
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

/**
 * Stores exchange rates of a timeline (a rate for the same pair and day is replaced) and bumps
 * its revision; the ledger's hook recomputes the aggregates with them in the same batch.
 * @example await writeRates(c, timeline, parsed.rates, { by: who.id });
 */
export async function writeRates(c: Context<AppEnv>, timeline: Pick<Timeline, "id" | "slug">, rates: Rate[], options: { by: string }): Promise<void> {
  const at = c.var.now.toISOString();
  const db = c.var.db;
  const write: RatesWrite = { kind: "rates", slug: timeline.slug, timelineId: timeline.id, rates, by: options.by, at };
  await commit(c, write, [...upsertRates(db, timeline.id, rates), updateTimelineStatement(db, timeline.id, {}, at)]);
}
