/**
 * The ledger's storage: scorecard aggregates (added to in the batch of every write, replaced when
 * the rates or the reporting currency change), exchange rates, and the changes feed's index.
 * Many rows travel as one JSON parameter (`json_each`); sums are exact integers, passed as text
 * and cast, because a JavaScript number cannot hold every 64-bit integer.
 */
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Entry } from "../domain/entry";
import { type Change, OVERDUE_KEY_PREFIX } from "../domain/changes";
import { parseHundredths } from "../domain/hundredths";
import { countedTranches, isMoney } from "../domain/ledger";
import { conversionSeries, type Rate, RateBook, rateDay, type Series } from "../domain/rates";
import { type AggregateRow, type LedgerEntry, overdueRanges, type Scope } from "../domain/scorecard";
import { foldKey } from "../domain/text";
import { type Statement, statement } from "./batch";
import type { Db } from "./client";
import { type EntryKey, toEntry } from "./entries";
import { entries, type EntryRow } from "./schema";

/** Runs read queries in one round trip; the rows of each. */
async function readInOneTrip<T>(db: Db, queries: SQL[]): Promise<T[][]> {
  const client = db.$client;
  const results = await client.batch<T>(queries.map((q) => statement(db, q)).map((s) => client.prepare(s.sql).bind(...s.params)));
  return results.map((r) => r.results ?? []);
}

/** Rows per JSON parameter: far below D1's limit on a value's size. */
const CHUNK = 2_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const aggregateJson = (rows: readonly AggregateRow[]) =>
  JSON.stringify(rows.map((r) => [r.metric, r.scope, r.subject, r.label, r.value.toString()]));

/**
 * Adds a delta to the aggregates, then drops the rows it brought to zero: the stored rows are
 * always exactly the non-zero sums.
 */
export function addAggregates(db: Db, timelineId: number, delta: readonly AggregateRow[]): Statement[] {
  return chunks(delta).flatMap((part) => {
    const json = aggregateJson(part);
    return [
      statement(
        db,
        sql`INSERT INTO ledger_aggregates (timeline_id, metric, scope, subject, label, value)
          SELECT ${timelineId}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, CAST(value ->> 4 AS INTEGER) FROM json_each(${json}) WHERE true
          ON CONFLICT (timeline_id, metric, scope, subject) DO UPDATE SET value = value + excluded.value,
            label = CASE WHEN excluded.label <> '' THEN excluded.label ELSE label END`,
      ),
      statement(
        db,
        sql`DELETE FROM ledger_aggregates WHERE timeline_id = ${timelineId} AND value = 0
          AND (metric, scope, subject) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(${json}))`,
      ),
    ];
  });
}

/** Replaces every aggregate of a timeline (a recomputation). */
export function replaceAggregates(db: Db, timelineId: number, rows: readonly AggregateRow[]): Statement[] {
  return [statement(db, sql`DELETE FROM ledger_aggregates WHERE timeline_id = ${timelineId}`), ...addAggregates(db, timelineId, rows)];
}

interface RawAggregate {
  metric: string;
  scope: Scope;
  subject: string;
  label: string;
  value: string;
}

const toAggregate = (r: RawAggregate): AggregateRow => ({ ...r, value: parseHundredths(r.value) });

/** Metric ranges [from, to) of the sums a scorecard shows directly: counts, totals, reporting totals (every metric but the due-date counts and rate days). */
const PLAIN: { from: string; to: string }[] = [
  { from: "n", to: "n;" },
  { from: "r:", to: "rd:" },
  { from: "s:", to: "y" },
];
/**
 * What a scorecard reads, for the whole timeline and every maker and beneficiary, or for one
 * maker: the plain sums, the due-date counts `overdueRanges` names, and the first and last rate
 * day. Each part is an index range, so the cost does not grow with the number of entries.
 */
export async function scorecardRows(db: Db, timelineId: number, nowMs: number, maker?: string): Promise<AggregateRow[]> {
  return (await readInOneTrip<RawAggregate>(db, scorecardQueries(timelineId, nowMs, maker))).flat().map(toAggregate);
}

/**
 * The queries `scorecardRows` runs in one round trip (exposed so tests can check their plans):
 * each range its own SELECT, so each is a seek on the aggregates' key (a maker's, on the subject
 * index) and none reads the due-date counts or rate days it does not need.
 */
export function scorecardQueries(timelineId: number, nowMs: number, maker?: string): SQL[] {
  const columns = sql`metric, scope, subject, label, CAST(value AS TEXT) AS value`;
  const who = maker === undefined ? sql`` : sql` AND scope = 'maker' AND subject = ${foldKey(maker)}`;
  const ranges = (list: { from: string; to: string }[]) =>
    sql.join(
      list.map((r) => sql`SELECT ${columns} FROM ledger_aggregates WHERE timeline_id = ${timelineId}${who} AND metric >= ${r.from} AND metric < ${r.to}`),
      sql` UNION ALL `,
    );
  return [
    ranges(PLAIN),
    ranges(overdueRanges(nowMs)),
    sql`SELECT * FROM (SELECT ${columns} FROM ledger_aggregates WHERE timeline_id = ${timelineId} AND metric >= 'rd:' AND metric < 'rd;' ORDER BY metric LIMIT 1)
      UNION ALL SELECT * FROM (SELECT ${columns} FROM ledger_aggregates WHERE timeline_id = ${timelineId} AND metric >= 'rd:' AND metric < 'rd;' ORDER BY metric DESC LIMIT 1)`,
  ];
}

