/**
 * Commitment rules: statuses, the derived `overdue` flag, progress, and the status history
 * the service appends whenever a status changes. Pure: the clock and zone are arguments.
 */
import { parseDate, periodEndIn } from "./dates";

export const COMMITMENT_STATUSES = [
  "announced",
  "in_progress",
  "fulfilled",
  "partially_fulfilled",
  "missed",
  "withdrawn",
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Statuses after which a passed deadline no longer counts against the commitment. */
const SETTLED: ReadonlySet<CommitmentStatus> = new Set(["fulfilled", "withdrawn"]);

export interface Amount {
  value: number;
  /** ISO 4217 code (`USD`) or a unit (`tanks`, `MW`). */
  currency: string;
}

export interface SourceRef {
  url: string;
  title: string;
  publisher: string | null;
  published: string | null;
}

export interface StatusChange {
  /** When the status changed: a timeline date (day precision or finer when the service records it). */
  at: string;
  from: CommitmentStatus | null;
  status: CommitmentStatus;
  note: string | null;
  source: SourceRef | null;
}

export interface CommitmentData {
  status: CommitmentStatus;
  due: string | null;
  amount: Amount | null;
  delivered: Amount | null;
  made_by: string[];
  beneficiary: string | null;
  history: StatusChange[];
}

/**
 * A commitment is overdue once the whole due period has passed in the timeline's zone and it is
 * neither fulfilled nor withdrawn.
 * @example isOverdue({ status: "announced", due: "2025" }, Date.UTC(2026, 0, 1), "UTC") // true
 */
export function isOverdue(c: Pick<CommitmentData, "status" | "due">, nowMs: number, timeZone: string): boolean {
  if (!c.due || SETTLED.has(c.status)) return false;
  const due = parseDate(c.due);
  return due.ok && nowMs >= periodEndIn(due.date, timeZone);
}

/**
 * Delivered share of the pledge (0.5 = half), or null when it cannot be stated: nothing pledged,
 * nothing reported as delivered, pledge and delivery in different currencies or units, or a
 * ratio too large to be a finite number.
 * Over-delivery is reported as it is (> 1).
 */
export function progress(amount: Amount | null, delivered: Amount | null): number | null {
  if (!amount || !delivered || amount.value <= 0) return null;
  if (amount.currency.toUpperCase() !== delivered.currency.toUpperCase()) return null;
  const share = delivered.value / amount.value;
  // A vanishing pledge (5e-324) against a real delivery overflows; no number states that.
  return Number.isFinite(share) ? share : null;
}

/** Details a writer may give with a status change; never stored on their own. */
export interface StatusChangeInput {
  status_note?: string | null;
  status_source?: SourceRef | null;
  status_date?: string | null;
}

/**
 * Appends a history record when the status differs from the previous one (or on creation).
 * @example appendStatusChange([], null, "announced", "2024-11-26T12:00:00.000Z", {}).length // 1
 */
export function appendStatusChange(
  history: readonly StatusChange[],
  previous: CommitmentStatus | null,
  next: CommitmentStatus,
  nowIso: string,
  input: StatusChangeInput,
): StatusChange[] {
  if (previous === next) return [...history];
  return [
    ...history,
    {
      at: input.status_date ?? nowIso,
      from: previous,
      status: next,
      note: input.status_note ?? null,
      source: input.status_source ?? null,
    },
  ];
}

