// @ts-check
/**
 * A real local Worker for end-to-end tests, browser tests, benchmarks and load tests:
 * `wrangler dev` on a free 127.0.0.1 port with its own temporary D1 (migrations
 * applied), optionally seeded with the demo timeline. Runs on any Node >= 18 (plain
 * `node bench/x.mjs` on the system Node works): Wrangler runs on the project's Node 24
 * from node_modules/.bin. TypeScript tests import it from test/support/local-worker.ts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemo as loadDemo } from "./seed.mjs";
import {
  applyMigrations,
  findFreePort,
  killProcessGroupNow,
  processGroupMembers,
  spawnWranglerDev,
  stopProcessGroup,
  waitForHealthy,
} from "./wrangler.mjs";

/**
 * @typedef {object} LocalWorkerOptions
 * @property {boolean} [seedDemo] load scripts/demo/g7-ukraine.json through the API once
 *   the Worker is up (default false); the start fails when loading fails
 * @property {string} [adminToken] ADMIN_TOKEN the Worker gets (default
 *   "test-admin-token"); overrides .dev.vars
 * @property {Record<string, string>} [vars] more variables for the Worker (`--var`),
 *   e.g. `{ PUBLIC_ORIGIN: "https://example.org" }`
 * @property {number} [port] port to listen on (default: a free one)
 * @property {string} [persistTo] local state folder (default: a new temporary one,
 *   deleted by stop())
 * @property {number} [startupTimeoutMs] how long to wait for /healthz (default 90 s)
 * @property {boolean} [log] copy Wrangler's output to stderr as it comes (default:
 *   when LOCAL_WORKER_LOG=1)
 */

/**
 * @typedef {object} LocalWorker
 * @property {string} url origin of the Worker, e.g. "http://127.0.0.1:41234" (no trailing slash)
 * @property {string} adminToken the Worker's ADMIN_TOKEN, for `Authorization: Bearer …`
 * @property {number} port
 * @property {string} persistTo local state folder (D1 lives under it)
 * @property {number} pid pid of wrangler, which is also its process group id
 * @property {import("./seed.mjs").SeedResult | undefined} seed what seeding the demo did,
 *   when `seedDemo` was set
 * @property {() => string} output Wrangler's output so far (last 2,000 lines)
 * @property {() => Promise<void>} stop stops wrangler and its workerd (the whole process
 *   group), deletes a temporary persist folder; idempotent; rejects if a process is left
 */

/** @type {Set<import("node:child_process").ChildProcess>} */
const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) killProcessGroupNow(child);
  });
}

/**
 * Starts `wrangler dev` on 127.0.0.1 with a fresh local D1 and waits until /healthz answers.
 *
 * @param {LocalWorkerOptions} [options]
 * @returns {Promise<LocalWorker>}
 * @example
 * const worker = await startLocalWorker({ seedDemo: true });
 * try {
 *   const res = await fetch(`${worker.url}/v1/timelines/g7-ukraine/entries`);
 * } finally {
 *   await worker.stop();
 * }
 */
export async function startLocalWorker(options = {}) {
  const adminToken = options.adminToken ?? "test-admin-token";
  const port = options.port ?? (await findFreePort());
  const ownsPersist = options.persistTo === undefined;
  const persistTo = options.persistTo ?? (await mkdtemp(join(tmpdir(), "edge-timeline-worker-")));
  const log = options.log ?? process.env.LOCAL_WORKER_LOG === "1";
  const url = `http://127.0.0.1:${port}`;

  /** @type {string[]} */
  const lines = [];
  /** @param {Buffer} chunk */
  const record = (chunk) => {
    const text = chunk.toString("utf8");
    if (log) process.stderr.write(text);
    lines.push(...text.split("\n"));
    if (lines.length > 2_000) lines.splice(0, lines.length - 2_000);
  };
  const output = () => lines.join("\n");

  try {
    await applyMigrations({ persistTo, quiet: true });
  } catch (error) {
    if (ownsPersist) await rm(persistTo, { recursive: true, force: true });
    throw error;
  }

  const child = await spawnWranglerDev({ port, persistTo, vars: { ...options.vars, ADMIN_TOKEN: adminToken } });
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);
  running.add(child);
  installExitHook();

  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () => {
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
