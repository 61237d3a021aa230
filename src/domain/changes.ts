/**
 * The changes of a commitment that readers subscribe to: its creation, each status change and
 * each tranche, every one with the time it was recorded (the feed's order) and its own date (what
 * the item shows), told in one sentence ("Germany delivered €500 million of €2 billion (25 %)").
 * The moment a due date passes unkept (the hourly sweep records it) is a change too, kept apart:
 * the entry alone does not say it happened, its record does (`overdueChange`).
 * Pure: words and locale are arguments.
 */
import type { CommitmentData, CommitmentStatus } from "./commitments";
import type { Entry } from "./entry";
import { formatYear, pad2, parseDate } from "./dates";
import { formatAmount, formatEntryDate, formatProgress, resolveLocale } from "./format";
import { fromHundredths, toHundredths } from "./hundredths";
import { type Tranche, type TranchePhase, trancheMaker } from "./ledger";
import { fill } from "./text";

export type ChangeKind = "commitment" | "status" | "tranche" | "overdue";

export interface Change {
  /** Unique within the entry and stable across writes that leave the change alone. */
  key: string;
  kind: ChangeKind;
  /** When the service recorded it (RFC 3339): the feed's order. */
  recorded_at: string;
  /** The change's own date (a timeline date). */
  date: string;
  status?: CommitmentStatus;
  reason?: string | null;
  note?: string | null;
  tranche?: Tranche;
  /** The due date that passed (an `overdue` change). */
  due?: string;
}

/** Sentences of the changes feed; `{name}` placeholders. */
export interface ChangeWords {
  /** "New commitment by {makers}: {title}" */
  created: string;
  /** "New commitment: {title}" */
  createdAnonymous: string;
  /** "{title}: now {status}" */
  statusChanged: string;
  /** "{title}: now {status} ({reason})" */
  statusChangedReason: string;
  /** "{maker} committed {amount}" and the like. */
  tranche: Record<TranchePhase, string>;
  /** "{maker} delivered {amount} of {total} ({share})": with the committed total beside it. */
  trancheOfTotal: Record<Exclude<TranchePhase, "committed">, string>;
  /** "{makers}'s commitment \"{title}\" is overdue: due {date}" */
  turnedOverdue: string;
  /** "Commitment \"{title}\" is overdue: due {date}": nobody named as its maker. */
  turnedOverdueAnonymous: string;
}

/** The words a sentence needs: the feed's phrases and the names of statuses. */
export interface ChangeVocabulary {
  changes: ChangeWords;
  status: Record<CommitmentStatus, string>;
}

export interface ChangeSource {
  id: string;
  title: string;
  start: string;
  created_at: string;
  commitment: CommitmentData;
}

/** What the changes of an entry are told from; null for an event (it has none). */
export function changeSource(entry: Pick<Entry, "id" | "title" | "start" | "created_at" | "commitment">): ChangeSource | null {
  const { id, title, start, created_at, commitment } = entry;
  return commitment ? { id, title, start, created_at, commitment } : null;
}

/**
 * The changes of one commitment, oldest recorded first. The first status is part of the
 * commitment's creation, not a change of its own.
 */
export function commitmentChanges(entry: ChangeSource): Change[] {
  const c = entry.commitment;
  const changes: Change[] = [
    { key: "commitment", kind: "commitment", recorded_at: entry.created_at, date: entry.start, status: c.history[0]?.status ?? c.status },
  ];
  c.history.forEach((record, i) => {
    if (i === 0) return;
    const recorded = record.recorded_at ?? (isDateTime(record.at) ? record.at : entry.created_at);
    changes.push({
      key: `status/${recorded}/${record.status}`,
      kind: "status",
      recorded_at: recorded,
      date: record.at,
      status: record.status,
      reason: record.reason ?? null,
      note: record.note,
    });
  });
  for (const t of c.tranches) {
    changes.push({ key: `tranche/${t.recorded_at}/${t.phase}`, kind: "tranche", recorded_at: t.recorded_at, date: t.date, tranche: t, note: t.note });
  }
  const seen = new Map<string, number>();
  for (const change of changes) {
    const n = (seen.get(change.key) ?? 0) + 1;
    seen.set(change.key, n);
    if (n > 1) change.key = `${change.key}/${n}`;
  }
  return changes.sort((a, b) => (a.recorded_at < b.recorded_at ? -1 : a.recorded_at > b.recorded_at ? 1 : 0));
}

/** Keys of overdue changes: the prefix, then the due date that passed. */
export const OVERDUE_KEY_PREFIX = "overdue/";

