/**
 * The edge-timeline Worker: assembles the capabilities into one app and exports its handlers.
 */
import { api } from "./api";
import { feedRoutes } from "./feeds";
import { createApp } from "./app";
import { docsRoutes } from "./docs";
import { openDb } from "./db/client";
import { purgeStoredResponses } from "./db/idempotency";
import { purgeOldEvents } from "./db/outbox";
import type { Env } from "./env";
import { openApiDocument } from "./http/openapi";
import { publicOrigin } from "./http/origin";
import { ledgerRoutes } from "./ledger";
import { HOURLY_CRON, liveHourly, liveQueue, liveRoutes } from "./live";
import { purgeExpiredSessions } from "./db/sessions";
import { studioRoutes } from "./studio";
import { transferRoutes } from "./transfer";
import { widgetRoutes } from "./widget";

export { TimelineRoom } from "./live";

const app = createApp();

app.get("/healthz", (c) => c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" }));
app.route("/", api);
app.route("/", feedRoutes);
app.route("/", ledgerRoutes);
app.route("/", transferRoutes);
app.route("/", liveRoutes);
app.route("/", widgetRoutes);
app.route("/", docsRoutes);
app.route("/studio", studioRoutes);

/** The document per public origin it names (its `servers`); only served hosts get here, so few. */
const openApiJson = new Map<string, string>();
app.get("/openapi.json", (c) => {
  const origin = publicOrigin(c);
  let json = openApiJson.get(origin);
  if (json === undefined) {
    if (openApiJson.size >= 16) openApiJson.clear();
    json = JSON.stringify(openApiDocument(origin));
    openApiJson.set(origin, json);
  }
  return c.body(json, 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    "Access-Control-Allow-Origin": "*",
  });
});

/** Idempotency keys answer retries for a day; then they are forgotten. */
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** The deliveries log keeps a month of events. */
const WEBHOOK_LOG_TTL_MS = 30 * 24 * 3_600_000;

export default {
  fetch: app.fetch,
  queue: liveQueue,
  // `ctx` is optional so tests may run the cron without one (it only serves the edge purge).
  async scheduled(controller, env, ctx?: ExecutionContext) {
    if (controller.cron === HOURLY_CRON) return liveHourly(controller, env, ctx);
    // The daily housekeeping.
    const db = openDb(env.DB);
    const now = controller.scheduledTime;
    await purgeStoredResponses(db, new Date(now - IDEMPOTENCY_TTL_MS).toISOString());
    await purgeExpiredSessions(db, new Date(now).toISOString());
    await purgeOldEvents(db, new Date(now - WEBHOOK_LOG_TTL_MS).toISOString());
  },
} satisfies ExportedHandler<Env>;
