/** test/support/local-worker.ts: a real `wrangler dev` that starts, answers and stops cleanly. */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processGroupMembers } from "../../scripts/lib/wrangler.mjs";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

describe("startLocalWorker", () => {
  let worker: LocalWorker;

  beforeAll(async () => {
    worker = await startLocalWorker({ adminToken: "harness-token" });
  });

  afterAll(async () => {
    await worker?.stop();
  });

  it("serves the Worker on a free 127.0.0.1 port", async () => {
    expect(worker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(worker.adminToken).toBe("harness-token");
    const response = await fetch(`${worker.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("keeps its local D1 in a fresh temporary folder with the migrations applied", () => {
    expect(existsSync(worker.persistTo)).toBe(true);
    expect(existsSync(`${worker.persistTo}/v3/d1`)).toBe(true);
    expect(worker.output()).toContain("Ready on");
  });

  it("stops wrangler and workerd, frees the port and deletes the folder", async () => {
    expect(processGroupMembers(worker.pid).length).toBeGreaterThan(1);
    await worker.stop();
    expect(processGroupMembers(worker.pid)).toEqual([]);
    await expect(fetch(`${worker.url}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    expect(existsSync(worker.persistTo)).toBe(false);
    await worker.stop(); // idempotent
  });
});
