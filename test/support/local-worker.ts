/**
 * A real local Worker for end-to-end tests, browser tests, benchmarks and load tests:
 * `wrangler dev` on a free 127.0.0.1 port with its own temporary D1 (migrations
 * applied), optionally seeded with the demo timeline. Works when the system Node is
 * older than Wrangler needs: Wrangler runs on the project's Node 24 (node_modules/.bin).
 *
 * @example
 * const worker = await startLocalWorker({ seedDemo: true });
 * try {
 *   const res = await fetch(`${worker.url}/v1/timelines/g7-ukraine/entries`);
 * } finally {
 *   await worker.stop();
 * }
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemo as loadDemo, type SeedResult } from "../../scripts/lib/seed.mjs";
import {
  applyMigrations,
  findFreePort,
  killProcessGroupNow,
  processGroupMembers,
  spawnWranglerDev,
  stopProcessGroup,
  waitForHealthy,
} from "../../scripts/lib/wrangler.mjs";

export interface LocalWorkerOptions {
  /** Load scripts/demo/g7-ukraine.json through the API once the Worker is up (default false). Fails the start when loading fails. */
  seedDemo?: boolean;
  /** ADMIN_TOKEN the Worker gets (default "test-admin-token"); overrides .dev.vars. */
  adminToken?: string;
  /** More variables for the Worker (`--var`), e.g. `{ PUBLIC_ORIGIN: "https://example.org" }`. */
  vars?: Record<string, string>;
  /** Port (default: a free one). */
  port?: number;
  /** Local state folder (default: a new temporary one, deleted by stop()). */
  persistTo?: string;
  /** How long to wait for /healthz (default 90 s). */
  startupTimeoutMs?: number;
  /** Show Wrangler's output on stderr as it comes (default: when LOCAL_WORKER_LOG=1). */
  log?: boolean;
}

export interface LocalWorker {
  /** Origin of the Worker, e.g. "http://127.0.0.1:41234" (no trailing slash). */
  url: string;
  /** The Worker's ADMIN_TOKEN, for `Authorization: Bearer …`. */
  adminToken: string;
  port: number;
  /** Local state folder (D1 lives under it). */
  persistTo: string;
  /** pid of wrangler, which is also its process group id. */
  pid: number;
  /** What seeding the demo did, when `seedDemo` was set. */
  seed: SeedResult | undefined;
  /** Wrangler's output so far (last 2,000 lines). */
  output(): string;
  /** Stops wrangler and its workerd (whole process group) and deletes a temporary persist folder. Idempotent. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) killProcessGroupNow(child);
  });
}

/**
 * Starts `wrangler dev` on 127.0.0.1 with a fresh local D1 and waits until /healthz answers.
 *
 * @example const worker = await startLocalWorker(); await worker.stop();
 */
export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const adminToken = options.adminToken ?? "test-admin-token";
  const port = options.port ?? (await findFreePort());
  const ownsPersist = options.persistTo === undefined;
  const persistTo = options.persistTo ?? (await mkdtemp(join(tmpdir(), "edge-timeline-worker-")));
  const log = options.log ?? process.env.LOCAL_WORKER_LOG === "1";
  const url = `http://127.0.0.1:${port}`;

  const lines: string[] = [];
  const record = (chunk: Buffer): void => {
    const text = chunk.toString("utf8");
    if (log) process.stderr.write(text);
    lines.push(...text.split("\n"));
    if (lines.length > 2_000) lines.splice(0, lines.length - 2_000);
  };
  const output = (): string => lines.join("\n");

  try {
    await applyMigrations({ persistTo, quiet: true });
  } catch (error) {
    if (ownsPersist) await rm(persistTo, { recursive: true, force: true });
    throw error;
  }

  const child = await spawnWranglerDev({
    port,
    persistTo,
    vars: { ...options.vars, ADMIN_TOKEN: adminToken },
  });
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);
  running.add(child);
  installExitHook();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopProcessGroup(child);
      running.delete(child);
      const left = child.pid === undefined ? [] : processGroupMembers(child.pid);
      if (ownsPersist) await rm(persistTo, { recursive: true, force: true });
      if (left.length > 0) throw new Error(`processes left behind after stopping wrangler: ${left.join(", ")}`);
    })();
    return stopping;
  };

  try {
    await waitForHealthy(`${url}/healthz`, { child, timeoutMs: options.startupTimeoutMs ?? 90_000 });
    const seed = options.seedDemo ? await loadDemo({ baseUrl: url, adminToken }) : undefined;
    return { url, adminToken, port, persistTo, pid: child.pid ?? -1, seed, output, stop };
  } catch (error) {
    await stop().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`local Worker failed to start: ${message}\n--- wrangler output ---\n${output().slice(-8_000)}`, {
      cause: error,
    });
  }
}
