/**
 * The rate limits and the cron as configured in wrangler.toml: the numbers the README states, and
 * the Worker enforcing them. Locally the limiter bindings are raised for the other suites
 * (vitest.config.ts), so the Worker runs here against a stand-in that applies wrangler.toml's
 * `simple = { limit, period }` per key, on a clock the test moves.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import readme from "../../README.md?raw";
import wranglerToml from "../../wrangler.toml?raw";
import { ADMIN, createEntry, createTimeline } from "../support/api";

interface Configured {
  namespace_id: string;
  limit: number;
  period: number;
}

/** The `[[ratelimits]]` tables of wrangler.toml, by binding name. */
function configuredLimits(): Record<string, Configured> {
  const tables = wranglerToml.split(/^\[\[ratelimits\]\]\s*$/m).slice(1).map((t) => t.split(/^\[/m)[0]!);
  return Object.fromEntries(
    tables.map((table) => {
      const name = /^name\s*=\s*"([^"]+)"/m.exec(table)![1]!;
      const simple = /^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/m.exec(table)!;
      return [name, { namespace_id: /^namespace_id\s*=\s*"([^"]+)"/m.exec(table)![1]!, limit: Number(simple[1]), period: Number(simple[2]) }];
    }),
  );
}

const crons = () => [.../^crons\s*=\s*\[([^\]]*)\]/m.exec(wranglerToml)![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);

/** A limiter with wrangler.toml's semantics: `limit` calls per key in each `period` seconds. */
function standIn({ limit, period }: Configured) {
  let nowSeconds = 0;
  const windows = new Map<string, { start: number; used: number }>();
  return {
    calls: [] as string[],
    advance(seconds: number) {
      nowSeconds += seconds;
    },
    async limit({ key }: { key: string }) {
      this.calls.push(key);
      let window = windows.get(key);
      if (!window || nowSeconds - window.start >= period) windows.set(key, (window = { start: nowSeconds, used: 0 }));
      window.used++;
      return { success: window.used <= limit };
    },
  };
}

async function send(path: string, init: RequestInit & { ip?: string }, bindings: Record<string, unknown>) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", init.ip ?? "203.0.113.50");
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://timeline.test${path}`, { ...init, headers }), { ...env, ...bindings } as never, ctx);
  await waitOnExecutionContext(ctx);
  await res.arrayBuffer();
  return res.status;
}

