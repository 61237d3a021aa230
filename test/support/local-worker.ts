/**
 * A real local Worker for node-side tests (test/e2e, test/browser): `wrangler dev` on a
 * free 127.0.0.1 port with its own temporary D1, migrations applied, optionally the demo
 * timeline loaded. Implemented in scripts/lib/local-worker.mjs so that plain-Node
 * benchmarks can use it too.
 *
 * @example
 * const worker = await startLocalWorker({ seedDemo: true });
 * try {
 *   const res = await fetch(`${worker.url}/v1/timelines/g7-ukraine/entries`);
 * } finally {
 *   await worker.stop();
 * }
 */
export { startLocalWorker } from "../../scripts/lib/local-worker.mjs";
export type { LocalWorker, LocalWorkerOptions } from "../../scripts/lib/local-worker.mjs";
export type { SeedResult } from "../../scripts/lib/seed.mjs";
