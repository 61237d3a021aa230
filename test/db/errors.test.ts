/** D1 failures recognised once, as types: what handlers and the error handler branch on. */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { runBatch, statement } from "../../src/db/batch";
import { openDb } from "../../src/db/client";
import { DbUnavailable, dbFailure, StaleRevision, UniqueViolation } from "../../src/db/errors";
import { tokens } from "../../src/db/schema";
import { insertTimelineStatement } from "../../src/db/timelines";

const db = openDb(env.DB);
const now = "2026-01-01T00:00:00.000Z";
const timeline = { slug: "errors", title: "Errors", description: "", language: "en", languages: ["en"], time_zone: "UTC", visibility: "public" as const, embed_origins: [] };

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error("expected the statement to fail");
}

describe("typed database errors", () => {
  beforeAll(async () => {
    await runBatch(db, [insertTimelineStatement(db, timeline, now)]);
  });

  it("names the table and columns of a violated unique index", async () => {
    const err = await failure(() => runBatch(db, [insertTimelineStatement(db, timeline, now)]));
    expect(err).toBeInstanceOf(UniqueViolation);
    expect((err as UniqueViolation).table).toBe("timelines");
    expect((err as UniqueViolation).columns).toEqual(["slug"]);
    expect((err as UniqueViolation).is("timelines", "slug")).toBe(true);
    expect((err as UniqueViolation).is("timelines", "slug", "id")).toBe(false);
  });

  it("recognises a violated composite key", async () => {
    const insert = statement(db, sql`INSERT INTO idempotency_keys (principal, key, request_hash, status, response, created_at) VALUES ('root', 'k', '', 201, '{}', ${now})`);
    await runBatch(db, [insert]);
    const err = await failure(() => runBatch(db, [insert]));
    expect(err).toBeInstanceOf(UniqueViolation);
    expect((err as UniqueViolation).is("idempotency_keys", "principal", "key")).toBe(true);
  });

  it("recognises the failure inside an error Drizzle wrapped", async () => {
    const token = { id: "t1", name: "n", role: "editor" as const, timelines: ["*"], secretHash: "same", createdAt: now };
    await db.insert(tokens).values(token);
    const err = await failure(() => db.insert(tokens).values({ ...token, id: "t2" }));
    expect(err).not.toBeInstanceOf(UniqueViolation);
    const typed = dbFailure(err);
    expect(typed).toBeInstanceOf(UniqueViolation);
    expect((typed as UniqueViolation).is("tokens", "secret_hash")).toBe(true);
    expect(typed?.cause).toBe(err);
  });

  it("recognises the revision lock", async () => {
    await env.DB.exec("CREATE TABLE locked (v INTEGER)");
    await env.DB.exec("CREATE TRIGGER locked_guard BEFORE INSERT ON locked BEGIN SELECT RAISE(ABORT, 'stale_revision'); END");
    const err = await failure(() => runBatch(db, [statement(db, sql`INSERT INTO locked (v) VALUES (1)`)]));
    expect(err).toBeInstanceOf(StaleRevision);
  });

  it("recognises the failures D1 documents as safe to retry, and nothing else", () => {
    expect(dbFailure(new Error("D1_ERROR: Network connection lost."))).toBeInstanceOf(DbUnavailable);
    expect(dbFailure(new Error("D1_ERROR: Durable Object reset because its code was updated."))).toBeInstanceOf(DbUnavailable);
    expect(dbFailure(new Error("D1_ERROR: no such table: nowhere: SQLITE_ERROR"))).toBeNull();
    expect(dbFailure(new TypeError("x is undefined"))).toBeNull();
    expect(dbFailure("not an error")).toBeNull();
  });
});
