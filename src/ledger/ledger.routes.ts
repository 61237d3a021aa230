/** Definitions of the ledger routes (scorecard, exchange rates): inputs, answers, documentation. */
import * as z from "zod/mini";
import { COMMITMENT_STATUSES } from "../domain/commitments";
import { LIMITS } from "../domain/limits";
import { defineRoute } from "../http/route";
import { json, notModified, problems, SlugParams } from "../http/schemas/common";
import { meta } from "../http/schemas/fields";
export { RatesJson } from "../http/schemas/rates";
import { ScorecardQuery } from "../http/scorecard";

const tags = ["Ledger"];

const Totals = z.object({
  currency: z.string(),
  committed: z.number(),
  allocated: z.number(),
  delivered: z.number(),
  progress: z.nullable(z.number()),
});

const CardFields = {
  commitments: z.number(),
  by_status: z.object(Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, z.number()])) as Record<(typeof COMMITMENT_STATUSES)[number], z.ZodMiniNumber>),
  overdue: meta(z.number(), { description: "Counted at read time: the whole due period has passed and it is neither fulfilled nor withdrawn." }),
  totals: meta(z.array(Totals), { description: "Per currency or unit; money and units are never added together." }),
  reporting: meta(
    z.nullable(
      z.object({
        currency: z.string(),
        committed: z.number(),
        allocated: z.number(),
        delivered: z.number(),
        progress: meta(z.nullable(z.number()), { description: "Null when some money could not be converted." }),
        approximate: meta(z.boolean(), { description: "Exchange rates were used (see `rates_used`)." }),
        unconverted: meta(z.array(Totals), { description: "Money without a rate on or before its date: left in its own currency, not in the figures above." }),
      }),
    ),
    { description: "Money converted into the timeline's reporting currency at the rate of each amount's date or the last one before; null without one." },
  ),
};

const Card = meta(z.object(CardFields), { id: "ScorecardFigures" });

export const ScorecardSchema = meta(
  z.object({
    timeline: z.string(),
    reporting_currency: z.nullable(z.string()),
    rates_used: meta(z.nullable(z.object({ from: z.string(), to: z.string() })), { description: "Days of the oldest and newest exchange rate used." }),
    computed: meta(
      z.object({ from: z.enum(["aggregates", "entries"]), commitments: z.optional(z.number()) }),
      {
        description:
          "How the figures were made: `aggregates` (kept with every write; the cost does not grow with the number of entries) " +
          `or \`entries\` (tag, from/to or q: the matching commitments read by index range, at most ${LIMITS.scorecardScan}).`,
      },
    ),
    summary: Card,
    makers: z.array(z.object({ maker: meta(z.nullable(z.string()), { description: "null: money no single maker accounts for." }), ...CardFields })),
    beneficiaries: z.array(z.object({ beneficiary: z.nullable(z.string()), ...CardFields })),
  }),
  { id: "Scorecard" },
);

const description =
  "Commitments by status, overdue, and committed/allocated/delivered totals per currency or unit and in the reporting currency, " +
  "for the timeline, per maker and per beneficiary. Unfiltered and `maker` scorecards come from aggregates kept in the same " +
  "D1 batch as each write (drafts and deleted entries excluded), so they cost the same for 100 or 100,000 entries; `tag`, " +
  `\`from\`/\`to\` and \`q\` read the matching commitments from an index range (one round trip per 200, at most ${LIMITS.scorecardScan}). ` +
  "Readable from any origin; cached at the edge.";

export const getScorecard = defineRoute({
  operationId: "getScorecard",
  method: "get",
  auth: "optional",
  path: "/v1/timelines/{slug}/scorecard",
  tags,
  summary: "The scorecard of a timeline's commitments",
  description,
  params: SlugParams,
  query: ScorecardQuery,
  responses: { 200: json(ScorecardSchema, "The scorecard"), 304: notModified, 400: problems[400], 404: problems[404] },
});

export const getScorecardCsv = defineRoute({
  operationId: "getScorecardCsv",
  method: "get",
  auth: "optional",
  path: "/v1/timelines/{slug}/scorecard.csv",
  tags,
  summary: "The scorecard as CSV (spreadsheets)",
  description:
    "One row per group (`all`, each `maker`, each `beneficiary`) and currency or unit; `figure` is `total`, `reporting` or " +
    "`unconverted`; the group's counts repeat on each of its rows. RFC 4180, UTF-8 with BOM; cells a spreadsheet would run as formulas start with `'`.",
  params: SlugParams,
  query: ScorecardQuery,
  responses: {
    200: { description: "CSV", contentType: "text/csv", schema: z.string() },
    304: notModified,
    400: problems[400],
    404: problems[404],
  },
});

const SeriesSchema = z.object({ base: z.string(), currency: z.string(), first_date: z.string(), last_date: z.string(), rates: z.number() });

export const RatesSchema = meta(
  z.object({
    timeline: z.string(),
    reporting_currency: z.nullable(z.string()),
    series: meta(z.array(SeriesSchema), { description: "Each pair with rates: `currency` per one `base`." }),
  }),
  { id: "ExchangeRates" },
);

export const listRates = defineRoute({
  operationId: "listRates",
  method: "get",
  auth: "optional",
  path: "/v1/timelines/{slug}/rates",
  tags,
  summary: "The exchange rates a timeline has, by pair",
  params: SlugParams,
  responses: { 200: json(RatesSchema, "The pairs with rates"), 304: notModified, 404: problems[404] },
});

export const RatesImportSchema = meta(
  z.object({
    timeline: z.string(),
    format: z.enum(["ecb", "table", "json"]),
    imported: meta(z.number(), { description: "Rates stored (a rate for the same pair and day replaces the one before)." }),
    gaps: meta(z.number(), { description: "Empty or `N/A` cells of an ECB file: days without a rate, skipped (never filled in)." }),
    reporting_currency: z.nullable(z.string()),
    series: z.array(SeriesSchema),
  }),
  { id: "RatesImport" },
);


export const importRates = defineRoute({
  operationId: "importRates",
  method: "post",
  path: "/v1/timelines/{slug}/rates",
  tags,
  summary: "Import exchange rates (ECB reference-rate CSV, or date,currency,rate,base)",
  description:
    "A rate is units of `currency` per one unit of `base` (ECB: `USD 1.05` means 1 EUR = 1.05 USD). Accepted as `text/csv`: the " +
    "European Central Bank's reference-rate file (historical or daily: a `Date` column and one column per currency against EUR; " +
    "`N/A` and empty cells are days without a rate), or a table with the columns `date`, `currency`, `rate`, `base` in any order; " +
    "or as JSON `{\"rates\": [{date, currency, rate, base}]}`. No network calls: you send the rates. A rate for a pair and day " +
    "already stored is replaced. The scorecard's aggregates are recomputed with the rates in the same transaction. All or nothing: " +
    `any bad line refuses the whole file (400, \`errors\` name each line). At most ${LIMITS.ratesPerImport} rates and 1 MiB per request; ` +
    "send a long history in parts (e.g. a few years each).",
  auth: true,
  params: SlugParams,
  rawBody: { description: "The rates: CSV (`text/csv`, UTF-8) or JSON.", contentTypes: ["text/csv", "application/json"] },
  responses: {
    200: json(RatesImportSchema, "Imported; the aggregates were recomputed"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
    413: problems[413],
    415: { description: "Not CSV or JSON, or not UTF-8.", schema: problems[400].schema! },
  },
});
