/**
 * What every language file provides: the words readers see in the widget, the pages and every
 * feed, and the phrases for uncertain dates.
 */
import type { ChangeWords } from "../domain/changes";
import type { CommitmentStatus } from "../domain/commitments";
import type { QualifierWords } from "../domain/format";
import type { TranchePhase } from "../domain/ledger";

/** The ledger's words: tranches, the scorecard, and the sentences of the changes feed. */
export interface LedgerWords extends ChangeWords {
  /** Column and bar labels: "Committed", "Allocated", "Delivered". */
  phases: Record<TranchePhase, string>;
  tranches: string;
  scorecard: string;
  /** Column header of the per-maker table. */
  maker: string;
  beneficiary: string;
  /** The row of the whole timeline. */
  everyone: string;
  /** The row of money no single maker accounts for (a joint pledge without per-maker tranches). */
  unattributed: string;
  noBeneficiary: string;
  /** "Converted into {currency} at exchange rates from {from} to {to}; approximate." */
  approximate: string;
  /** "Without an exchange rate, not included: {amounts}" */
  unconverted: string;
  /** Why a commitment was missed or withdrawn. */
  reason: string;
  /** The scorecard's column of overdue commitments ("Overdue"). */
  overdue: string;
  /** The changes feed's name. */
  changes: string;
}

export interface Words {
  commitment: string;
  commitments: string;
  ledger: LedgerWords;
  status: Record<CommitmentStatus, string>;
  /** "Status", the label before a commitment's status in feeds. */
  statusLabel: string;
  due: string;
  overdue: string;
  progress: string;
  /** "{delivered} of {pledged} delivered" */
  delivered: string;
  /** "Delivered", the label before the delivered amount in feeds. */
  deliveredLabel: string;
  pledged: string;
  /** The calendar's name for a commitment's due-date event ("Deadline: …"). */
  deadline: string;
  by: string;
  for: string;
  actors: string;
  location: string;
  tags: string;
  sources: string;
  media: string;
  today: string;
  more: string;
  none: string;
  all: string;
  filtered: string;
  openPage: string;
  errorTitle: string;
  embed: string;
  copy: string;
  feeds: string;
  /** Uncertain dates: "c. {date}", "before {date}", "after {date}". */
  qualifiers: QualifierWords;
}
