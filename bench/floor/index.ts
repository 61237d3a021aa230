/**
 * The benchmark's floor: a Hono Worker that answers every request with a fixed body of the size
 * of a real entries page, on the same runtime (wrangler dev / workerd) as the service.
 */
import { Hono } from "hono";

type Env = { BODY_BYTES?: string };
let body: string | undefined;

const app = new Hono<{ Bindings: Env }>();
app.get("*", (c) => {
  body ??= `{"items":"${"x".repeat(Math.max(0, Number(c.env.BODY_BYTES ?? 1024) - 12))}"}`;
  return c.body(body, 200, { "Content-Type": "application/json; charset=utf-8" });
});

export default app;