/** Every aggregate of a timeline, for checks against a recomputation. */
export async function allAggregates(db: Db, timelineId: number): Promise<AggregateRow[]> {
  const rows = await db.all<RawAggregate>(
    sql`SELECT metric, scope, subject, label, CAST(value AS TEXT) AS value FROM ledger_aggregates WHERE timeline_id = ${timelineId}`,
  );
  return rows.map(toAggregate);
}

// ---------------------------------------------------------------------------------------------
// Exchange rates

/** Stores rates (a rate for the same pair and day is replaced) and refreshes the series they belong to. */
export function upsertRates(db: Db, timelineId: number, rates: readonly Rate[]): Statement[] {
  const statements = chunks(rates).map((part) =>
    statement(
      db,
      sql`INSERT INTO exchange_rates (timeline_id, base, currency, date, rate)
        SELECT ${timelineId}, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(${JSON.stringify(part.map((r) => [r.base, r.currency, r.date, r.rate]))}) WHERE true
        ON CONFLICT (timeline_id, base, currency, date) DO UPDATE SET rate = excluded.rate`,
    ),
  );
  const pairs = [...new Map(rates.map((r) => [`${r.base}/${r.currency}`, [r.base, r.currency]])).values()];
  if (pairs.length > 0) {
    statements.push(
      statement(
        db,
        sql`INSERT OR REPLACE INTO exchange_rate_series (timeline_id, base, currency, first_date, last_date, rates)
          SELECT timeline_id, base, currency, min(date), max(date), count(*) FROM exchange_rates
          WHERE timeline_id = ${timelineId} AND (base, currency) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(pairs)}))
          GROUP BY base, currency`,
      ),
    );
  }
  return statements;
}

export interface SeriesSummary extends Series {
  first_date: string;
  last_date: string;
  rates: number;
}

/** The pairs a timeline has rates for. */
export async function rateSeries(db: Db, timelineId: number): Promise<SeriesSummary[]> {
  return db.all<SeriesSummary>(
    sql`SELECT base, currency, first_date, last_date, rates FROM exchange_rate_series WHERE timeline_id = ${timelineId} ORDER BY base, currency`,
  );
}

/**
 * For each (series, day): the rate of that day or the last one before it, if any. One statement;
 * each look-up is a seek on the rates' primary key.
 */
export async function ratesOnOrBefore(db: Db, timelineId: number, needs: readonly (Series & { day: string })[]): Promise<Rate[]> {
  const unique = [...new Map(needs.map((n) => [`${n.base}/${n.currency}@${n.day}`, [n.base, n.currency, n.day]])).values()];
  const found: Rate[] = [];
  for (const part of chunks(unique, 500)) {
    found.push(
      ...(await db.all<Rate>(
        sql`SELECT r.base, r.currency, r.date, r.rate FROM json_each(${JSON.stringify(part)}) n
          JOIN exchange_rates r ON r.timeline_id = ${timelineId} AND r.base = n.value ->> 0 AND r.currency = n.value ->> 1
          AND r.date = (SELECT max(date) FROM exchange_rates x WHERE x.timeline_id = ${timelineId} AND x.base = n.value ->> 0
            AND x.currency = n.value ->> 1 AND x.date <= n.value ->> 2)`,
      )),
    );
  }
  return found;
}

/**
 * The rates converting these commitments' money into `reporting` need, and nothing more: for each
 * amount, the rate of its day or the last before it in each series `convert` may read. With them,
 * `convert` gives what it would give with every rate the timeline has. Two round trips at most.
 */
export async function rateBookFor(db: Db, timelineId: number, entries: readonly LedgerEntry[], reporting: string | null): Promise<RateBook> {
  if (!reporting) return new RateBook();
  const wanted = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const t of countedTranches(e.commitment, e.start)) {
      const day = rateDay(t.date);
      if (!day || t.amount.currency === reporting || !isMoney(t.amount.currency)) continue;
      const days = wanted.get(t.amount.currency) ?? new Set();
      days.add(day);
      wanted.set(t.amount.currency, days);
    }
  }
  if (wanted.size === 0) return new RateBook();
  const available = await rateSeries(db, timelineId);
  const needs = [...wanted].flatMap(([currency, days]) =>
    conversionSeries(available, currency, reporting).flatMap((series) => [...days].map((day) => ({ ...series, day }))),
  );
  return new RateBook(needs.length ? await ratesOnOrBefore(db, timelineId, needs) : []);
}

/** Every rate of a timeline, by pair and day (for the export). */
export async function allRates(db: Db, timelineId: number): Promise<Rate[]> {
  return db.all<Rate>(sql`SELECT date, currency, rate, base FROM exchange_rates WHERE timeline_id = ${timelineId} ORDER BY base, currency, date`);
}

