/**
 * The entry filters of the read API, shared by the entries list, every feed and the widget, and
 * their translation into a database filter and page. Cursors are opaque keyset positions: they
 * stay correct while entries are added, because they name a place in time, not an offset.
 */
import * as z from "zod";
import { COMMITMENT_STATUSES } from "../../domain/commitments";
import { mustParseDate } from "../../domain/dates";
import { ENTRY_KINDS } from "../../domain/entry";
import { LIMITS } from "../../domain/limits";
import { foldKey, ftsQuery, normalizeText } from "../../domain/text";
import type { EntryFilter, EntryKey, PageRequest } from "../../db/entries";
import { validationProblem } from "../../http/validation";
import { DateText } from "./fields";

const label = (max: number) => z.string().overwrite(normalizeText).min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const EntryQuery = z.object({
  kind: z.enum(ENTRY_KINDS).optional().meta({ description: "Only events or only commitments." }),
  status: z.enum(COMMITMENT_STATUSES).optional().meta({ description: "Only commitments with this status." }),
  tag: label(LIMITS.tag).optional().meta({ description: "Only entries with this tag (case-insensitive)." }),
  actor: label(LIMITS.actor).optional().meta({ description: "Only entries naming this actor (also as a commitment's maker)." }),
  from: DateText.optional().meta({ description: "Only entries whose period reaches into or past this date." }),
  to: DateText.optional().meta({ description: "Only entries whose period begins at or before this date (inclusive of its whole period)." }),
  q: z.string().max(LIMITS.query, `must be at most ${LIMITS.query} characters`).optional().meta({ description: "Words that must all occur (prefix match)." }),
  order: z.enum(["asc", "desc"]).default("asc").meta({ description: "Oldest first (asc, default) or newest first." }),
  limit: z.coerce
    .number({ error: "must be a whole number from 1 to 200" })
    .int("must be a whole number from 1 to 200")
    .min(1, "must be a whole number from 1 to 200")
    .max(LIMITS.pageSize, "must be a whole number from 1 to 200")
    .default(LIMITS.defaultPageSize),
  cursor: z.string().max(512).optional().meta({ description: "`next_cursor` of the previous page." }),
});
export type EntryQueryInput = z.output<typeof EntryQuery>;

interface CursorData {
  o: "asc" | "desc";
  k: [number, number, string];
}

export function encodeCursor(order: "asc" | "desc", key: EntryKey): string {
  const json = JSON.stringify({ o: order, k: [key.startMs, key.startRank, key.id] } satisfies CursorData);
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, order: "asc" | "desc"): EntryKey {
  const invalid = (detail: string) => validationProblem([{ parameter: "cursor", detail }]);
  let data: unknown;
  try {
    data = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw invalid("is not a cursor this service issued; use next_cursor from a previous page");
  }
  const c = data as Partial<CursorData>;
  if (
    !c ||
    (c.o !== "asc" && c.o !== "desc") ||
    !Array.isArray(c.k) ||
    c.k.length !== 3 ||
    !Number.isSafeInteger(c.k[0]) ||
    !Number.isSafeInteger(c.k[1]) ||
    typeof c.k[2] !== "string"
  ) {
    throw invalid("is not a cursor this service issued; use next_cursor from a previous page");
  }
  if (c.o !== order) throw invalid(`belongs to order=${c.o}; keep the order of the first page`);
  return { startMs: c.k[0], startRank: c.k[1], id: c.k[2] };
}

/** The database filter and page for validated query parameters. */
export function toListRequest(query: EntryQueryInput): { filter: EntryFilter; page: PageRequest } {
  const filter: EntryFilter = {};
  if (query.kind) filter.kind = query.kind;
  if (query.status) filter.status = query.status;
  if (query.tag !== undefined) filter.tag = foldKey(query.tag);
  if (query.actor !== undefined) filter.actor = foldKey(query.actor);
  if (query.from) filter.fromMs = mustParseDate(query.from).startMs;
  if (query.to) filter.toMs = mustParseDate(query.to).endMs;
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.toMs <= filter.fromMs) {
    throw validationProblem([{ parameter: "to", detail: "must not be before from" }]);
  }
  if (query.q !== undefined && query.q.trim() !== "") {
    const match = ftsQuery(query.q);
    if (!match) throw validationProblem([{ parameter: "q", detail: "holds no letters or digits to search for" }]);
    filter.match = match;
  }
  const page: PageRequest = {
    order: query.order,
    limit: query.limit,
    after: query.cursor ? decodeCursor(query.cursor, query.order) : null,
  };
  return { filter, page };
}

