/**
 * Entry queries. Reads page by keyset over indexes in chronological order; writes go through
 * `entryWrites`, one atomic batch whatever the number of entries, tags or sources (see
 * `rowInserter`). An entry's fields are its row's columns under the same names; the other
 * columns are derived from them (`derivedColumns`).
 */
import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { type CommitmentStatus, withLedgerFields } from "../domain/commitments";
import { entryPeriod, mustParseDate, PRECISION_RANK } from "../domain/dates";
import type { Entry, EntryKind } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { foldKey } from "../domain/text";
import { type Statement, statement } from "./batch";
import type { Db } from "./client";
import { timelineBySlug, toTimeline } from "./timelines";
import { jsonChunks, namedReader, type NamedRow, rowInserter, type SameFields } from "./columns";
import { entries, entryFacets, entryRevisions, type EntryRow } from "./schema";

export interface EntryFilter {
  kind?: EntryKind;
  status?: CommitmentStatus;
  /** Folded keys (see foldKey). */
  tag?: string;
  actor?: string;
  /** Overlap window [fromMs, toMs): entries whose period touches it. */
  fromMs?: number;
  toMs?: number;
  /** An FTS5 query (see ftsQuery), matched against the source text… */
  match?: string;
  /** …and against the translations into these languages (tags as stored). */
  languages?: string[];
  /** Drafts are left out unless the reader may edit the timeline. */
  includeDrafts?: boolean;
  /** Only drafts (the studio's "publish all"); implies includeDrafts. */
  onlyDrafts?: boolean;
}

/** Position of an entry in chronological order. */
export interface EntryKey {
  startMs: number;
  startRank: number;
  id: string;
}

export interface PageRequest {
  order: "asc" | "desc";
  limit: number;
  after: EntryKey | null;
}

/** Columns the store derives from an entry's fields (keys, copies for indexes); the API never shows them. */
const DERIVED_COLUMNS = ["seq", "timeline_id", "start_ms", "start_rank", "end_ms", "status", "search_text"] as const;
type DerivedColumn = (typeof DERIVED_COLUMNS)[number];
type EntryColumns = NamedRow<typeof entries>;

// Every other column is a field of the entry, under the same name and type: the table and the
// domain type cannot drift apart unnoticed. A new column either is a field or is derived.
"same" satisfies SameFields<Omit<EntryColumns, DerivedColumn>, Entry>;

const readEntry = namedReader(entries, DERIVED_COLUMNS);

/** An entry as stored; a commitment written before the ledger gets its fields (no tranches, no reason). */
export function toEntry(row: EntryRow): Entry {
  const entry = readEntry(row);
  // Media stored before images had a size reads with width and height null.
  if (entry.media) entry.media = { ...entry.media, width: entry.media.width ?? null, height: entry.media.height ?? null };
  return entry.commitment ? { ...entry, commitment: withLedgerFields(entry.commitment) } : entry;
}

export function entryKey(entry: Pick<Entry, "id" | "start">): EntryKey {
  const start = mustParseDate(entry.start);
  return { startMs: start.startMs, startRank: PRECISION_RANK[start.precision], id: entry.id };
}

/**
 * The query for one page of live entries in chronological order (or reverse), one row more than
 * the page to tell whether another follows. Tag and actor filters page over the facet index; the
 * rest over the entries indexes. Exposed so tests can check its query plan.
 */
