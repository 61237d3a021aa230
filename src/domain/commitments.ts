/**
 * Commitment rules: statuses, the derived `overdue` flag, progress, and the status history
 * the service appends whenever a status changes. Pure: the clock and zone are arguments.
 */
import { dateOrder, parseDate, periodEndIn } from "./dates";

export const COMMITMENT_STATUSES = [
  "announced",
  "in_progress",
  "stalled",
  "fulfilled",
  "partially_fulfilled",
  "missed",
  "withdrawn",
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Statuses after which a passed deadline no longer counts against the commitment. */
const SETTLED: ReadonlySet<CommitmentStatus> = new Set(["fulfilled", "withdrawn"]);

/** Statuses that may carry a `reason` (why it was missed or withdrawn). */
export const REASON_STATUSES: ReadonlySet<CommitmentStatus> = new Set(["missed", "withdrawn"]);

/** Whether a deadline passing can still count against a commitment in this status. */
export function isSettled(status: CommitmentStatus): boolean {
  return SETTLED.has(status);
}

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

export const TRANCHE_PHASES = ["committed", "allocated", "delivered"] as const;
export type TranchePhase = (typeof TRANCHE_PHASES)[number];

export interface Tranche {
  phase: TranchePhase;
  /** A timeline date of its own precision. */
  date: string;
  amount: Amount;
  /** One maker: a joint pledge is one tranche per maker, so per-maker totals never double count. */
  made_by: string | null;
  note: string | null;
  source: SourceRef | null;
  /** When the service recorded it (RFC 3339); the changes feed orders by it. */
  recorded_at: string;
}

export interface StatusChange {
  /** When the status changed: a timeline date (day precision or finer when the service records it). */
  at: string;
  from: CommitmentStatus | null;
  status: CommitmentStatus;
  note: string | null;
  source: SourceRef | null;
  /** Why it was missed or withdrawn; null otherwise. */
  reason?: string | null;
  /** When the service recorded the change (RFC 3339); absent in data older than the ledger. */
  recorded_at?: string;
}

export interface CommitmentData {
  status: CommitmentStatus;
  /** Why it was missed or withdrawn; only those statuses carry one. */
  reason: string | null;
  due: string | null;
  /** The committed total when `tranches` use one currency or unit (null when they mix); else as written. */
  amount: Amount | null;
  /** The delivered total, likewise. */
  delivered: Amount | null;
  made_by: string[];
  beneficiary: string | null;
  tranches: Tranche[];
  history: StatusChange[];
}

/** Stored commitments written before the ledger lack its fields; readers get them filled in. */
export function withLedgerFields(stored: Omit<CommitmentData, "reason" | "tranches"> & Partial<CommitmentData>): CommitmentData {
  return { ...stored, reason: stored.reason ?? null, tranches: stored.tranches ?? [], history: orderHistory(stored.history) };
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

export interface StatusChangeContext {
  /** When the write happens (RFC 3339): the date of a later change given without `status_date`. */
  nowIso: string;
  /** The entry's start: when the promise was made, so the date of its first status. */
  start: string;
  reason?: string | null;
}

/**
 * Appends a history record when the status differs from the previous one (or on creation), and
 * returns the history in date order. Without a `status_date`, a commitment's first status is
 * dated to the entry's start (when it was promised), a later change to now.
 * @example appendStatusChange([], null, "announced", { nowIso: "2026-12-01T09:00:00Z", start: "2024-11-26" }, {})[0].at // "2024-11-26"
 */
export function appendStatusChange(
  history: readonly StatusChange[],
  previous: CommitmentStatus | null,
  next: CommitmentStatus,
  context: StatusChangeContext,
  input: StatusChangeInput,
): StatusChange[] {
  if (previous === next) return orderHistory(history);
  const first = previous === null && history.length === 0;
  const record: StatusChange = {
    at: input.status_date ?? (first ? context.start : context.nowIso),
    from: previous,
    status: next,
    note: input.status_note ?? null,
    source: input.status_source ?? null,
    reason: REASON_STATUSES.has(next) ? (context.reason ?? null) : null,
    recorded_at: context.nowIso,
  };
  return orderHistory([...history, record]);
}

/**
 * The history in date order (the order of recording breaks ties), each record's `from` being
 * the status before it in that order. Idempotent.
 */
export function orderHistory(history: readonly StatusChange[]): StatusChange[] {
  const sorted = history
    .map((record, index) => ({ record, index }))
    .sort((a, b) => dateOrder(a.record.at, b.record.at) || a.index - b.index)
    .map(({ record }) => record);
  return sorted.map((record, i) => {
    const from = i === 0 ? record.from : sorted[i - 1]!.status;
    return record.from === from ? record : { ...record, from };
  });
}

