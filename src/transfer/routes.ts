/** Definitions of the export and import routes: inputs, answers, documentation. */
import * as z from "zod/mini";
import { problems, SlugParams } from "../http/schemas/common";
import { meta } from "../http/schemas/fields";
import { RateList } from "../http/schemas/rates";
import { defineRoute } from "../http/route";
import { LIMITS } from "../domain/limits";

const tags = ["Feeds"];

const ExportDocumentSchema = meta(
  z.object({
    format: z.literal("edge-timeline/1"),
    exported_at: z.string(),
    timeline: z.record(z.string(), z.unknown()),
    entries: meta(z.array(z.record(z.string(), z.unknown())), {
      description: "Every live entry with every stored field (commitment history and tranches included), oldest first.",
    }),
    exchange_rates: meta(RateList, {
      description: "The timeline's exchange rates; `POST …/import` stores them with the entries (`POST …/rates` takes them as `{\"rates\": [...]}`).",
    }),
  }),
  { id: "ExportDocument" },
);

export const exportTimeline = defineRoute({
  method: "get",
  path: "/v1/timelines/{slug}/export",
  operationId: "exportTimeline",
  tags,
  summary: "Export the timeline (lossless backup)",
  description: "Needs a token that covers the timeline. `POST …/import` reads the document back.",
  auth: true,
  params: SlugParams,
  responses: {
    200: { description: "The edge-timeline/1 document", schema: ExportDocumentSchema },
    401: problems[401],
    403: problems[403],
    404: problems[404],
  },
});

const RowError = z.object({ pointer: z.string(), detail: z.string() });

export const ImportReportSchema = meta(
  z.object({
    format: z.enum(["edge-timeline/1", "timelinejs", "timelinejs-sheet"]),
    dry_run: z.boolean(),
    applied: meta(z.boolean(), { description: "Whether anything was written." }),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    skipped: z.number(),
    rejected: z.number(),
    rates: meta(z.number(), {
      description: "Exchange rates (our format's `exchange_rates`) stored, or with dry_run to store: those new or changed here.",
    }),
    items: z.array(
      z.object({
        index: z.number(),
        pointer: z.string(),
        sheet_row: meta(z.optional(z.number()), { description: "A CSV row's number in the spreadsheet (header = 1)." }),
        status: z.enum(["created", "updated", "unchanged", "skipped", "rejected"]),
        id: meta(z.optional(z.string()), { description: "The entry's id in this timeline (a new one for a copied row)." }),
        source_id: meta(z.optional(z.string()), {
          description: "The id the row came with; a row whose id is not one of this timeline's entries is copied under a new `id`.",
        }),
        external_id: z.optional(z.nullable(z.string())),
        title: z.optional(z.nullable(z.string())),
        errors: z.optional(z.array(RowError)),
        note: z.optional(z.string()),
      }),
    ),
    notes: z.array(z.string()),
  }),
  { id: "ImportReport" },
);

export const importEntries = defineRoute({
  method: "post",
  path: "/v1/timelines/{slug}/import",
  operationId: "importEntries",
  tags,
  summary: "Import entries (our export, TimelineJS JSON or a TimelineJS sheet as CSV)",
  description:
    "All or nothing: when any row is rejected nothing is written and the answer is 422 with the report. " +
    "A row whose `id` is an entry of this timeline updates it; any other row is copied under a new id and keeps the id it came with " +
    "as `external_id` (unless it has one), so a re-import updates rather than duplicates. " +
    "TimelineJS events match by `unique_id` (kept as `external_id`), " +
    "a sheet row by its date and headline. Rows that would not change are not rewritten. " +
    "Our format's `exchange_rates` are stored with the entries in the same transaction, checked as `POST …/rates` checks them " +
    "(a bad rate: 400 naming it, e.g. `/exchange_rates/3/currency`, and nothing is written); the document's timeline fields, " +
    "`reporting_currency` included, are not applied. " +
    `At most ${LIMITS.importEntries} entries and 1 MiB per request.`,
  auth: true,
  params: SlugParams,
  query: z.object({
    dry_run: meta(
      z.pipe(
        z.optional(z.enum(["true", "false", "1", "0"])),
        z.transform((v: "true" | "false" | "1" | "0" | undefined) => v === "true" || v === "1"),
      ),
      { description: "Validate and report without writing." },
    ),
  }),
  rawBody: {
    description: "An edge-timeline/1 export or TimelineJS3 JSON (`application/json`), or a TimelineJS sheet (`text/csv`, UTF-8).",
    contentTypes: ["application/json", "text/csv"],
  },
  responses: {
    200: { description: "Imported (or, with dry_run, checked): the report", schema: ImportReportSchema },
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
    413: problems[413],
    415: { description: "Not JSON or CSV, or not UTF-8.", schema: problems[400].schema! },
    422: {
      description: "A row was rejected; nothing was written. `errors` point at each bad field, `report` lists every row.",
      schema: problems[400].schema!,
    },
  },
});
