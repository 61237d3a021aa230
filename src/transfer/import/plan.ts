/**
 * Planning an import, without I/O: each row is matched to the entry it updates (by id, external id
 * or TimelineJS unique_id), validated with EntryCreate (the one entry input schema), and turned
 * into the stored entry it would become. Rows that would change nothing are reported unchanged
 * and not written, so a re-import bumps no revision.
 *
 * A row whose id belongs to this timeline updates that entry; every other row is a copy: it gets
 * a new id and keeps the id it came with as its `external_id` (a re-import matches on it). The
 * same rule holds whether or not the id exists in another timeline, so an import never tells.
 */
import { EntryCreate } from "../../http/schemas/entry";
import type { EntryChange } from "../../http/write";
import { buildEntry, type Entry, entryAsInput, mergeEntryPatch } from "../../domain/entry";
import { canonicalJson, foldKey } from "../../domain/text";
import { translationProblems, writeTranslations } from "../../domain/translations";
import { isObject, type ImportReport, type ImportReportItem, type ImportRow, type RowError } from "./types";
import { issueFields } from "../../http/validation";

export interface ExistingEntries {
  /** Entries of this timeline (live or deleted) whose id an import row names. */
  byId: Map<string, Entry>;
  /** Entries of this timeline (live or deleted) by external id. */
  byExternalId: Map<string, Entry>;
}

export interface ImportPlan {
  changes: EntryChange[];
  report: Omit<ImportReport, "format" | "dry_run" | "applied" | "notes" | "rates">;
}

/** Everything an entry holds that an import may change (not revision or timestamps). */
function content(entry: Entry): unknown {
  const { revision: _r, created_at: _c, updated_at: _u, deleted_at: _d, id: _i, ...rest } = entry;
  return rest;
}

export { canonicalJson };

function withTag(tags: string[], tag: string | null | undefined): string[] {
  if (!tag || tags.some((t) => foldKey(t) === foldKey(tag))) return tags;
  return [...tags, tag];
}

/**
 * The changes an import makes to the timeline whose entries `existing` holds (written in
 * `meta.language`), and the report of every row.
 * @example const { changes, report } = planImport(rows, existing, { now, newId: uuidv7, language: timeline.language });
 */
export function planImport(
  rows: ImportRow[],
  existing: ExistingEntries,
  meta: { now: string; newId: () => string; language: string },
): ImportPlan {
  const changes: EntryChange[] = [];
  const items: ImportReportItem[] = [];
  /** Entry id → pointer of the row that claimed it. */
  const claimed = new Map<string, string>();
  /** External id → pointer of the row that used it. */
  const externalIds = new Map<string, string>();

  for (const row of rows) {
    const item: ImportReportItem = {
      index: row.index,
      pointer: row.pointer,
      ...(row.sheetRow !== undefined ? { sheet_row: row.sheetRow } : {}),
      status: "rejected",
      title: row.title,
    };
    items.push(item);
    if (row.skip) {
      item.status = "skipped";
      item.note = row.skip;
      continue;
    }
    const errors: RowError[] = [...row.errors];
    const reject = () => {
      item.status = "rejected";
      item.errors = errors;
    };
    if (errors.length > 0) {
      reject();
      continue;
    }

    // Which stored entry the row is. Only this timeline's entries are ever looked at, so the
    // answer is the same whether or not an id exists elsewhere.
    let target: Entry | null = null;
    let externalId = row.externalId;
    if (row.mode === "replace") {
      const own = row.id ? existing.byId.get(row.id) : undefined;
      if (own) {
        target = own;
        const holder = row.externalId ? existing.byExternalId.get(row.externalId) : undefined;
        if (holder && holder.id !== own.id) {
          errors.push({ pointer: `${row.pointer}/external_id`, detail: `is already used by entry ${holder.id} of this timeline` });
        }
      } else {
        // A copy: a new id, and the id it came with as its external id (unless it brings one),
        // so a re-import of the same document finds it again by either.
        externalId = row.externalId ?? row.id ?? null;
        const keys = [row.externalId, row.id].filter((k): k is string => Boolean(k));
        target = keys.map((k) => existing.byExternalId.get(k)).find((e) => e !== undefined) ?? null;
      }
    } else if (row.externalId) {
      target = existing.byExternalId.get(row.externalId) ?? null;
      if (!target && row.ownId) {
        const own = existing.byId.get(row.ownId);
        if (own && (own.external_id === null || own.external_id === row.externalId)) target = own;
      }
    }
    if (errors.length > 0) {
      reject();
      continue;
    }
    // A row claims its entry and external id only once it is not refused for them.
    const id = target?.id;
    if (id !== undefined) {
      const first = claimed.get(id);
      if (first) errors.push({ pointer: row.mode === "replace" && row.id ? `${row.pointer}/id` : row.pointer, detail: `is the same entry as ${first}` });
      else claimed.set(id, row.pointer);
    }
    if (externalId) {
      const first = externalIds.get(externalId);
      if (first) {
        const pointer = row.externalId ? row.pointerFor(["external_id"]) : `${row.pointer}/id`;
        errors.push({ pointer, detail: `repeats the id of ${first}` });
      } else externalIds.set(externalId, row.pointer);
    }
    if (errors.length > 0) {
      reject();
      continue;
    }

    // What the entry becomes.
    let input: Record<string, unknown>;
    if (row.mode === "replace") input = target === null || target.id !== row.id ? { ...row.fields, external_id: externalId } : row.fields;
    else if (target) input = mergeEntryPatch(entryAsInput(target), { ...row.fields, tags: withTag(target.tags, row.group) });
    else input = { kind: "event", ...row.fields, tags: withTag([], row.group), external_id: row.externalId };
    const parsed = EntryCreate.safeParse(input);
    if (!parsed.success) {
      for (const { path, detail } of issueFields(parsed.error.issues)) errors.push({ pointer: row.pointerFor(path), detail });
      reject();
      continue;
    }
    const next = buildEntry(target, parsed.data, { id: id ?? meta.newId(), now: meta.now });
    if (row.history && next.commitment) {
      next.commitment = { ...next.commitment, history: row.history };
      // The kept history holds the notes translations name.
      next.translations = writeTranslations(target?.translations ?? null, parsed.data.translations, next, next.revision);
    }
    if (isObject(row.fields.translations)) {
      const given = parsed.data.translations;
      for (const { path, detail } of translationProblems(given, meta.language, next)) {
        errors.push({ pointer: row.pointerFor(["translations", ...path]), detail });
      }
    }
    if (errors.length > 0) {
      reject();
      continue;
    }
    next.created_at = target?.created_at ?? row.createdAt ?? meta.now;

    item.id = next.id;
    if (row.id) item.source_id = row.id;
    item.external_id = next.external_id;
    item.title = next.title;
    if (target && !target.deleted_at && canonicalJson(content(target)) === canonicalJson(content(next))) {
      item.status = "unchanged";
      continue;
    }
    item.status = target ? "updated" : "created";
    if (target?.deleted_at) item.note = "restored: the entry had been deleted";
    changes.push({ entry: next, previous: target, action: "import" });
  }

  const count = (status: ImportReportItem["status"]) => items.filter((i) => i.status === status).length;
  return {
    changes,
    report: {
      created: count("created"),
      updated: count("updated"),
      unchanged: count("unchanged"),
      skipped: count("skipped"),
      rejected: count("rejected"),
      items,
    },
  };
}
