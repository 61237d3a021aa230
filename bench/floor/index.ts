/**
 * The benchmark's floor: a Hono Worker that answers every request with a fixed body of the size
 * of a real entries page, on the same runtime (wrangler dev / workerd) as the service.
 *
 * `/one-read/*` answers the same body after one D1 read through the Sessions API (an indexed
 * look-up of one row, as the service makes to learn a timeline's revision): the ceiling for any
 * read path that checks freshness in D1.
 */
import { Hono } from "hono";

type Env = { BODY_BYTES?: string; DB: D1Database };
let body: string | undefined;

const app = new Hono<{ Bindings: Env }>();
const respond = (bytes: string | undefined) => {
  body ??= `{"items":"${"x".repeat(Math.max(0, Number(bytes ?? 1024) - 12))}"}`;
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
app.post("/setup", async (c) => {
  await c.env.DB.batch([
    c.env.DB.prepare("CREATE TABLE IF NOT EXISTS timelines (slug TEXT PRIMARY KEY, revision INTEGER NOT NULL)"),
    c.env.DB.prepare("INSERT OR IGNORE INTO timelines VALUES ('bench', 1)"),
  ]);
  return c.text("ok");
});
app.get("/one-read/*", async (c) => {
  const row = await c.env.DB.withSession("first-unconstrained").prepare("SELECT revision FROM timelines WHERE slug = ?").bind("bench").first();
  if (!row) return c.text("no row", 500);
  return respond(c.env.BODY_BYTES);
});
app.get("*", (c) => respond(c.env.BODY_BYTES));

export default app;