/** Every rate of the given series (for a recomputation). */
export async function ratesOfSeries(db: Db, timelineId: number, series: readonly Series[]): Promise<Rate[]> {
  if (series.length === 0) return [];
  return db.all<Rate>(
    sql`SELECT base, currency, date, rate FROM exchange_rates WHERE timeline_id = ${timelineId}
      AND (base, currency) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(series.map((s) => [s.base, s.currency]))}))`,
  );
}

// ---------------------------------------------------------------------------------------------
// Commitments, for a recomputation

/**
 * Every live commitment of a timeline (drafts included: `ledgerEntry` decides what counts), page
 * by page along the commitments' range of the chronological index, so each page is one index
 * range and memory holds one page at a time.
 */
export async function* liveCommitments(db: Db, timelineId: number, pageSize = 2_000): AsyncGenerator<Entry[]> {
  let after: EntryKey | null = null;
  for (;;) {
    const rows: EntryRow[] = await liveCommitmentsPage(db, timelineId, after, pageSize);
    if (rows.length === 0) return;
    const last: EntryRow = rows.at(-1)!;
    after = { startMs: last.startMs, startRank: last.startRank, id: last.id };
    yield rows.map(toEntry);
    if (rows.length < pageSize) return;
  }
}

/** One page of `liveCommitments` (exposed so tests can check its plan). */
export function liveCommitmentsPage(db: Db, timelineId: number, after: EntryKey | null, pageSize: number) {
  return db
    .select()
    .from(entries)
    .where(
      and(
        eq(entries.timelineId, timelineId),
        eq(entries.kind, "commitment"),
        isNull(entries.deletedAt),
        after ? sql`(${entries.startMs}, ${entries.startRank}, ${entries.id}) > (${after.startMs}, ${after.startRank}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(entries.startMs), asc(entries.startRank), asc(entries.id))
    .limit(pageSize);
}

// ---------------------------------------------------------------------------------------------
// The changes feed

/**
 * Replaces the change rows of `entryIds` by `changes` (empty for entries that no longer count).
 * The overdue moments the sweep recorded (`overdue_alerts`) come back for every entry that still
 * counts: they are not in the entry, so a write cannot compute them, only keep them.
 */
export function replaceChanges(
  db: Db,
  timelineId: number,
  entryIds: readonly string[],
  changes: readonly { entryId: string; change: Pick<Change, "key" | "recorded_at"> }[],
): Statement[] {
  const counting = [...new Set(changes.map((c) => c.entryId))];
  return [
    ...chunks(entryIds).map((ids) =>
      statement(db, sql`DELETE FROM ledger_changes WHERE entry_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`),
    ),
    ...chunks(changes).map((part) =>
      statement(
        db,
        sql`INSERT OR REPLACE INTO ledger_changes (timeline_id, recorded_at, entry_id, key)
          SELECT ${timelineId}, value ->> 0, value ->> 1, value ->> 2 FROM json_each(${JSON.stringify(part.map((c) => [c.change.recorded_at, c.entryId, c.change.key]))})`,
      ),
    ),
    ...chunks(counting).map((ids) =>
      statement(
        db,
        sql`INSERT OR REPLACE INTO ledger_changes (timeline_id, recorded_at, entry_id, key)
          SELECT ${timelineId}, a.created_at, a.entry_id, ${OVERDUE_KEY_PREFIX} || a.due FROM overdue_alerts a
          WHERE a.entry_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
      ),
    ),
  ];
}

/** The newest `limit` changes (keys and entries), newest recorded first: a range of the index. */
export async function latestChanges(db: Db, timelineId: number, limit: number): Promise<{ entry_id: string; key: string; recorded_at: string }[]> {
  return db.all(latestChangesQuery(timelineId, limit));
}

/** The query of `latestChanges` (exposed so tests can check its plan). */
export function latestChangesQuery(timelineId: number, limit: number): SQL {
  return sql`SELECT entry_id, key, recorded_at FROM ledger_changes WHERE timeline_id = ${timelineId}
      ORDER BY recorded_at DESC, entry_id DESC, key DESC LIMIT ${limit}`;
}

// ---------------------------------------------------------------------------------------------
// Guards

/** A database error meaning a guard below aborted the batch. */
export const STALE_LEDGER = "stale_ledger";

/**
 * Aborts the batch unless the timeline's ledger version is still `version` (and, when given, its
 * revision still `revision`): ledger data computed from earlier reads must not land on top of a
 * recomputation, nor a recomputation on top of writes it did not see.
 */
export function guardLedger(db: Db, timelineId: number, version: number, revision: number | null = null): Statement {
  return statement(db, sql`INSERT INTO ledger_guard (timeline_id, version, revision) VALUES (${timelineId}, ${version}, ${revision})`);
}

/** Moves the ledger to its next version (a recomputation); guarded by `guardLedger` in the same batch. */
export function bumpLedgerVersion(db: Db, timelineId: number): Statement {
  return statement(db, sql`UPDATE timelines SET ledger_version = ledger_version + 1 WHERE id = ${timelineId}`);
}
