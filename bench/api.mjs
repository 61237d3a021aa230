// @ts-check
/**
 * `npm run bench`: the read path under load, side by side in one run, loopback only.
 *
 *  - bundle: the Worker as `wrangler deploy --dry-run` builds it, raw and gzipped;
 *  - floor: a static-response Hono Worker on the same runtime, and the same after one D1 read;
 *  - cached / conditional (304) / uncached entries pages of a 100-entry timeline;
 *  - uncached first pages of timelines with 100, 10,000 and 100,000 entries.
 *
 * Each scenario runs BENCH_SECONDS (default 10) with BENCH_CONNECTIONS (default 16) after a
 * short warm-up. Timings on a shared 2-core machine drift: compare within one run, as ratios.
 */
import autocannon from "autocannon";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { projectRoot } from "../scripts/lib/project.mjs";
import {
  applyMigrations,
  findFreePort,
  runTool,
  spawnWranglerDev,
  stopProcessGroup,
  waitForHealthy,
} from "../scripts/lib/wrangler.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = [100, 10_000, 100_000];
const BUDGET_GZIP_BYTES = 100 * 1024;

/**
 * SQL that creates a public timeline with `n` entries (one in five a commitment), fast.
 * @param {number} id the timeline's internal id
 * @param {number} n how many entries
 */
export function seedSql(id, n) {
  const slug = `bench-${n}`;
  const now = "2026-01-01T00:00:00.000Z";
  return `
INSERT INTO timelines (id, slug, title, description, language, time_zone, visibility, embed_origins, revision, created_at, updated_at)
VALUES (${id}, '${slug}', 'Benchmark ${n}', 'Generated for npm run bench', 'en', 'UTC', 'public', '[]', 1, '${now}', '${now}');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
d AS (SELECT i, date('1900-01-01', '+' || ((i * 7919) % 45000) || ' days') AS start FROM n)
INSERT INTO entries (id, timeline_id, kind, title, body, start, start_ms, start_rank, end_ms, tags, actors, sources,
  status, commitment, search_text, revision, created_at, updated_at)
SELECT printf('%08x-0000-7000-8000-%012x', ${id}, i), ${id},
  CASE WHEN i % 5 = 0 THEN 'commitment' ELSE 'event' END,
  'Entry ' || i || ' of the benchmark timeline',
  'A paragraph of text for entry ' || i || ', long enough to look like a real summary of an event or a pledge.',
  start,
  CAST(round((julianday(start) - 2440587.5) * 86400000) AS INTEGER), 2,
  CAST(round((julianday(start) - 2440587.5) * 86400000) AS INTEGER) + 86400000,
  '["bench"]', '["Actor ' || (i % 50) || '"]', '[{"url":"https://example.org/source","title":"Source","publisher":null,"published":null}]',
  CASE WHEN i % 5 = 0 THEN 'in_progress' END,
  CASE WHEN i % 5 = 0 THEN json_object('status', 'in_progress', 'due', '2030', 'amount', json_object('value', i * 1000, 'currency', 'USD'),
    'delivered', null, 'made_by', json_array('Actor ' || (i % 50)), 'beneficiary', null, 'history', json_array()) END,
  'bench Actor ' || (i % 50), 1, '${now}', '${now}'
FROM d;
`;
}

/** Builds the Worker as it would be deployed and measures it. */
async function bundleSize() {
  const outdir = await mkdtemp(join(tmpdir(), "edge-timeline-bundle-"));
  try {
    await runTool("wrangler", ["deploy", "--dry-run", "--outdir", outdir], { quiet: true });
    const code = await readFile(join(outdir, "index.js"));
    return { raw: code.length, gzip: gzipSync(code).length };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/**
 * `url` with a `from` filter of a day `n` days before 1900-01-01 (where the benchmark's entries
 * begin): a new representation per `n` that filters out no entry, spelled canonically (`from`
 * before `limit`).
 * @param {string} url
 * @param {number} n
 */
function missPath(url, n) {
  const { pathname, search } = new URL(url);
  const day = new Date(Date.UTC(1900, 0, 1) - (n % 300_000) * 86_400_000).toISOString().slice(0, 10);
  return `${pathname}?from=${day}${search ? `&${search.slice(1)}` : ""}`;
}

/**
 * @param {string} name
 * @param {string} url
 * @param {{ headers?: Record<string, string>, unique?: boolean, expect?: number }} [options]
 */
async function measure(name, url, options = {}) {
  let counter = 0;
  /** @param {number} duration */
  const make = (duration) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      headers: options.headers,
      // A distinct `from` day (ever earlier, so every entry still matches) makes every request a
      // cache miss; unknown parameters would only meet the redirect to the canonical URL.
      requests: options.unique
        ? [{ setupRequest: (req) => ({ ...req, path: missPath(url, ++counter) }) }]
        : undefined,
    });
  await make(2); // warm-up: JIT, caches, connections
  const result = await make(SECONDS);
  const statuses = Object.fromEntries(
    Object.entries(result).filter(([k, v]) => /^\dxx$/.test(k) && typeof v === "number" && v > 0),
  );
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
    expected: options.expect ?? 200,
  };
}

