/**
 * Entry queries. Reads page by keyset over indexes in chronological order; writes go through
 * `entryWrites`, one atomic batch whatever the number of entries, tags or sources: rows travel as
 * one JSON parameter per statement (`json_each`), far below D1's 100 bound parameters.
 */
import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { CommitmentStatus } from "../domain/commitments";
import { entryPeriod, mustParseDate, PRECISION_RANK } from "../domain/dates";
import type { Entry, EntryKind } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { foldKey } from "../domain/text";
import { type Statement, statement } from "./batch";
import type { Db } from "./client";
import { timelineBySlug, toTimeline } from "./timelines";
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
  /** An FTS5 query (see ftsQuery). */
  match?: string;
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

export function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    external_id: row.externalId,
    kind: row.kind,
    title: row.title,
    body: row.body,
    start: row.start,
    end: row.end,
    date_qualifier: row.dateQualifier,
    display_date: row.displayDate,
    tags: row.tags,
    actors: row.actors,
    location: row.location,
    importance: row.importance,
    media: row.media,
    sources: row.sources,
    commitment: row.commitment,
    revision: row.revision,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    deleted_at: row.deletedAt,
  };
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
  if (filter.kind) where.push(eq(entries.kind, filter.kind));
  if (filter.status) where.push(eq(entries.status, filter.status));
  if (filter.toMs !== undefined) where.push(sql`${key.startMs} < ${filter.toMs}`);
  if (filter.fromMs !== undefined) where.push(sql`${entries.endMs} > ${filter.fromMs}`);
  if (filter.match) {
    where.push(sql`${entries.seq} IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ${filter.match})`);
  }
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
  const [rows, counts] = await db.batch([entryPageQuery(db, timelineId, filter, page), commitmentCountsQuery(db, timelineId)]);
  return { ...toEntryPage(rows, page), counts: new Map(counts.map((r) => [r.status as CommitmentStatus, r.count])) };
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

/** Stored entries (live or deleted) among `ids`, with the timeline each belongs to. */
export async function findEntriesByIds(db: Db, ids: string[]): Promise<{ entry: Entry; timelineId: number }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(entries)
    .where(sql`${entries.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  return rows.map((row) => ({ entry: toEntry(row), timelineId: row.timelineId }));
}

/**
 * Live commitments per status, for the widget's summary. Only commitments have a status, so this
 * reads the commitments' range of the status index, however many events the timeline holds.
 */
export function commitmentCountsQuery(db: Db, timelineId: number) {
  return db
    .select({ status: entries.status, count: sql<number>`count(*)` })
    .from(entries)
    .where(and(eq(entries.timelineId, timelineId), isNull(entries.deletedAt), isNotNull(entries.status)))
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
  action: EntryAction;
  /** The stored state it replaces (null for a new entry): what the write's events compare against. */
  previous?: Entry | null;
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

function entryRowJson(timelineId: number, e: Entry) {
  const start = mustParseDate(e.start);
  const period = entryPeriod(start, e.end ? mustParseDate(e.end) : null);
  return {
    id: e.id,
    timeline_id: timelineId,
    external_id: e.external_id,
    kind: e.kind,
    title: e.title,
    body: e.body,
    start: e.start,
    end: e.end,
    start_ms: period.startMs,
    start_rank: PRECISION_RANK[start.precision],
    end_ms: period.endMs,
    date_qualifier: e.date_qualifier,
    display_date: e.display_date,
    tags: JSON.stringify(e.tags),
    actors: JSON.stringify(e.actors),
    location: e.location,
    importance: e.importance,
    media: e.media ? JSON.stringify(e.media) : null,
    sources: JSON.stringify(e.sources),
    status: e.commitment?.status ?? null,
    commitment: e.commitment ? JSON.stringify(e.commitment) : null,
    search_text: searchText(e),
    revision: e.revision,
    created_at: e.created_at,
    updated_at: e.updated_at,
    deleted_at: e.deleted_at,
  };
}

/** Facet rows of a live entry: its tags, and its actors together with the commitment's makers. */
export function facetRows(timelineId: number, e: Entry) {
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

const ENTRY_COLUMNS = [
  "id", "timeline_id", "external_id", "kind", "title", "body", "start", "end", "start_ms", "start_rank", "end_ms",
  "date_qualifier", "display_date", "tags", "actors", "location", "importance", "media", "sources",
  "status", "commitment", "search_text", "revision", "created_at", "updated_at", "deleted_at",
] as const;
const UPDATABLE = ENTRY_COLUMNS.filter((c) => c !== "id" && c !== "timeline_id" && c !== "created_at");
const quote = (c: string) => `"${c}"`;

/** Splits rows into JSON arrays of at most `maxChars` characters each (D1 caps a value's size). */
export function jsonChunks(rows: unknown[], maxChars = 400_000): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (current.length > 0 && size + text.length + 1 > maxChars) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(text);
    size += text.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** Inserts the rows of one JSON array parameter, `?`, each object keyed by column. */
function insertFromJson(table: string, columns: readonly string[]): string {
  return (
    `INSERT INTO ${table} (${columns.map(quote).join(", ")}) ` +
    `SELECT ${columns.map((c) => `value ->> '${c}'`).join(", ")} FROM json_each(?)`
  );
}

const UPSERT_SQL =
  `${insertFromJson("entries", ENTRY_COLUMNS)} WHERE true ` +
  `ON CONFLICT(id) DO UPDATE SET ${UPDATABLE.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(", ")} ` +
  // An id never moves between timelines.
  `WHERE entries.timeline_id = excluded.timeline_id`;
const INSERT_FACETS_SQL = insertFromJson("entry_facets", ["timeline_id", "facet", "value_key", "start_ms", "start_rank", "entry_id"]);
const INSERT_REVISIONS_SQL = insertFromJson("entry_revisions", ["entry_id", "revision", "action", "snapshot", "token_id", "created_at"]);

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
  const statements: Statement[] = [];
  const push = (query: SQL) => statements.push(statement(db, query));
  for (const chunk of jsonChunks(changes.map((c) => entryRowJson(timelineId, c.entry)))) {
    push(sqlWithJson(UPSERT_SQL, chunk));
  }
  for (const chunk of jsonChunks(changes.map((c) => c.entry.id))) {
    push(sql`DELETE FROM entry_facets WHERE entry_id IN (SELECT value FROM json_each(${chunk}))`);
  }
  const facets = changes.flatMap((c) => facetRows(timelineId, c.entry));
  for (const chunk of jsonChunks(facets)) push(sqlWithJson(INSERT_FACETS_SQL, chunk));
  const revisions = changes.map((c) => ({
    entry_id: c.entry.id,
    revision: c.entry.revision,
    action: c.action,
    snapshot: JSON.stringify(c.entry),
    token_id: meta.tokenId,
    created_at: meta.now,
  }));
  for (const chunk of jsonChunks(revisions)) push(sqlWithJson(INSERT_REVISIONS_SQL, chunk));
  push(sql`UPDATE timelines SET revision = revision + 1, updated_at = ${meta.now} WHERE id = ${timelineId}`);
  return statements;
}

/** A fixed statement text with its single `?` bound to `json`. */
function sqlWithJson(query: string, json: string): SQL {
  const [before, after] = query.split("?") as [string, string];
  return sql.join([sql.raw(before), sql`${json}`, sql.raw(after)]);
}