const auth = { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" };
const limits = configuredLimits();

describe("wrangler.toml, the README and the code agree", () => {
  it("configures 120 writes and 300 searches, exports and imports per minute, as the README says", () => {
    expect(limits).toEqual({
      WRITE_LIMITER: { namespace_id: "1001", limit: 120, period: 60 },
      READ_LIMITER: { namespace_id: "1002", limit: 300, period: 60 },
      SIGNIN_LIMITER: { namespace_id: "1003", limit: 10, period: 60 },
    });
    expect(readme).toContain(`| \`WRITE_LIMITER\` | rate limit | ${limits.WRITE_LIMITER!.limit} writes per minute per token`);
    expect(readme).toContain(`| \`READ_LIMITER\` | rate limit | ${limits.READ_LIMITER!.limit} searches, exports and imports per minute per client address`);
    expect(readme).toContain(`| \`SIGNIN_LIMITER\` | rate limit | ${limits.SIGNIN_LIMITER!.limit} studio sign-in attempts per minute per client address |`);
    expect(readme).toContain(
      `rate-limit namespaces (\`${limits.WRITE_LIMITER!.namespace_id}\`, \`${limits.READ_LIMITER!.namespace_id}\`, \`${limits.SIGNIN_LIMITER!.namespace_id}\`)`,
    );
  });

  it("runs the crons the README names (daily housekeeping, hourly live sweep), and the Worker has a scheduled handler", () => {
    expect(crons()).toEqual(["17 3 * * *", "7 * * * *"]);
    expect(readme).toContain("| cron `17 3 * * *` | trigger | forgets idempotency keys older than a day, expired studio sessions and webhook logs older than 30 days |");
    expect(readme).toContain("| cron `7 * * * *` | trigger | `commitment.overdue` alerts");
    expect(typeof worker.scheduled).toBe("function");
  });
});

describe("the Worker under the configured limits", () => {
  it("lets a client address make its configured studio sign-in attempts per period, then answers 429", async () => {
    const { limit, period } = limits.SIGNIN_LIMITER!;
    const attempts = standIn(limits.SIGNIN_LIMITER!);
    const attempt = (ip: string) =>
      send(
        "/studio/sign-in",
        { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://timeline.test" }, body: "token=guess", ip },
        { SIGNIN_LIMITER: attempts },
      );
    for (let i = 0; i < limit; i++) expect(await attempt("198.51.100.9")).toBe(401);
    expect(await attempt("198.51.100.9")).toBe(429);
    expect(await attempt("198.51.100.10")).toBe(401);
    attempts.advance(period);
    expect(await attempt("198.51.100.9")).toBe(401);
  });

  beforeAll(async () => {
    await createTimeline("configured");
    await createEntry("configured", { title: "Energie", start: "2024" });
  });

  it("lets a token make its configured writes per period, refuses the next with Retry-After = period, and allows it again after", async () => {
    const { limit, period } = limits.WRITE_LIMITER!;
    const writes = standIn(limits.WRITE_LIMITER!);
    // Refused writes count too (they are cheap to send): `limit` invalid ones use up the window.
    for (let i = 0; i < limit; i++) {
      expect(await send("/v1/timelines/configured/entries", { method: "POST", headers: auth, body: "{}" }, { WRITE_LIMITER: writes })).toBe(400);
    }
    const valid = JSON.stringify({ kind: "event", title: "Eine zu viel", start: "2024" });
    const ctx = createExecutionContext();
    const refused = await worker.fetch(
      new Request("https://timeline.test/v1/timelines/configured/entries", { method: "POST", headers: auth, body: valid }),
      { ...env, WRITE_LIMITER: writes } as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe(String(period));
    expect(new Set(writes.calls)).toEqual(new Set(["token:root"]));
    writes.advance(period);
    expect(await send("/v1/timelines/configured/entries", { method: "POST", headers: auth, body: valid }, { WRITE_LIMITER: writes })).toBe(201);
  });

  it("lets an address make its configured searches per period", async () => {
    const { limit, period } = limits.READ_LIMITER!;
    const reads = standIn(limits.READ_LIMITER!);
    // An overlong query is refused after it was counted, which keeps this loop cheap.
    const overlong = `/v1/timelines/configured/entries?q=${"x".repeat(201)}`;
    for (let i = 0; i < limit - 1; i++) expect(await send(overlong, {}, { READ_LIMITER: reads })).toBe(400);
    expect(await send("/v1/timelines/configured/entries?q=Energie", {}, { READ_LIMITER: reads })).toBe(200);
    expect(await send("/v1/timelines/configured/entries?q=Energie", {}, { READ_LIMITER: reads })).toBe(429);
    // Another address has its own window; the same one again after the period.
    expect(await send("/v1/timelines/configured/entries?q=Energie", { ip: "203.0.113.51" }, { READ_LIMITER: reads })).toBe(200);
    reads.advance(period);
    expect(await send("/v1/timelines/configured/entries?q=Energie", {}, { READ_LIMITER: reads })).toBe(200);
  });

  it("counts exports against the read limit", async () => {
    const reads = standIn({ ...limits.READ_LIMITER!, limit: 1 });
    const exportOnce = () => send("/v1/timelines/configured/export", { headers: { Authorization: `Bearer ${ADMIN}` } }, { READ_LIMITER: reads });
    expect(await exportOnce()).toBe(200);
    expect(await exportOnce()).toBe(429);
    expect(reads.calls).toEqual(["ip:203.0.113.50", "ip:203.0.113.50"]);
  });

  it("counts an import as a write and as an expensive read", async () => {
    const writes = standIn(limits.WRITE_LIMITER!);
    const reads = standIn({ ...limits.READ_LIMITER!, limit: 1 });
    const body = JSON.stringify({ events: [{ start_date: { year: 2026 }, text: { headline: "Importiert" } }] });
    const importOnce = () => send("/v1/timelines/configured/import?dry_run=true", { method: "POST", headers: auth, body }, { WRITE_LIMITER: writes, READ_LIMITER: reads });
    expect(await importOnce()).toBe(200);
    expect(await importOnce()).toBe(429);
    expect(writes.calls).toEqual(["token:root", "token:root"]);
    expect(reads.calls).toEqual(["ip:203.0.113.50", "ip:203.0.113.50"]);
  });
});
