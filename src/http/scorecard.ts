/**
 * Loading a scorecard, for the API (`GET …/scorecard`, `scorecard.csv`) and the widget's
 * scorecard view alike, and its query.
 *
 * Two ways, and what they cost:
 * - no filter, or only `maker`: from the aggregates kept in the batch of every write; one round
 *   trip of index ranges whose size depends on the number of makers, beneficiaries, statuses and
 *   currencies, never on the number of entries.
 * - `tag`, `from`/`to`, `q` (with or without `maker`): the matching commitments are read from the
 *   same index ranges the entries list uses, one round trip per 200, and aggregated on the spot
 *   (plus one round trip for the exchange rates they need); at most `LIMITS.scorecardScan`
 *   commitments, else the request is refused with a hint to narrow it.
 */
import * as z from "zod/mini";
import { rateBookFor, scorecardRows } from "../db/ledger";
import { collectEntries } from "../db/transfer";
import { LIMITS } from "../domain/limits";
import { aggregate, ledgerEntry, type Scorecard, scorecard } from "../domain/scorecard";
import { foldKey, normalizeText } from "../domain/text";
import type { Timeline } from "../domain/timeline";
import type { Db } from "../db/client";
import { EntryQuery, toListRequest } from "./schemas/entry-query";
import { meta } from "./schemas/fields";
import { validationProblem } from "./validation";

export const ScorecardQuery = z.object({
  maker: meta(
    z.optional(
      z.string().check(
        z.overwrite(normalizeText),
        z.minLength(1, "must not be empty"),
        z.maxLength(LIMITS.actor, `must be at most ${LIMITS.actor} characters`),
      ),
    ),
    { description: "Only this maker (case-insensitive): its commitments, the tranches it accounts for." },
  ),
  tag: EntryQuery.shape.tag,
  from: EntryQuery.shape.from,
  to: EntryQuery.shape.to,
  q: EntryQuery.shape.q,
});
export type ScorecardQueryInput = z.output<typeof ScorecardQuery>;

export interface ScorecardResult {
  card: Scorecard;
  /** How it was computed: from the maintained aggregates, or from this many matching commitments. */
  computed: { from: "aggregates" } | { from: "entries"; commitments: number };
}

const hasIndexFilter = (q: ScorecardQueryInput) => q.tag !== undefined || q.from !== undefined || q.to !== undefined || (q.q ?? "").trim() !== "";

/** The scorecard of a timeline for `query`, at the request's clock. */
export async function loadScorecard(db: Db, timeline: Timeline, query: ScorecardQueryInput, nowMs: number): Promise<ScorecardResult> {
  const options = { reporting: timeline.reporting_currency, nowMs, timeZone: timeline.time_zone };
  if (!hasIndexFilter(query)) {
    const rows = await scorecardRows(db, timeline.id, nowMs, query.maker);
    return { card: withOnlyMaker(scorecard(rows, options), query.maker), computed: { from: "aggregates" } };
  }
  const { filter } = toListRequest({ ...EntryQuery.parse({}), tag: query.tag, from: query.from, to: query.to, q: query.q, kind: "commitment" });
  const { entries, next } = await collectEntries(db, timeline.id, filter, { order: "asc", max: LIMITS.scorecardScan });
  if (next) {
    const named = (["tag", "from", "to", "q"] as const).find((key) => query[key] !== undefined) ?? "tag";
    throw validationProblem([
      {
        parameter: named,
        detail: `more than ${LIMITS.scorecardScan} commitments match; narrow the filter (tag, from/to, q), or leave it out for the whole timeline's scorecard`,
      },
    ]);
  }
  const counted = entries.flatMap((e) => {
    const counts = ledgerEntry(e);
    return counts ? [counts] : [];
  });
  const rates = await rateBookFor(db, timeline.id, counted, timeline.reporting_currency);
  const rows = aggregate(counted, { reporting: timeline.reporting_currency, rates }).sorted();
  const mine = query.maker === undefined ? rows : rows.filter((r) => r.metric.startsWith("rd:") || (r.scope === "maker" && r.subject === foldKey(query.maker!)));
  return { card: withOnlyMaker(scorecard(mine, options), query.maker), computed: { from: "entries", commitments: counted.length } };
}

/** A one-maker scorecard: its figures as the summary, no beneficiaries (they are not kept per maker). */
function withOnlyMaker(card: Scorecard, maker: string | undefined): Scorecard {
  if (maker === undefined) return card;
  const [one] = card.makers;
  if (!one) return { ...card, makers: [], beneficiaries: [] };
  const { maker: _name, ...figures } = one;
  return { ...card, summary: figures, makers: [one], beneficiaries: [] };
}
