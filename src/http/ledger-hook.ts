/**
 * The ledger's same-batch hook (see write.ts, which always runs it): every write keeps the
 * scorecard aggregates and the changes index in step, in its own D1 batch.
 *
 * - Entry writes add the new state's contributions and subtract the old state's (drafts, deleted
 *   entries and events contribute nothing), and rewrite the entry's rows of the changes index.
 *   Converting money reads the timeline's reporting currency and the rates it needs first, so the
 *   batch is guarded: a recomputation in between (new rates, another reporting currency) aborts
 *   it, and it is computed again.
 * - Rate imports and changes of the reporting currency recompute the aggregates from every live,
 *   published commitment, guarded against any write in between.
 */
import type { Statement } from "../db/batch";
import type { Db } from "../db/client";
import {
  addAggregates,
  bumpLedgerVersion,
  guardLedger,
  liveCommitments,
  rateBookFor,
  ratesOfSeries,
  rateSeries,
  replaceAggregates,
  replaceChanges,
} from "../db/ledger";
import { findTimelineById } from "../db/timelines";
import { changeSource, commitmentChanges } from "../domain/changes";
import type { Entry } from "../domain/entry";
import { countedTranches, isMoney } from "../domain/ledger";
import { conversionSeries, type Rate, RateBook } from "../domain/rates";
import { aggregate, aggregateDelta, Aggregates, type LedgerEntry, ledgerEntry } from "../domain/scorecard";
import type { BatchHook, EntriesWrite } from "./write-types";

export const ledgerHook: BatchHook = async (db, write) => {
  if (write.kind === "entries" && write.rates?.length) {
    return [...changeIndex(db, write), ...(await recompute(db, write.timelineId, { rates: write.rates, changes: write.changes }))];
  }
  if (write.kind === "entries") return entryStatements(db, write);
  if (write.kind === "rates") return recompute(db, write.timelineId, { rates: write.rates });
  if (write.kind === "timeline" && write.action === "update" && write.fields.reporting_currency !== undefined && write.timelineId !== null) {
    return recompute(db, write.timelineId, { reporting: write.fields.reporting_currency });
  }
  return [];
};

const counted = (entry: Entry | null): LedgerEntry | null => (entry ? ledgerEntry(entry) : null);

const touchesCommitments = (write: EntriesWrite) => write.changes.filter((c) => c.entry.commitment || c.previous?.commitment);

/** The entries' rows of the changes index, rewritten. */
function changeIndex(db: Db, write: EntriesWrite): Statement[] {
  const commitments = touchesCommitments(write);
  if (commitments.length === 0) return [];
  const changeRows = commitments.flatMap(({ entry }) => {
    const source = counted(entry) ? changeSource(entry) : null;
    return source ? commitmentChanges(source).map((change) => ({ entryId: entry.id, change })) : [];
  });
  return replaceChanges(db, write.timelineId, commitments.map((c) => c.entry.id), changeRows);
}

async function entryStatements(db: Db, write: EntriesWrite): Promise<Statement[]> {
  const commitments = touchesCommitments(write);
  if (commitments.length === 0) return [];
  const statements = changeIndex(db, write);
  const pairs = commitments.map((c) => [counted(c.previous), counted(c.entry)] as const).filter(([a, b]) => a || b);
  if (pairs.length === 0) return statements;
  const timeline = await findTimelineById(db, write.timelineId);
  if (!timeline) return statements;
  const reporting = timeline.reporting_currency;
  const rates = await rateBookFor(db, timeline.id, pairs.flatMap(([a, b]) => [a, b].filter((e): e is LedgerEntry => e !== null)), reporting);
  const delta = new Aggregates();
  for (const [before, after] of pairs) delta.addAll(aggregateDelta(before, after, { reporting, rates }));
  const rows = delta.sorted();
  if (rows.length === 0) return statements;
  return [...statements, guardLedger(db, timeline.id, timeline.ledger_version), ...addAggregates(db, timeline.id, rows)];
}

/**
 * The aggregates from scratch: every live, published commitment, converted with the stored rates.
 * What this very batch stores counts as stored: `rates` (winning over stored ones of the same
 * pair and day), a new `reporting` currency, and entry `changes` (their new states replace the
 * stored ones).
 */
async function recompute(
  db: Db,
  timelineId: number,
  batch: { rates?: readonly Rate[]; reporting?: string | null; changes?: readonly EntriesWrite["changes"][number][] },
): Promise<Statement[]> {
  const timeline = await findTimelineById(db, timelineId);
  if (!timeline) return [];
  const reporting = batch.reporting !== undefined ? batch.reporting : timeline.reporting_currency;
  const incoming = batch.rates ?? [];
  const changed = new Set((batch.changes ?? []).map((c) => c.entry.id));
  const entries: LedgerEntry[] = [];
  for await (const page of liveCommitments(db, timelineId)) {
    for (const entry of page) {
      const e = changed.has(entry.id) ? null : ledgerEntry(entry);
      if (e) entries.push(e);
    }
  }
  for (const change of batch.changes ?? []) {
    const e = counted(change.entry);
    if (e) entries.push(e);
  }
  const rates = reporting ? await ratesFor(db, timelineId, entries, reporting, incoming) : new RateBook();
  const sums = aggregate(entries, { reporting, rates });
  // The write's own statements bump the timeline's revision once; anything else means entries changed meanwhile.
  return [guardLedger(db, timelineId, timeline.ledger_version, timeline.revision + 1), bumpLedgerVersion(db, timelineId), ...replaceAggregates(db, timelineId, sums.sorted())];
}

/** Every stored rate of the series these commitments' money may convert through, with `incoming` on top. */
async function ratesFor(db: Db, timelineId: number, entries: readonly LedgerEntry[], reporting: string, incoming: readonly Rate[]): Promise<RateBook> {
  const currencies = new Set<string>();
  for (const e of entries) {
    for (const t of countedTranches(e.commitment, e.start)) if (isMoney(t.amount.currency) && t.amount.currency !== reporting) currencies.add(t.amount.currency);
  }
  if (currencies.size === 0) return new RateBook();
  const stored = await rateSeries(db, timelineId);
  const available = [...stored, ...incoming.map((r) => ({ base: r.base, currency: r.currency }))];
  const series = [...new Map([...currencies].flatMap((c) => conversionSeries(available, c, reporting)).map((s) => [`${s.base}/${s.currency}`, s])).values()];
  const byKey = new Map<string, Rate>();
  for (const r of [...(await ratesOfSeries(db, timelineId, series)), ...incoming]) byKey.set(`${r.base}/${r.currency}@${r.date}`, r);
  return new RateBook(byKey.values());
}
