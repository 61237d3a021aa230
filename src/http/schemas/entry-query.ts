/**
 * The entry filters of the read API, shared by the entries list, every feed and the widget, and
 * their translation into a database filter and page. Cursors are opaque keyset positions: they
 * stay correct while entries are added, because they name a place in time, not an offset.
 */
import { decodeBase64Url, encodeBase64Url } from "hono/utils/encode";
import * as z from "zod/mini";
import { COMMITMENT_STATUSES } from "../../domain/commitments";
import { mustParseDate } from "../../domain/dates";
import { ENTRY_KINDS } from "../../domain/entry";
import { LIMITS } from "../../domain/limits";
import { foldKey, ftsQuery, normalizeText } from "../../domain/text";
import type { EntryFilter, EntryKey, PageRequest } from "../../db/entries";
import { validationProblem } from "../validation";
import { lookupTags } from "../../domain/translations";
import { DateText, LanguageTag, meta } from "./fields";

const label = (max: number) =>
  z.string().check(
    z.overwrite(normalizeText),
    z.minLength(1, "must not be empty"),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine((s) => foldKey(s) !== "", "must hold visible characters"),
  );

const optional = <T extends z.ZodMiniType>(schema: T, description: string) => meta(z.optional(schema), { description });

/** `limit`: a whole number of items per page, 1–200. */
export function pageLimit(defaultValue: number = LIMITS.defaultPageSize) {
  const message = `must be a whole number from 1 to ${LIMITS.pageSize}`;
  return z._default(
    z.coerce.number({ error: message }).check(z.refine(Number.isInteger, message), z.gte(1, message), z.lte(LIMITS.pageSize, message)),
    defaultValue,
  );
}

export const EntryQuery = z.object({
  kind: optional(z.enum(ENTRY_KINDS), "Only events or only commitments."),
  status: optional(z.enum(COMMITMENT_STATUSES), "Only commitments with this status."),
  tag: optional(label(LIMITS.tag), "Only entries with this tag (case-insensitive)."),
  actor: optional(label(LIMITS.actor), "Only entries naming this actor (also as a commitment's maker)."),
  from: optional(DateText, "Only entries whose period reaches into or past this date."),
  to: optional(DateText, "Only entries whose period begins at or before this date (inclusive of its whole period)."),
  q: optional(
    z.string().check(
      z.maxLength(LIMITS.query, `must be at most ${LIMITS.query} characters`),
      z.overwrite((q) => normalizeText(q).replace(/\s+/g, " ")),
    ),
    "Words that must all occur (prefix match).",
  ),
  order: meta(z._default(z.enum(["asc", "desc"]), "asc"), { description: "Oldest first (asc, default) or newest first." }),
  limit: pageLimit(),
  cursor: optional(
    z.string().check(z.maxLength(512, "is not a cursor this service issued"), z.overwrite(canonicalCursor)),
    "`next_cursor` of the previous page.",
  ),
  lang: optional(
    LanguageTag,
    "The language to read in: each text field from its translation, falling back en-GB → en → the timeline's language (fallen-back fields are marked); `q` then searches that language and the source language. Default: the timeline's language.",
  ),
});
export type EntryQueryInput = z.output<typeof EntryQuery>;

const utf8 = new TextEncoder();

interface CursorData {
  o: "asc" | "desc";
  k: [number, number, string];
}

export function encodeCursor(order: "asc" | "desc", key: EntryKey): string {
  const json = JSON.stringify({ o: order, k: [key.startMs, key.startRank, key.id] } satisfies CursorData);
  return encodeBase64Url(utf8.encode(json).buffer).replace(/=+$/, "");
}

/** What a cursor names, or null when it is not one this service issued. */
function readCursor(cursor: string): { order: "asc" | "desc"; key: EntryKey } | null {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(decodeBase64Url(cursor)));
  } catch {
    return null;
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
    return null;
  }
  return { order: c.o, key: { startMs: c.k[0], startRank: c.k[1], id: c.k[2] } };
}

/**
 * The one spelling of a cursor (as `encodeCursor` writes it), so base64 and JSON variants of the
 * same position share one URL; anything unreadable stays as given (and is refused later).
 */
export function canonicalCursor(cursor: string): string {
  const read = readCursor(cursor);
  return read ? encodeCursor(read.order, read.key) : cursor;
}

export function decodeCursor(cursor: string, order: "asc" | "desc"): EntryKey {
  const invalid = (detail: string) => validationProblem([{ parameter: "cursor", detail }]);
  const read = readCursor(cursor);
  if (!read) throw invalid("is not a cursor this service issued; use next_cursor from a previous page");
  if (read.order !== order) throw invalid(`belongs to order=${read.order}; keep the order of the first page`);
  return read.key;
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
    if (query.lang) filter.languages = lookupTags(query.lang);
  }
  const page: PageRequest = {
    order: query.order,
    limit: query.limit,
    after: query.cursor ? decodeCursor(query.cursor, query.order) : null,
  };
  return { filter, page };
}