export function entryPageQuery(db: Db, timelineId: number, filter: EntryFilter, page: PageRequest) {
  const facet = filter.tag !== undefined ? ("tag" as const) : filter.actor !== undefined ? ("actor" as const) : null;
  const key = facet
    ? { startMs: entryFacets.startMs, startRank: entryFacets.startRank, id: entryFacets.entryId }
    : { startMs: entries.startMs, startRank: entries.startRank, id: entries.id };

  const where: (SQL | undefined)[] = [eq(entries.timelineId, timelineId), isNull(entries.deletedAt)];
  if (facet) {
    where.push(
      eq(entryFacets.timelineId, timelineId),
      eq(entryFacets.facet, facet),
      eq(entryFacets.valueKey, (facet === "tag" ? filter.tag : filter.actor)!),
    );
  }
  if (facet === "tag" && filter.actor !== undefined) where.push(hasFacet(timelineId, "actor", filter.actor));
  if (filter.onlyDrafts) where.push(eq(entries.draft, true));
  else if (!filter.includeDrafts) where.push(eq(entries.draft, false));
  if (filter.kind) where.push(eq(entries.kind, filter.kind));
  if (filter.status) where.push(eq(entries.status, filter.status));
  if (filter.toMs !== undefined) where.push(sql`${key.startMs} < ${filter.toMs}`);
  if (filter.fromMs !== undefined) where.push(sql`${entries.endMs} > ${filter.fromMs}`);
  if (filter.match) where.push(textMatch(filter.match, filter.languages ?? []));
  if (page.after) {
    const { startMs, startRank, id } = page.after;
    const op = page.order === "asc" ? sql`>` : sql`<`;
    where.push(sql`(${key.startMs}, ${key.startRank}, ${key.id}) ${op} (${startMs}, ${startRank}, ${id})`);
  }
  const dir = page.order === "asc" ? asc : desc;
  const orderBy = [dir(key.startMs), dir(key.startRank), dir(key.id)];
  const query = facet
    ? db.select({ entry: entries }).from(entryFacets).innerJoin(entries, eq(entries.id, entryFacets.entryId))
    : db.select({ entry: entries }).from(entries);
  return query
    .where(and(...where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
}

export interface EntryPage {
  entries: Entry[];
  /** The key to continue after; null on the last page. */
  next: EntryKey | null;
}

/** `entryPageQuery` fetches one row more than the page, to tell whether another page follows. */
function toEntryPage(rows: { entry: EntryRow }[], page: PageRequest): EntryPage {
  const items = rows.slice(0, page.limit).map((r) => toEntry(r.entry));
  const last = items.at(-1);
  return { entries: items, next: rows.length > page.limit && last ? entryKey(last) : null };
}

/** One page of live entries. */
export async function listEntries(db: Db, timelineId: number, filter: EntryFilter, page: PageRequest): Promise<EntryPage> {
  return toEntryPage(await entryPageQuery(db, timelineId, filter, page), page);
}

/** A page of live entries and the timeline's commitments counted by status, in one round trip. */
export async function listEntriesWithCounts(
  db: Db,
  timelineId: number,
  filter: EntryFilter,
  page: PageRequest,
): Promise<EntryPage & { counts: Map<CommitmentStatus, number> }> {
  const [rows, counts] = await db.batch([
    entryPageQuery(db, timelineId, filter, page),
    commitmentCountsQuery(db, timelineId, filter.includeDrafts ?? false),
  ]);
  return { ...toEntryPage(rows, page), counts: new Map(counts.map((r) => [r.status as CommitmentStatus, r.count])) };
}

/**
 * Entries whose source text matches, or whose translation into one of `languages` does (the
 * translation index numbers an entry's rows from seq * 32, see the migration).
 */
function textMatch(match: string, languages: string[]): SQL {
  const source = sql`SELECT rowid FROM entries_fts WHERE entries_fts MATCH ${match}`;
  if (languages.length === 0) return sql`${entries.seq} IN (${source})`;
  return sql`${entries.seq} IN (${source} UNION ALL SELECT rowid >> 5 FROM entry_translations_fts
    WHERE entry_translations_fts MATCH ${match} AND lang IN (SELECT value FROM json_each(${JSON.stringify(languages)})))`;
}

/** Whether the entry also carries this facet: a point look-up on the facet table's key. */
function hasFacet(timelineId: number, facet: "tag" | "actor", valueKey: string): SQL {
  return sql`EXISTS (SELECT 1 FROM entry_facets f2 WHERE f2.timeline_id = ${timelineId} AND f2.facet = ${facet}
    AND f2.value_key = ${valueKey} AND f2.start_ms = ${entries.startMs} AND f2.start_rank = ${entries.startRank}
    AND f2.entry_id = ${entries.id})`;
}

export async function getEntry(
  db: Db,
  timelineId: number,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<Entry | null> {
  const row = await db
    .select()
    .from(entries)
    .where(and(eq(entries.timelineId, timelineId), eq(entries.id, id), options.includeDeleted ? undefined : isNull(entries.deletedAt)))
    .get();
  return row ? toEntry(row) : null;
}

/** The timeline `slug`, deleted or not, and its live entry `id`, in one round trip. */
export async function findTimelineAndEntry(
  db: Db,
  slug: string,
  id: string,
): Promise<{ timeline: Timeline | null; entry: Entry | null }> {
  const [timelineRows, entryRows] = await db.batch([
    timelineBySlug(db, slug),
    db
      .select()
      .from(entries)
      .where(and(eq(entries.id, id), isNull(entries.deletedAt), sql`${entries.timelineId} = (SELECT id FROM timelines WHERE slug = ${slug})`)),
  ]);
  const [timeline] = timelineRows;
  const [entry] = entryRows;
  return { timeline: timeline ? toTimeline(timeline) : null, entry: entry ? toEntry(entry) : null };
}

/**
 * Live commitments per status, for the widget's summary. Only commitments have a status, so this
 * reads the commitments' range of the status index, however many events the timeline holds.
 */
export function commitmentCountsQuery(db: Db, timelineId: number, includeDrafts = false) {
  return db
    .select({ status: entries.status, count: sql<number>`count(*)` })
    .from(entries)
    .where(
      and(
        eq(entries.timelineId, timelineId),
        isNull(entries.deletedAt),
        isNotNull(entries.status),
        includeDrafts ? undefined : eq(entries.draft, false),
      ),
    )
    .groupBy(entries.status);
}

export async function listRevisions(db: Db, entryId: string) {
  return db
    .select({
      revision: entryRevisions.revision,
      action: entryRevisions.action,
      snapshot: entryRevisions.snapshot,
      token_id: entryRevisions.tokenId,
      created_at: entryRevisions.createdAt,
    })
    .from(entryRevisions)
    .where(eq(entryRevisions.entryId, entryId))
    .orderBy(desc(entryRevisions.revision));
}

// ---------------------------------------------------------------------------------------------
// Writes

export type EntryAction = "create" | "update" | "delete" | "restore" | "import";

export interface EntryChange {
  /** The whole new state; `revision` is the stored one + 1 (1 for a new entry). */
  entry: Entry;
  /**
   * The stored state it replaces (null for a new entry). The revision lock makes it the state the
   * batch finds, so hooks may derive from it (the ledger subtracts what it counted before).
   */
  previous: Entry | null;
  action: EntryAction;
}

/** Words the full-text index sees besides title and body. */
export function searchText(entry: Entry): string {
  return [
    ...entry.tags,
    ...entry.actors,
    entry.location,
    entry.display_date,
    ...(entry.commitment?.made_by ?? []),
    entry.commitment?.beneficiary,
    ...entry.sources.flatMap((s) => [s.title, s.publisher]),
  ]
    .filter(Boolean)
    .join(" ");
}

/** The derived columns of an entry's row, computed from its fields (typed: none can be left out). */
export function derivedColumns(timelineId: number, e: Entry): Omit<Pick<EntryColumns, DerivedColumn>, "seq"> {
  const start = mustParseDate(e.start);
  const period = entryPeriod(start, e.end ? mustParseDate(e.end) : null);
  return {
    timeline_id: timelineId,
    start_ms: period.startMs,
    start_rank: PRECISION_RANK[start.precision],
    end_ms: period.endMs,
    status: e.commitment?.status ?? null,
    search_text: searchText(e),
  };
}

/** Facet rows of a live entry: its tags, and its actors together with the commitment's makers. */
export function facetRows(timelineId: number, e: Entry): NamedRow<typeof entryFacets>[] {
  if (e.deleted_at) return [];
  const key = entryKey(e);
  const rows = new Map<string, { facet: "tag" | "actor"; value_key: string }>();
  for (const tag of e.tags) rows.set(`tag:${foldKey(tag)}`, { facet: "tag", value_key: foldKey(tag) });
  for (const actor of [...e.actors, ...(e.commitment?.made_by ?? [])]) {
    rows.set(`actor:${foldKey(actor)}`, { facet: "actor", value_key: foldKey(actor) });
  }
  return [...rows.values()].map((r) => ({
    timeline_id: timelineId,
    ...r,
    start_ms: key.startMs,
    start_rank: key.startRank,
    entry_id: e.id,
  }));
}

/** Stored once, never changed by an update. */
const FIXED_ON_UPDATE = new Set(["id", "timeline_id", "created_at"]);

/** Entry rows, inserted or (same id) updated; an id never moves between timelines. */
const upsertEntries = rowInserter(entries, {
  omit: ["seq"],
  then: (columns) =>
    `ON CONFLICT(id) DO UPDATE SET ${columns
      .filter((c) => !FIXED_ON_UPDATE.has(c))
      .map((c) => `"${c}" = excluded."${c}"`)
      .join(", ")} WHERE entries.timeline_id = excluded.timeline_id`,
});
const insertFacets = rowInserter(entryFacets);
const insertRevisions = rowInserter(entryRevisions);

/**
 * The statements that store `changes` for one timeline, in one batch: entry rows (the revision
 * lock trigger rejects stale ones), their facets, a revision snapshot each, and the timeline's
 * revision bump that invalidates every cached read of it.
 */
export function entryWrites(
  db: Db,
  timelineId: number,
  changes: EntryChange[],
  meta: { tokenId: string; now: string },
): Statement[] {
  const toStatement = (query: SQL) => statement(db, query);
  const ids = jsonChunks(changes.map((c) => c.entry.id));
  return [
    ...upsertEntries(changes.map(({ entry }) => ({ ...entry, ...derivedColumns(timelineId, entry) }))).map(toStatement),
    ...ids.map((chunk) => toStatement(sql`DELETE FROM entry_facets WHERE entry_id IN (SELECT value FROM json_each(${chunk}))`)),
    ...insertFacets(changes.flatMap((c) => facetRows(timelineId, c.entry))).map(toStatement),
    ...insertRevisions(
      changes.map((c) => ({
        entry_id: c.entry.id,
        revision: c.entry.revision,
        action: c.action,
        snapshot: c.entry as unknown as Record<string, unknown>,
        token_id: meta.tokenId,
        created_at: meta.now,
      })),
    ).map(toStatement),
    toStatement(sql`UPDATE timelines SET revision = revision + 1, updated_at = ${meta.now} WHERE id = ${timelineId}`),
  ];
}

/** Deleted entries of a timeline, most recently deleted first (the trash). */
export async function listDeletedEntries(db: Db, timelineId: number, limit = 200): Promise<Entry[]> {
  const rows = await db
    .select()
    .from(entries)
    .where(and(eq(entries.timelineId, timelineId), isNotNull(entries.deletedAt)))
    .orderBy(desc(entries.deletedAt))
    .limit(limit);
  return rows.map(toEntry);
}

/** Tags and actors the timeline's entries use (as first written), for suggestions while typing. */
export async function labelsInUse(db: Db, timelineId: number, limit = 300): Promise<{ tags: string[]; actors: string[] }> {
  const query = (column: "tags" | "actors") =>
    db.all<{ value: string }>(
      sql`SELECT DISTINCT j.value AS value FROM entries, json_each(entries.${sql.raw(column)}) j
          WHERE entries.timeline_id = ${timelineId} AND entries.deleted_at IS NULL ORDER BY j.value LIMIT ${limit}`,
    );
  const [tags, actors] = await Promise.all([query("tags"), query("actors")]);
  return { tags: tags.map((r) => r.value), actors: actors.map((r) => r.value) };
}

/** How many live drafts the timeline holds (the studio's "publish all"). */
export async function countDrafts(db: Db, timelineId: number): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .where(and(eq(entries.timelineId, timelineId), isNull(entries.deletedAt), eq(entries.draft, true)))
    .get();
  return row?.n ?? 0;
}

/**
 * What identifies each entry of a timeline (live, draft or deleted): id, external id, start and
 * headline. The studio matches pasted rows against it; one narrow query however many entries.
 */
export async function entryKeys(db: Db, timelineId: number) {
  return db
    .select({ id: entries.id, external_id: entries.externalId, start: entries.start, title: entries.title, deleted_at: entries.deletedAt })
    .from(entries)
    .where(eq(entries.timelineId, timelineId));
}
