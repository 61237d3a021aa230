/** Export and import handlers: thin; reading, planning and the backup format live in their own modules. */
import type { Context } from "hono";
import { uuidv7 } from "../domain/ids";
import type { AppEnv } from "../env";
import { EntryId } from "../http/schemas/common";
import { allRates } from "../db/ledger";
import { collectEntries, findEntriesByExternalIds, findEntriesByIds } from "../db/transfer";
import { authorize } from "../http/auth";
import { decodeUtf8 } from "../http/body";
import { PRIVATE_CACHE_CONTROL } from "../http/cache";
import { Problem } from "../http/problem";
import type { RouteHandler } from "../http/route";
import { writableTimeline } from "../http/timeline-access";
import { writeEntries, writeRates } from "../http/write";
import type { Rate } from "../domain/rates";
import { exportDocument } from "./export";
import { type ExistingEntries, planImport } from "./import/plan";
import { readImport } from "./import/read";
import type { ImportDocument, ImportReport, ImportRow } from "./import/types";
import type * as routes from "./routes";

export const exportTimeline: RouteHandler<typeof routes.exportTimeline> = async (c, { params }) => {
  await authorize(c, "timeline:export", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const { entries } = await collectEntries(c.var.db, timeline.id, { includeDrafts: true }, { order: "asc", max: Number.POSITIVE_INFINITY });
  const rates = await allRates(c.var.db, timeline.id);
  return c.json(exportDocument(timeline, entries, c.var.now.toISOString(), rates), 200, {
    "Cache-Control": PRIVATE_CACHE_CONTROL,
    "Content-Disposition": `attachment; filename="${timeline.slug}.edge-timeline.json"`,
  });
};

/** 422: the import was read, some rows were rejected, and nothing was written. */
function importRejected(report: ImportReport): Problem {
  const errors = report.items.flatMap((item) => item.errors ?? []);
  const first = errors[0];
  const total = report.items.length;
  return new Problem(
    "import-rejected",
    `${report.rejected} of ${total} rows ${report.rejected === 1 ? "was" : "were"} rejected, so nothing was written` +
      (first ? ` (first: ${first.pointer} ${first.detail}).` : "."),
    { errors: errors.slice(0, 100), extensions: { report } },
  );
}

/**
 * The entries of this timeline an import's rows may name, by id and by external id (a copied
 * row's old id is looked up as an external id too). Other timelines are never read.
 */
async function existingEntries(c: Context<AppEnv>, timelineId: number, rows: ImportRow[]): Promise<ExistingEntries> {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  for (const row of rows) {
    if (row.id) {
      ids.add(row.id);
      externalIds.add(row.id);
    }
    if (row.ownId && EntryId.safeParse(row.ownId).success) ids.add(row.ownId);
    if (row.externalId) externalIds.add(row.externalId);
  }
  const [byId, byExternal] = await Promise.all([
    findEntriesByIds(c.var.db, timelineId, [...ids]),
    findEntriesByExternalIds(c.var.db, timelineId, [...externalIds]),
  ]);
  return {
    byId: new Map(byId.map((e) => [e.id, e])),
    byExternalId: new Map(byExternal.map((e) => [e.external_id!, e])),
  };
}

/** The rates of an import not already stored as they are (so a re-import changes nothing). */
async function newRates(c: Context<AppEnv>, timelineId: number, rates: Rate[]): Promise<Rate[]> {
  if (rates.length === 0) return [];
  const key = (r: Rate) => `${r.base}/${r.currency}@${r.date}`;
  const stored = new Map((await allRates(c.var.db, timelineId)).map((r) => [key(r), r.rate]));
  return rates.filter((r) => stored.get(key(r)) !== r.rate);
}

/**
 * Import applies no timeline field, the reporting currency included (it belongs to the timeline
 * written to, as its title and languages do); the report says when the document's differs.
 */
function reportingNote(doc: ImportDocument, current: string | null): string[] {
  const given = doc.reportingCurrency;
  if (given === undefined || given === current) return [];
  return [
    `The document reports in ${given ?? "no currency"}, this timeline in ${current ?? "none"}: its reporting_currency is kept ` +
      `(set it with PATCH /v1/timelines/{slug}); the exchange rates are imported either way.`,
  ];
}

export const importEntries: RouteHandler<typeof routes.importEntries> = async (c, { params, query }) => {
  const who = await authorize(c, "entry:write", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const contentType = c.req.header("Content-Type") ?? "";
  const body = decodeUtf8(await c.req.arrayBuffer(), contentType);
  const doc = await readImport(contentType, body, timeline.time_zone);
  const existing = await existingEntries(c, timeline.id, doc.rows);
  const now = c.var.now.toISOString();
  const plan = planImport(doc.rows, existing, { now, newId: uuidv7, language: timeline.language });
  const rates = await newRates(c, timeline.id, doc.rates ?? []);
  const notes = [...doc.notes, ...reportingNote(doc, timeline.reporting_currency)];
  const report: ImportReport = { format: doc.format, dry_run: query.dry_run, applied: false, ...plan.report, rates: rates.length, notes };
  if (report.rejected > 0) throw importRejected(report);
  if (!query.dry_run && (plan.changes.length > 0 || rates.length > 0)) {
    // One batch: the entries and the rates commit together (the aggregates recomputed with both), or nothing does.
    if (plan.changes.length > 0) await writeEntries(c, timeline, plan.changes, { by: who.id, rates });
    else await writeRates(c, timeline, rates, { by: who.id });
    report.applied = true;
  }
  return c.json(report, 200, { "Cache-Control": "no-store" });
};
