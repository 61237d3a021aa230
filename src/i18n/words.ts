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
  /** The public page's links between its views: their label ("Views"), and the list's name ("Timeline"). */
  views: string;
  list: string;
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
  /** The discreet marker on text shown in the original language because no translation has it. */
  original: string;
  /** What the marker means (its tooltip). */
  originalNote: string;
  /** "Language", the label of a page's links to its other language versions. */
  language: string;
  /** The mark on an entry that arrived while the reader had the timeline open. */
  new: string;
  /** Announced politely to screen readers when entries arrive: "{n} new entries" (plural forms by Intl.PluralRules). */
  newEntries: { one: string; other: string };
  /** Announced when the timeline changed without new entries. */
  updated: string;
  /** Uncertain dates: "c. {date}", "before {date}", "after {date}". */
  qualifiers: QualifierWords;
  /** The mark of an unpublished entry in the studio's preview (readers never see one). */
  draft: string;
  /** The studio's interface, in the languages it speaks (English, German). */
  studio?: StudioWords;
}

/**
 * The studio's interface (English and German only; `Words.studio`). Templates take `{name}`
 * placeholders filled by `fill`.
 */
export interface StudioWords {
  studio: string;
  skip: string;
  /** The other language's name, in that language: the switch. */
  switchLanguage: string;
  signOut: string;
  signIn: { title: string; intro: string; token: string; button: string; failed: string; limited: string; signedOut: string; ended: string };
  timelines: {
    title: string;
    create: string;
    none: string;
    deleted: string;
    changed: string;
    open: string;
    visibility: Record<"public" | "unlisted" | "private", string>;
  };
  timeline: {
    slug: string;
    slugHelp: string;
    title: string;
    description: string;
    language: string;
    timeZone: string;
    visibility: string;
    embedOrigins: string;
    embedOriginsHelp: string;
    languages: string;
    languagesHelp: string;
    create: string;
    save: string;
    duplicate: string;
    duplicateSlug: string;
    duplicateHelp: string;
    delete: string;
    deleteConfirm: string;
    restore: string;
    slugTaken: string;
    slugDeleted: string;
  };
  tabs: { entries: string; paste: string; preview: string; rates: string; settings: string; trash: string };
  list: {
    newEvent: string;
    newCommitment: string;
    publishDrafts: string;
    search: string;
    filter: string;
    showAll: string;
    anyKind: string;
    anyStatus: string;
    none: string;
    noMatch: string;
    next: string;
    draft: string;
    drafts: string;
  };
  entry: {
    newEvent: string;
    newCommitment: string;
    edit: string;
    kind: string;
    kinds: Record<"event" | "commitment", string>;
    what: string;
    headline: string;
    body: string;
    bodyHelp: string;
    when: string;
    start: string;
    startHelp: string;
    end: string;
    qualifier: string;
    qualifiers: Record<"none" | "circa" | "before" | "after", string>;
    displayDate: string;
    displayDateHelp: string;
    who: string;
    actors: string;
    tags: string;
    listHelp: string;
    location: string;
    importance: string;
    sources: string;
    source: string;
    sourceUrl: string;
    sourceTitle: string;
    publisher: string;
    published: string;
    addSource: string;
    media: string;
    mediaUrl: string;
    mediaAlt: string;
    mediaCredit: string;
    commitment: string;
    status: string;
    due: string;
    amount: string;
    delivered: string;
    value: string;
    unit: string;
    unitHelp: string;
    notAmount: string;
    madeBy: string;
    beneficiary: string;
    publication: string;
    draft: string;
    draftHelp: string;
    externalId: string;
    save: string;
    delete: string;
    deleteConfirm: string;
    versions: string;
    notSaved: string;
    datesReadBack: string;
  };
  dates: {
    precision: Record<"year" | "month" | "day" | "datetime", string>;
    ambiguous: string;
    errors: Record<"empty" | "unreadable" | "two-digit-year" | "no-such-month" | "no-such-day" | "no-such-time" | "time-needs-day", string>;
  };
  status: {
    title: string;
    newStatus: string;
    date: string;
    note: string;
    sourceUrl: string;
    sourceTitle: string;
    record: string;
    history: string;
    none: string;
  };
  image: { title: string; file: string; alt: string; credit: string; upload: string; current: string; refused: string };
  conflict: { title: string; intro: string; field: string; yours: string; saved: string; keepMine: string; discard: string };
  history: { title: string; version: string; restore: string; current: string; actions: Record<"create" | "update" | "delete" | "restore" | "import", string> };
  trash: { title: string; entries: string; empty: string; deleted: string; restore: string };
  paste: {
    title: string;
    intro: string;
    cells: string;
    asDrafts: string;
    preview: string;
    columns: string;
    ignore: string;
    summary: string;
    row: string;
    outcome: string;
    outcomes: Record<"created" | "updated" | "unchanged" | "rejected" | "skipped", string>;
    header: string;
    column: string;
    unknownStatus: string;
    unknownKind: string;
    notYesNo: string;
    notNumber: string;
    near: string;
    updateIt: string;
    addNew: string;
    fix: string;
    check: string;
    apply: string;
    blocked: string;
    noRows: string;
    noHeadline: string;
    sameEntry: string;
  };
  translations: {
    title: string;
    intro: string;
    onlyOne: string;
    settings: string;
    field: string;
    original: string;
    states: Record<"missing" | "incomplete" | "stale" | "machine" | "current" | "unpublished", string>;
    machine: string;
    trancheNote: string;
    save: string;
    remove: string;
    removeConfirm: string;
    changed: string;
  };
  preview: { title: string; intro: string; language: string; theme: string; themes: Record<"light" | "dark" | "auto", string>; show: string; snippet: string; oembed: string; copy: string; copied: string; page: string; frame: string };
  errors: { title: string; notFound: string; forbidden: string; crossSite: string; tooLarge: string; back: string };
  done: Record<
    "saved" | "created" | "deleted" | "restored" | "published" | "timelineCreated" | "settingsSaved" | "timelineDeleted" | "timelineRestored" | "statusRecorded" | "imageUploaded" | "duplicated" | "pasted" | "translationSaved" | "translationRemoved" | "ratesImported",
    string
  >;
  /** The ledger's forms: tranches, the reason, the reporting currency and exchange rates. */
  ledger: {
    tranches: string;
    tranchesHelp: string;
    tranche: string;
    newTranche: string;
    phase: string;
    date: string;
    maker: string;
    makerHelp: string;
    note: string;
    remove: string;
    addTranche: string;
    totals: string;
    totalsRow: string;
    progress: string;
    amountsFromTranches: string;
    amountFromTranches: string;
    needsUnit: string;
    notPositive: string;
    reason: string;
    reasonHelp: string;
    deliveredAsTranche: string;
    reportingCurrency: string;
    reportingCurrencyHelp: string;
    rates: string;
    ratesIntro: string;
    ratesFile: string;
    ratesText: string;
    ratesTextHelp: string;
    ratesImport: string;
    ratesNone: string;
    ratesPair: string;
    ratesFrom: string;
    ratesTo: string;
    ratesCount: string;
    ratesRefused: string;
    ratesLine: string;
    ratesEmpty: string;
    ratesTooMany: string;
    ratesNothing: string;
    ratesTooLarge: string;
    ratesNotUtf8: string;
  };
}