/**
 * The change a recorded overdue moment makes: the commitment was still open when its due period
 * ended. Dated to the period's last day (a date-time due to itself), ordered by when it was recorded.
 * @example overdueChange("2025", "2026-01-01T00:07:00.000Z").date // "2025-12-31"
 */
export function overdueChange(due: string, recordedAt: string): Change {
  return { key: `${OVERDUE_KEY_PREFIX}${due}`, kind: "overdue", recorded_at: recordedAt, date: lastDayOf(due), due };
}

/** The overdue change a key of the changes index names, or null when it names another kind. */
export function overdueChangeOfKey(key: string, recordedAt: string): Change | null {
  return key.startsWith(OVERDUE_KEY_PREFIX) ? overdueChange(key.slice(OVERDUE_KEY_PREFIX.length), recordedAt) : null;
}

/**
 * The last day of a date's period at day precision ("2025" → "2025-12-31"); a date-time as it is.
 * @example lastDayOf("2024-02") // "2024-02-29"
 */
export function lastDayOf(text: string): string {
  const parsed = parseDate(text);
  if (!parsed.ok || parsed.date.precision === "datetime" || parsed.date.precision === "day") return text;
  const last = new Date(parsed.date.endMs - 86_400_000);
  return `${formatYear(last.getUTCFullYear())}-${pad2(last.getUTCMonth() + 1)}-${pad2(last.getUTCDate())}`;
}

function isDateTime(text: string): boolean {
  const parsed = parseDate(text);
  return parsed.ok && parsed.date.precision === "datetime";
}

/**
 * One sentence for a change, in the language of `words` and `locale`.
 * @example changeSentence(deliveredChange, entry, en, "en") // "Germany delivered €500 million of €2 billion (25%)"
 */
export function changeSentence(change: Change, entry: ChangeSource, vocabulary: ChangeVocabulary, locale: string): string {
  const words = vocabulary.changes;
  const c = entry.commitment;
  const tag = resolveLocale(locale, "en");
  const names = (list: readonly string[]) => new Intl.ListFormat(tag, { type: "conjunction" }).format(list);
  if (change.kind === "commitment") {
    return c.made_by.length > 0 ? fill(words.created, { makers: names(c.made_by), title: entry.title }) : fill(words.createdAnonymous, { title: entry.title });
  }
  if (change.kind === "overdue") {
    const date = formatEntryDate(change.due ?? change.date, { locale: tag });
    return c.made_by.length > 0
      ? fill(words.turnedOverdue, { makers: names(c.made_by), title: entry.title, date })
      : fill(words.turnedOverdueAnonymous, { title: entry.title, date });
  }
  if (change.kind === "status") {
    const status = vocabulary.status[change.status!];
    return change.reason
      ? fill(words.statusChangedReason, { title: entry.title, status, reason: change.reason })
      : fill(words.statusChanged, { title: entry.title, status });
  }
  const t = change.tranche!;
  const maker = trancheMaker(t, c.made_by) ?? (c.made_by.length > 0 ? names(c.made_by) : entry.title);
  const amount = formatAmount(t.amount, tag, { long: true });
  if (t.phase === "committed") return fill(words.tranche.committed, { maker, amount });
  const share = shareSoFar(t, c);
  if (!share) return fill(words.tranche[t.phase], { maker, amount });
  return fill(words.trancheOfTotal[t.phase], {
    maker,
    amount,
    total: formatAmount({ value: share.total, currency: t.amount.currency }, tag, { long: true }),
    share: formatProgress(share.share, tag),
  });
}

/**
 * How much of the pledge this phase has reached with `tranche`: the sum of this phase up to and
 * including it, over the committed total in its currency or unit, for its maker if the maker
 * committed something, else for the whole commitment. Null when nothing was committed in it.
 */
function shareSoFar(tranche: Tranche, c: CommitmentData): { total: number; share: number } | null {
  const maker = trancheMaker(tranche, c.made_by);
  const sameCurrency = c.tranches.filter((t) => t.amount.currency === tranche.amount.currency);
  const own = sameCurrency.filter((t) => maker !== null && trancheMaker(t, c.made_by) === maker);
  const group = own.some((t) => t.phase === "committed") ? own : sameCurrency;
  const total = group.filter((t) => t.phase === "committed").reduce((sum, t) => sum + toHundredths(t.amount.value), 0n);
  if (total <= 0n) return null;
  const upTo = group.indexOf(tranche);
  const reached = group
    .slice(0, upTo === -1 ? group.length : upTo + 1)
    .filter((t) => t.phase === tranche.phase)
    .reduce((sum, t) => sum + toHundredths(t.amount.value), 0n);
  return { total: fromHundredths(total), share: fromHundredths(reached) / fromHundredths(total) };
}
