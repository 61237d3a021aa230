/**
 * What every language file provides: the words readers see in the widget, the pages and every
 * feed, and the phrases for uncertain dates.
 */
import type { CommitmentStatus } from "../domain/commitments";
import type { QualifierWords } from "../domain/format";

export interface Words {
  commitment: string;
  commitments: string;
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
  /** The mark on an entry that arrived while the reader had the timeline open. */
  new: string;
  /** Announced politely to screen readers when entries arrive: "{n} new entries" (plural forms by Intl.PluralRules). */
  newEntries: { one: string; other: string };
  /** Announced when the timeline changed without new entries. */
  updated: string;
  /** Uncertain dates: "c. {date}", "before {date}", "after {date}". */
  qualifiers: QualifierWords;
}
