/** Ledger handlers: thin; rules live in domain/, storage in db/, loading in http/scorecard.ts. */
import { rateSeries } from "../db/ledger";
import { LIMITS } from "../domain/limits";
import { parseRatesCsv, type Rate, type RateFormat, ratesRefusal } from "../domain/rates";
import { authorize } from "../http/auth";
import { CSV_TYPE, decodeUtf8, isJsonType, parseJson } from "../http/body";
import { Problem, type ProblemField } from "../http/problem";
import { ratesFromList } from "../http/schemas/rates";
import { writableTimeline } from "../http/timeline-access";
import { issuesToFields, validationProblem } from "../http/validation";
import { writeRates } from "../http/write";
import { timelineRead } from "../http/cache";
import type { RouteHandler } from "../http/route";
import { loadScorecard } from "../http/scorecard";
import { readableTimeline } from "../http/timeline-access";
import { renderScorecardCsv } from "./csv";
import { RatesJson } from "./ledger.routes";
import type * as routes from "./ledger.routes";

const CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present";

export const getScorecard: RouteHandler<typeof routes.getScorecard> = async (c, { params, query }) => {
  const timeline = await readableTimeline(c, params.slug);
  return timelineRead(
    c,
    timeline,
    async () => {
      const { card, computed } = await loadScorecard(c.var.db, timeline, query, c.var.now.getTime());
      return c.json({ timeline: timeline.slug, reporting_currency: card.reporting_currency, rates_used: card.rates_used, computed, summary: card.summary, makers: card.makers, beneficiaries: card.beneficiaries });
    },
    { cors: true },
  );
};

export const getScorecardCsv: RouteHandler<typeof routes.getScorecardCsv> = async (c, { params, query }) => {
  const timeline = await readableTimeline(c, params.slug);
  return timelineRead(
    c,
    timeline,
    async () => {
      const { card } = await loadScorecard(c.var.db, timeline, query, c.var.now.getTime());
      return c.body(renderScorecardCsv(card), 200, {
        "Content-Type": CSV_CONTENT_TYPE,
        "Content-Disposition": `attachment; filename="${timeline.slug}-scorecard.csv"`,
      });
    },
    { cors: true },
  );
};

export const listRates: RouteHandler<typeof routes.listRates> = async (c, { params }) => {
  const timeline = await readableTimeline(c, params.slug);
  return timelineRead(
    c,
    timeline,
    async () => c.json({ timeline: timeline.slug, reporting_currency: timeline.reporting_currency, series: await rateSeries(c.var.db, timeline.id) }),
    { cors: true },
  );
};

export const importRates: RouteHandler<typeof routes.importRates> = async (c, { params }) => {
  const who = await authorize(c, "entry:write", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const contentType = c.req.header("Content-Type") ?? "";
  const text = decodeUtf8(await c.req.arrayBuffer(), contentType);
  const parsed = readRates(contentType, text);
  const refusal = ratesRefusal(parsed, LIMITS.ratesPerImport);
  if (refusal?.kind === "problems") throw validationProblem(refusal.problems.slice(0, 100));
  if (refusal?.kind === "empty") throw validationProblem([{ pointer: "", detail: "holds no rates" }]);
  if (refusal?.kind === "too-many") {
    throw validationProblem([{ pointer: "", detail: `holds ${refusal.count} rates; one request takes at most ${refusal.max} (send the years in parts)` }]);
  }
  await writeRates(c, timeline, parsed.rates, { by: who.id });
  return c.json(
    {
      timeline: timeline.slug,
      format: parsed.format,
      imported: parsed.rates.length,
      gaps: parsed.gaps,
      reporting_currency: timeline.reporting_currency,
      series: await rateSeries(c.var.db, timeline.id),
    },
    200,
    { "Cache-Control": "no-store" },
  );
};

/** The rates of a body: a CSV file, or our JSON (`{"rates": [...]}`, as the export writes them). */
function readRates(contentType: string, text: string): { format: RateFormat | "json"; rates: Rate[]; gaps: number; problems: ProblemField[] } {
  if (CSV_TYPE.test(contentType)) {
    const parsed = parseRatesCsv(text);
    const problems = parsed.problems.map((p) => ({
      pointer: `/lines/${p.line}${p.column ? `/${p.column}` : ""}`,
      detail: `line ${p.line}${p.column ? `, ${p.column}` : ""}: ${p.detail}`,
    }));
    return { ...parsed, format: parsed.format ?? "table", problems };
  }
  if (!isJsonType(contentType)) throw new Problem("unsupported-media-type", "Send the rates as CSV (`Content-Type: text/csv`) or JSON.");
  const body = RatesJson.safeParse(parseJson(text));
  if (!body.success) throw validationProblem(issuesToFields(body.error.issues));
  const { rates, errors } = ratesFromList(body.data.rates, "/rates");
  return { format: "json", rates, gaps: 0, problems: errors };
}
