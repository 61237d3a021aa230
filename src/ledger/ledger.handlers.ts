/** Ledger handlers: thin; rules live in domain/, storage in db/, loading in http/scorecard.ts. */
import { rateSeries } from "../db/ledger";
import { timelineRead } from "../http/cache";
import type { RouteHandler } from "../http/route";
import { loadScorecard } from "../http/scorecard";
import { readableTimeline } from "../http/timeline-access";
import { renderScorecardCsv } from "./csv";
import type * as routes from "./ledger.routes";

const CSV_TYPE = "text/csv; charset=utf-8; header=present";

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
        "Content-Type": CSV_TYPE,
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
