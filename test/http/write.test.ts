/**
 * The one write path: every write of the API and of imports runs its hooks' statements in the
 * same atomic batch and its after-commit effects once that batch has committed.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { statement } from "../../src/db/batch";
import worker from "../../src/index";
import { addAfterCommit, addBatchHook, type WriteDescription } from "../../src/http/write";
import { ADMIN, BASE } from "../support/api";

async function send(method: string, path: string, body?: unknown) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await worker.fetch(new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const removers: (() => void)[] = [];
afterEach(() => {
  for (const remove of removers.splice(0)) remove();
});

const logged = async () => (await env.DB.prepare("SELECT what FROM write_log ORDER BY rowid").all<{ what: string }>()).results.map((r) => r.what);

/** One log row per entry change, or per timeline write, written by the write's own batch. */
const logEverything = addBatchHook.bind(null, (db, write) =>
  write.kind === "entries"
    ? write.changes.map(({ entry, action }) => statement(db, sql`INSERT INTO write_log (what) VALUES (${`${write.slug} ${action} ${entry.title} r${entry.revision}`})`))
    : [statement(db, sql`INSERT INTO write_log (what) VALUES (${`${write.slug} timeline ${write.action}`})`)],
);

describe("the write path", () => {
  beforeAll(async () => {
    await env.DB.exec("CREATE TABLE write_log (what TEXT NOT NULL)");
    await env.DB.exec("CREATE TABLE write_guard (k TEXT PRIMARY KEY)");
  });

  it("runs same-batch hooks for every write of the API and of imports", async () => {
    await env.DB.exec("DELETE FROM write_log");
    removers.push(logEverything());
    expect((await send("POST", "/v1/timelines", { slug: "hooked", title: "Hooked" })).status).toBe(201);
    const created = await send("POST", "/v1/timelines/hooked/entries", { kind: "event", title: "Eins", start: "2024" });
    const { id } = (await created.json()) as { id: string };
    expect((await send("PATCH", `/v1/timelines/hooked/entries/${id}`, { title: "Zwei" })).status).toBe(200);
    expect((await send("DELETE", `/v1/timelines/hooked/entries/${id}`)).status).toBe(204);
    expect((await send("POST", `/v1/timelines/hooked/entries/${id}/restore`)).status).toBe(200);
    const events = [{ start_date: { year: 2025 }, text: { headline: "Importiert" } }];
    expect((await send("POST", "/v1/timelines/hooked/import", { events })).status).toBe(200);
    expect((await send("PATCH", "/v1/timelines/hooked", { title: "Renamed" })).status).toBe(200);
    expect((await send("DELETE", "/v1/timelines/hooked")).status).toBe(204);
    expect((await send("POST", "/v1/timelines/hooked/restore")).status).toBe(200);
    expect(await logged()).toEqual([
      "hooked timeline create",
      "hooked create Eins r1",
      "hooked update Zwei r2",
      "hooked delete Zwei r3",
      "hooked restore Zwei r4",
      "hooked import Importiert r1",
      "hooked timeline update",
      "hooked timeline delete",
      "hooked timeline restore",
    ]);
  });

  it("runs no hook for a write that is refused, a dry run, or a slug already taken", async () => {
    await env.DB.exec("DELETE FROM write_log");
    removers.push(logEverything());
    expect((await send("POST", "/v1/timelines/hooked/entries", { kind: "event", title: "", start: "2024" })).status).toBe(400);
    const events = [{ start_date: { year: 2025 }, text: { headline: "Nur geprüft" } }];
    expect((await send("POST", "/v1/timelines/hooked/import?dry_run=true", { events })).status).toBe(200);
    expect((await send("POST", "/v1/timelines", { slug: "hooked", title: "Again" })).status).toBe(409);
    expect(await logged()).toEqual([]);
  });

  it("commits nothing, and runs no effect, when a hook's statement fails", async () => {
    await env.DB.exec("INSERT INTO write_guard (k) VALUES ('taken')");
    const effects: string[] = [];
    removers.push(
      addBatchHook((db) => [statement(db, sql`INSERT INTO write_guard (k) VALUES ('taken')`)]),
      addAfterCommit((_c, write) => void effects.push(write.slug)),
    );
    const revision = async () => (await env.DB.prepare("SELECT revision FROM timelines WHERE slug = 'hooked'").first<{ revision: number }>())!.revision;
    const before = await revision();
    const res = await send("POST", "/v1/timelines/hooked/entries", { kind: "event", title: "Nie gespeichert", start: "2024" });
    expect(res.status).toBe(409);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM entries WHERE title = 'Nie gespeichert'").first("n")).toBe(0);
    expect(await revision()).toBe(before);
    expect(effects).toEqual([]);
  });

  it("runs after-commit effects in order once the write is stored, and a failing effect does not fail the write", async () => {
    const seen: unknown[] = [];
    removers.push(
      addAfterCommit(async (_c, write: WriteDescription) => {
        const stored = await env.DB.prepare("SELECT count(*) AS n FROM entries WHERE title = 'Gesehen'").first("n");
        seen.push({ kind: write.kind, slug: write.slug, by: write.by, stored, actions: write.kind === "entries" ? write.changes.map((ch) => ch.action) : [] });
      }),
      addAfterCommit(() => {
        throw new Error("a webhook endpoint is down");
      }),
      addAfterCommit((_c, write) => void seen.push(`after the failure: ${write.slug}`)),
    );
    const logs: unknown[] = [];
    const log = vi.spyOn(console, "error").mockImplementation((line: unknown) => void logs.push(JSON.parse(String(line))));
    try {
      const res = await send("POST", "/v1/timelines/hooked/entries", { kind: "event", title: "Gesehen", start: "2024" });
      expect(res.status).toBe(201);
    } finally {
      log.mockRestore();
    }
    expect(seen).toEqual([{ kind: "entries", slug: "hooked", by: "root", stored: 1, actions: ["create"] }, "after the failure: hooked"]);
    expect(logs).toEqual([
      { level: "warn", msg: "after-commit effect failed", slug: "hooked", error: "a webhook endpoint is down" },
    ]);
  });
});
