/**
 * The ledger: scorecards (JSON, CSV) and the exchange rates they convert with. (The aggregates
 * they read are kept by http/ledger-hook.ts in the batch of every write.)
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { mount } from "../http/route";
import * as handlers from "./ledger.handlers";
import * as routes from "./ledger.routes";

export const ledgerRoutes = new Hono<AppEnv>();
mount(ledgerRoutes, routes.getScorecard, handlers.getScorecard);
mount(ledgerRoutes, routes.getScorecardCsv, handlers.getScorecardCsv);
mount(ledgerRoutes, routes.listRates, handlers.listRates);
mount(ledgerRoutes, routes.importRates, handlers.importRates);
