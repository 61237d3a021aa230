/**
 * The scorecard as RFC 4180 CSV for spreadsheets: one row per group (the whole timeline, each
 * maker, each beneficiary) and currency or unit, with the group's counts repeated on each of its
 * rows so any row can be filtered on its own. `figure` says what the row's amounts are:
 * `total` in their own currency or unit, `reporting` converted into the reporting currency
 * (`approximate` when exchange rates were used), `unconverted` money without a rate.
 */
import { COMMITMENT_STATUSES } from "../domain/commitments";
import { csvField } from "../domain/csv";
import type { Card, Scorecard } from "../domain/scorecard";

export const SCORECARD_CSV_COLUMNS = [
  "group",
  "name",
  "figure",
  "currency",
  "committed",
  "allocated",
  "delivered",
  "progress",
  "approximate",
  "commitments",
  "overdue",
  ...COMMITMENT_STATUSES,
] as const;

type Value = string | number | boolean | null;

function cardRows(group: string, name: string | null, card: Card): Value[][] {
  const counts: Value[] = [card.commitments, card.overdue, ...COMMITMENT_STATUSES.map((s) => card.by_status[s])];
  const figures: Value[][] = card.totals.map((t) => ["total", t.currency, t.committed, t.allocated, t.delivered, t.progress, false]);
  const r = card.reporting;
  if (r) {
    figures.push(["reporting", r.currency, r.committed, r.allocated, r.delivered, r.progress, r.approximate]);
    for (const u of r.unconverted) figures.push(["unconverted", u.currency, u.committed, u.allocated, u.delivered, null, false]);
  }
  if (figures.length === 0) figures.push(["", "", null, null, null, null, null]);
  return figures.map((f) => [group, name ?? "", ...f, ...counts]);
}

/** The CSV text (UTF-8 with a byte order mark, CRLF line ends). */
export function renderScorecardCsv(card: Scorecard): string {
  const rows: Value[][] = [
    ...cardRows("all", "", card.summary),
    ...card.makers.flatMap((m) => cardRows("maker", m.maker, m)),
    ...card.beneficiaries.flatMap((b) => cardRows("beneficiary", b.beneficiary, b)),
  ];
  return `\uFEFF${[SCORECARD_CSV_COLUMNS as readonly Value[], ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
