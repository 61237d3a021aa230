/**
 * The benchmark's Worker (bench/api.mjs): the service itself, plus two floor routes answered in
 * the same isolate, on the same runtime and the same D1 database, so every compared scenario
 * runs under the same conditions.
 *
 * - `/__floor/static/*`: a Hono route answering a fixed body the size of a real entries page.
 * - `/__floor/one-read/*`: the same body after the one D1 read every fresh read makes (the
 *   timeline's revision by slug, through the Sessions API): the ceiling for any read path that
 *   checks freshness in D1.
 *
 * Everything else goes to the service, unchanged. bench/api.mjs runs this file with the
 * service's own wrangler.toml (only `main` differs).
 */
import { Hono } from "hono";
import type { Env } from "../../src/env";
import service from "../../src/index";

// The service's Durable Object class: its wrangler.toml binds it, so this entry must export it too.
export { TimelineRoom } from "../../src/index";

type FloorEnv = Env & { BODY_BYTES?: string };
let body: string | undefined;

const floor = new Hono<{ Bindings: FloorEnv }>();
const respond = (bytes: string | undefined) => {
  body ??= `{"items":"${"x".repeat(Math.max(0, Number(bytes ?? 1024) - 12))}"}`;
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
floor.get("/__floor/static/*", (c) => respond(c.env.BODY_BYTES));
floor.get("/__floor/one-read/*", async (c) => {
  const row = await c.env.DB.withSession("first-unconstrained").prepare("SELECT revision FROM timelines WHERE slug = ?").bind("bench-100").first();
  if (!row) return c.text("no row", 500);
  return respond(c.env.BODY_BYTES);
});

export default {
  fetch: (request, env, ctx) => (request.url.includes("/__floor/") ? floor.fetch(request, env, ctx) : service.fetch(request, env, ctx)),
  queue: service.queue,
  scheduled: service.scheduled,
} satisfies ExportedHandler<FloorEnv>;
