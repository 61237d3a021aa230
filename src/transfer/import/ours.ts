/**
 * Reading our own format (`edge-timeline/1`, as the export writes it) into import rows. Each entry
 * is EntryCreate's fields plus what the store keeps: `id` and `created_at` are kept, the
 * commitment's `history` is kept exactly (tranches keep their `recorded_at` through the entry schema); `revision`, `updated_at` (maintained by this store) and
 * read-only fields of the entries API (`timeline`, `precision`, `overdue`, `progress`) are ignored.
 */
import * as z from "zod/mini";
import { EntryId } from "../../http/schemas/common";
import { optionalText, orNull, Source } from "../../http/schemas/fields";
import { COMMITMENT_STATUSES, type StatusChange } from "../../domain/commitments";
import { parseDate, serviceTimestamp } from "../../domain/dates";
import { LIMITS } from "../../domain/limits";
import { normalizeText } from "../../domain/text";
import { jsonPointer } from "../../http/problem";
import { issuePointers } from "../../http/validation";
import { isObject, type ImportRow, type RowError } from "./types";

const IGNORED_FIELDS = ["revision", "updated_at", "deleted_at", "timeline", "precision"];
const IGNORED_COMMITMENT_FIELDS = ["overdue", "progress", "totals"];
/** A translation's revision counter restarts with the entry's, as `revision` does. */
const IGNORED_TRANSLATION_FIELDS = ["source_revision"];

const History = z
  .array(
    z.strictObject({
      at: z.string().check(z.refine((s) => parseDate(s).ok, "is not a valid date or date-time")),
      from: orNull(z.enum(COMMITMENT_STATUSES)),
      status: z.enum(COMMITMENT_STATUSES),
      note: optionalText(LIMITS.note, { multiline: true }),
      source: orNull(Source),
      reason: z.optional(optionalText(LIMITS.note, { multiline: true })),
      recorded_at: z.optional(z.string().check(z.refine((s) => serviceTimestamp(s) !== null, "must be an RFC 3339 date-time in the years 0001–9999"))),
    }),
  )
  .check(z.maxLength(1000, "may hold at most 1000 status changes"));



/** One entry of our format as an import row. */
export function ourRow(raw: unknown, index: number): ImportRow {
  const pointer = `/entries/${index}`;
  const errors: RowError[] = [];
  const row: ImportRow = {
    index,
    pointer,
    title: null,
    errors,
    fields: {},
    mode: "replace",
    externalId: null,
    pointerFor: (path) => pointer + jsonPointer(path),
  };
  if (!isObject(raw)) {
    errors.push({ pointer, detail: "must be an entry object" });
    return row;
  }
  const { id, created_at, ...fields } = raw;
  for (const key of IGNORED_FIELDS) delete fields[key];

  if (id !== undefined && id !== null) {
    const parsed = EntryId.safeParse(id);
    if (parsed.success) row.id = parsed.data;
    else errors.push({ pointer: `${pointer}/id`, detail: "is not an entry id (a UUID, as the export writes it)" });
  }
  if (created_at !== undefined && created_at !== null) {
    const stamp = typeof created_at === "string" ? serviceTimestamp(created_at) : null;
    if (stamp) row.createdAt = stamp;
    else errors.push({ pointer: `${pointer}/created_at`, detail: "must be an RFC 3339 date-time in the years 0001–9999 (UTC)" });
  }
  if (isObject(fields.commitment)) {
    const { history, ...commitment } = fields.commitment;
    for (const key of IGNORED_COMMITMENT_FIELDS) delete commitment[key];
    fields.commitment = commitment;
    if (history !== undefined && history !== null) {
      const parsed = History.safeParse(history);
      if (parsed.success) row.history = parsed.data satisfies StatusChange[];
      else {
        errors.push(...issuePointers(parsed.error.issues, `${pointer}/commitment/history`));
      }
    }
  }
  if (isObject(fields.translations)) {
    fields.translations = Object.fromEntries(
      Object.entries(fields.translations).map(([lang, t]) => {
        if (!isObject(t)) return [lang, t];
        const kept = { ...t };
        for (const key of IGNORED_TRANSLATION_FIELDS) delete kept[key];
        return [lang, kept];
      }),
    );
  }
  row.fields = fields;
  row.title = typeof fields.title === "string" ? fields.title : null;
  row.externalId = typeof fields.external_id === "string" ? normalizeText(fields.external_id) || null : null;
  return row;
}
