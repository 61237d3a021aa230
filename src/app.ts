/**
 * The application shell every capability mounts into: shared middleware and one error handler
 * that turns every failure into problem+json.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { BOOKMARK_HEADER, openSession } from "./db/client";
import { DbUnavailable, dbFailure, StaleRevision, UniqueViolation } from "./db/errors";
import { isWrite } from "./http/methods";
import { kindForStatus, Problem, problemResponse } from "./http/problem";
import { rateLimits } from "./http/rate-limit";
import { bodyLimits, requestLimits } from "./http/request-limits";
import { securityHeaders } from "./http/security";
import { servedHosts } from "./http/hosts";

/** Maps anything thrown to a problem; the cause goes to the log without secrets or stacks. */
export function toProblem(err: unknown, c: Context): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof HTTPException) {
    const status = err.status;
    return new Problem(kindForStatus(status), err.message || "The request could not be processed.");
  }
  const failure = dbFailure(err);
  if (failure instanceof StaleRevision) {
    return new Problem("conflict", "The entry changed while this write was applied; read it again and retry.");
  }
  if (failure instanceof UniqueViolation) {
    return new Problem("conflict", "Another write created the same thing at the same moment; retry.");
  }
  if (failure instanceof DbUnavailable) {
    return new Problem("unavailable", "The database is briefly unavailable; retry in a moment.", {
      headers: { "Retry-After": "1" },
    });
  }
  const text = err instanceof Error ? err.message : String(err);
  console.error(JSON.stringify({ level: "error", method: c.req.method, path: new URL(c.req.url).pathname, error: err instanceof Error ? err.name : "unknown", message: text.slice(0, 500) }));
  return new Problem("internal", "Something went wrong on our side. It has been logged; please retry later.");
}

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(securityHeaders());
  app.use(servedHosts());
  app.use(async (c, next) => {
    c.set("now", new Date());
    const session = openSession(c.env.DB, isWrite(c.req.method), c.req.header(BOOKMARK_HEADER) ?? null);
    c.set("db", session.db);
    await next();
    const bookmark = session.bookmark();
    if (bookmark && !c.res.headers.has(BOOKMARK_HEADER)) c.res.headers.set(BOOKMARK_HEADER, bookmark);
  });
  app.use(requestLimits());
  app.use(bodyLimits());

  app.use("/v1/*", rateLimits());

  app.onError((err, c) => problemResponse(toProblem(err, c), new URL(c.req.url).pathname));
  app.notFound((c) =>
    problemResponse(new Problem("not-found", `There is nothing at ${new URL(c.req.url).pathname}.`)),
  );
  return app;
}