async function main() {
  console.log(`edge-timeline read benchmark: ${SECONDS}s per scenario, ${CONNECTIONS} connections, loopback only`);
  const bundle = await bundleSize();
  console.log(`bundle: ${(bundle.raw / 1024).toFixed(1)} KiB raw, ${(bundle.gzip / 1024).toFixed(1)} KiB gzipped`);

  const persistTo = await mkdtemp(join(tmpdir(), "edge-timeline-bench-"));
  /** @type {Awaited<ReturnType<typeof startLocalWorker>> | undefined} */
  let worker;
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let floor;
  try {
    await applyMigrations({ persistTo, quiet: true });
    const seedFile = join(persistTo, "seed.sql");
    await writeFile(seedFile, SIZES.map((n, i) => seedSql(101 + i, n)).join("\n"));
    const seeded = Date.now();
    await runTool("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", seedFile, "--yes"], {
      quiet: true,
    });
    console.log(`seeded ${SIZES.join(", ")} entries in ${((Date.now() - seeded) / 1000).toFixed(1)}s`);

    worker = await startLocalWorker({ persistTo });
    /** @param {number} n */
    const page = (n) => `${worker?.url}/v1/timelines/bench-${n}/entries?limit=50`;
    const sample = await fetch(page(100));
    const sampleBody = await sample.arrayBuffer();
    const etag = sample.headers.get("ETag") ?? "";

    const floorPort = await findFreePort();
    floor = await spawnWranglerDev({
      port: floorPort,
      config: join(projectRoot, "bench", "floor", "wrangler.toml"),
      persistTo: join(persistTo, "floor"),
      vars: { BODY_BYTES: String(sampleBody.byteLength) },
    });
    await waitForHealthy(`http://127.0.0.1:${floorPort}/`, { child: floor });
    const setup = await fetch(`http://127.0.0.1:${floorPort}/setup`, { method: "POST" });
    if (!setup.ok) throw new Error(`floor setup failed: ${setup.status} ${await setup.text()}`);

    /** @type {Awaited<ReturnType<typeof measure>>[]} */
    const results = [];
    results.push(await measure("floor: static Hono Worker", `http://127.0.0.1:${floorPort}/v1/x?limit=50`));
    results.push(await measure("floor + one D1 read (session)", `http://127.0.0.1:${floorPort}/one-read/x?limit=50`));
    await stopProcessGroup(floor);
    floor = undefined;
    results.push(await measure("cached entries page (100)", page(100)));
    results.push(await measure("conditional 304 (100)", page(100), { headers: { "If-None-Match": etag }, expect: 304 }));
    for (const n of SIZES) results.push(await measure(`uncached entries page (${n.toLocaleString("en")})`, page(n), { unique: true }));

    console.log("");
    console.log("scenario                              req/s    p50 ms   p99 ms   errors");
    for (const r of results) {
      console.log(
        `${r.name.padEnd(36)} ${String(r.requestsPerSecond).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}   ${r.errors}${r.non2xx && r.expected === 200 ? ` (${r.non2xx} non-2xx)` : ""}`,
      );
    }
    /** @param {string} name */
    const named = (name) => {
      const result = results.find((r) => r.name === name);
      if (!result) throw new Error(`no scenario ${name}`);
      return result;
    };
    const floorRps = named("floor: static Hono Worker").requestsPerSecond;
    const cachedRatio = named("cached entries page (100)").requestsPerSecond / floorRps;
    const oneReadRatio = named("floor + one D1 read (session)").requestsPerSecond / floorRps;
    const small = named("uncached entries page (100)");
    const large = named("uncached entries page (100,000)");
    const latencyRatio = large.p50 / small.p50;
    console.log("");
    console.log(`cached throughput / floor:            ${(cachedRatio * 100).toFixed(0)}%   (target ≥ 70%)`);
    console.log(`  for scale, floor + one D1 read:      ${(oneReadRatio * 100).toFixed(0)}%   (every fresh read makes one)`);
    console.log(`uncached p50, 100,000 vs 100 entries: ${latencyRatio.toFixed(2)}×  (target ≤ 1.3×)`);
    console.log(`bundle gzipped:                       ${(bundle.gzip / 1024).toFixed(1)} KiB (target ≤ 100 KiB)`);

    const report = { date: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, bundle, results, cachedRatio, oneReadRatio, latencyRatio };
    const out = join(projectRoot, "bench", "results");
    await import("node:fs/promises").then((fs) => fs.mkdir(out, { recursive: true }));
    await writeFile(join(out, "api.json"), JSON.stringify(report, null, 2));
    const failures = [
      cachedRatio < 0.7 && "cached throughput below 70% of the floor",
      latencyRatio > 1.3 && "uncached latency at 100,000 entries above 1.3× of 100",
      bundle.gzip > BUDGET_GZIP_BYTES && "bundle above 100 KiB gzipped",
      results.some((r) => r.errors > 0 || (r.expected === 200 && r.non2xx > 0)) && "errors or unexpected statuses",
    ].filter(Boolean);
    if (failures.length) {
      console.log(`\nmissed: ${failures.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    if (floor) await stopProcessGroup(floor);
    await worker?.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

await main();
