/**
 * The edge-timeline Worker: assembles the capabilities into one app and exports its handlers.
 */
import { api } from "./api";
import { feedRoutes } from "./feeds";
import { createApp } from "./app";
import { docsRoutes } from "./docs";
import { openDb } from "./db/client";
import { purgeStoredResponses } from "./db/idempotency";
import type { Env } from "./env";
import { openApiDocument } from "./http/openapi";
import { publicOrigin } from "./http/origin";
import { purgeExpiredSessions } from "./db/sessions";
import { studioRoutes } from "./studio";
import { transferRoutes } from "./transfer";
import { widgetRoutes } from "./widget";

const app = createApp();

app.get("/healthz", (c) => c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" }));
app.route("/", api);
app.route("/", feedRoutes);
app.route("/", transferRoutes);
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

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    const before = new Date(controller.scheduledTime - IDEMPOTENCY_TTL_MS).toISOString();
    const db = openDb(env.DB);
    await purgeStoredResponses(db, before);
    await purgeExpiredSessions(db, new Date(controller.scheduledTime).toISOString());
  },
} satisfies ExportedHandler<Env>;
