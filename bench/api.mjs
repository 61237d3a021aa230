// @ts-check
/**
 * `npm run bench`: the read path under load, loopback only. Every scenario runs against one
 * Worker process (bench/floor/index.ts: the service plus two floor routes in the same isolate) on
 * one local D1, and the scenarios are interleaved: each round runs every scenario once, in a new
 * order, so drift on a shared machine hits them alike. Figures are medians over the rounds with
 * their range (min–max); ratios are taken within a round, then their median and range.
 *
 * Scenarios: the floor (a static Hono route), the floor plus the one D1 read every fresh read
 * makes, a cached entries page, the same page conditional (`304`, its status checked), and
 * uncached pages of timelines with 100, 10,000 and 100,000 entries: the first page, a page
 * filtered by tag, and a page deep in the timeline by cursor.
 *
 * BENCH_ROUNDS (default 5) rounds of BENCH_SECONDS (default 3) per scenario after a 1 s warm-up
 * round; BENCH_CONNECTIONS (default 16). Also measures the bundle. About four minutes in all.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../scripts/lib/project.mjs";
import { applyMigrations, findFreePort, runTool, spawnWranglerDev, stopProcessGroup, waitForHealthy } from "../scripts/lib/wrangler.mjs";
import { nextMissPath, run as runOnce, seedSql, show, shuffled, spread } from "./lib/read.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = [100, 10_000, 100_000];
const PAGE = 50;
/** The Worker's budget once the studio, the ledger, live timelines and translations are in. */
const BUDGET_GZIP_BYTES = 160 * 1024;
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1900, 0, 1);

/** Day offset from 1900-01-01 of entry `i` (1-based) in seedSql: spread over 45,000 days. */
const dayOf = (/** @type {number} */ i) => (i * 7919) % 45000;
/** Entry `i`'s id in timeline `id`, as seedSql writes it. */
const idOf = (/** @type {number} */ id, /** @type {number} */ i) => `${id.toString(16).padStart(8, "0")}-0000-7000-8000-${i.toString(16).padStart(12, "0")}`;

/**
 * A cursor that continues after the entry `remaining + 1` from the end of timeline `id` of `n`
 * entries, in the service's cursor format (base64url JSON of the order and the keyset key).
 * @param {number} id @param {number} n @param {number} remaining entries after the cursor
 */
function deepCursor(id, n, remaining) {
  const keys = Array.from({ length: n }, (_, k) => ({ startMs: EPOCH_1900 + dayOf(k + 1) * DAY_MS, id: idOf(id, k + 1) }));
  keys.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
  const at = keys[n - remaining - 1];
  if (!at) throw new Error(`timeline of ${n} has no entry ${remaining + 1} from the end`);
  return Buffer.from(JSON.stringify({ o: "asc", k: [at.startMs, 2, at.id] })).toString("base64url");
}

/** @typedef {import("./lib/read.mjs").Scenario} Scenario */

/** One timed run of a scenario. @param {Scenario} scenario @param {number} seconds */
const run = (scenario, seconds) => runOnce(scenario, { seconds, connections: CONNECTIONS });

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

/** The service's wrangler.toml with `main` pointing at the benchmark's Worker. */
async function benchConfig() {
  const toml = await readFile(join(projectRoot, "wrangler.toml"), "utf8");
  if (!/^main = "src\/index.ts"$/m.test(toml)) throw new Error('wrangler.toml: expected main = "src/index.ts"');
  const file = join(projectRoot, ".wrangler-bench.toml");
  await writeFile(file, toml.replace(/^main = "src\/index.ts"$/m, 'main = "bench/floor/index.ts"').replace(/^name = "edge-timeline"$/m, 'name = "edge-timeline-bench"'));
  return file;
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  console.log(`edge-timeline read benchmark: ${ROUNDS} rounds × ${SECONDS} s per scenario, ${CONNECTIONS} connections, loopback only`);
  const bundle = await bundleSize();
  console.log(`bundle: ${(bundle.raw / 1024).toFixed(1)} KiB raw, ${(bundle.gzip / 1024).toFixed(1)} KiB gzipped`);

  const persistTo = await mkdtemp(join(tmpdir(), "edge-timeline-bench-"));
  const config = await benchConfig();
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let worker;
  try {
    await applyMigrations({ persistTo, quiet: true });
    const seedFile = join(persistTo, "seed.sql");
    await writeFile(seedFile, SIZES.map((n, i) => seedSql(101 + i, n)).join("\n"));
    const seeded = Date.now();
    await runTool("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", seedFile, "--yes"], { quiet: true });
    console.log(`seeded ${SIZES.map((n) => n.toLocaleString("en")).join(", ")} entries in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    /**
     * An entries page, spelled canonically (filters, then `limit`, then `cursor`): any other
     * spelling is answered with a redirect.
     * @param {number} n @param {{ tag?: string, cursor?: string }} [query]
     */
    const page = (n, query = {}) =>
      `${base}/v1/timelines/bench-${n}/entries?${query.tag ? `tag=${query.tag}&` : ""}limit=${PAGE}${query.cursor ? `&cursor=${query.cursor}` : ""}`;
    // The floor answers a body of the cached page's size: start the Worker once to learn it.
    const start = async (/** @type {number} */ bodyBytes) => {
      const child = await spawnWranglerDev({ port, persistTo, config, vars: { ADMIN_TOKEN: "bench-admin-token", BODY_BYTES: String(bodyBytes) } });
      try {
        await waitForHealthy(`${base}/healthz`, { child });
      } catch (error) {
        await stopProcessGroup(child); // never leave a Worker running behind a failed start
        throw error;
      }
      return child;
    };
    worker = await start(1024);
    const sampleBytes = (await (await fetch(page(100))).arrayBuffer()).byteLength;
    await stopProcessGroup(worker);
    worker = await start(sampleBytes);
    /** The cached page's current validator. */
    const currentEtag = async () => {
      const res = await fetch(page(100));
      await res.arrayBuffer();
      return { "If-None-Match": res.headers.get("ETag") ?? "" };
    };

    /** @type {Scenario[]} */
    const scenarios = [
      { name: "floor: static Hono route", url: `${base}/__floor/static/x?limit=${PAGE}` },
      { name: "floor + one D1 read", url: `${base}/__floor/one-read/x?limit=${PAGE}` },
      { name: "cached page (100)", url: page(100) },
      { name: "conditional 304 (100)", url: page(100), prepare: currentEtag, status: 304 },
      ...SIZES.map((n) => ({ name: `uncached first page (${n.toLocaleString("en")})`, url: page(n), unique: true })),
      ...[100, 100_000].map((n) => ({ name: `uncached tag filter (${n.toLocaleString("en")})`, url: page(n, { tag: "bench" }), unique: true })),
      ...[100, 100_000].map((n, i) => ({
        name: `uncached deep cursor (${n.toLocaleString("en")})`,
        url: page(n, { cursor: deepCursor(101 + (i ? 2 : 0), n, 60) }),
        unique: true,
      })),
    ];
    // Each page must be what its name says before it is timed: full pages, the right status, and
    // no redirect (the timed runs do not follow one). An uncached scenario is tried as it runs.
    for (const s of scenarios) {
      const url = new URL(s.url);
      const target = s.unique ? `${url.origin}${nextMissPath(url)}` : s.url;
      const res = await fetch(target, { headers: s.prepare ? await s.prepare() : s.headers, redirect: "manual" });
      const text = await res.text();
      if (res.status !== (s.status ?? 200)) throw new Error(`${s.name}: ${res.status} ${text.slice(0, 200)}`);
      if (s.url.includes("/v1/") && res.status === 200 && JSON.parse(text).items.length !== PAGE) throw new Error(`${s.name}: not a full page`);
    }

    for (const s of scenarios) await run(s, 1); // warm-up round: JIT, caches, connections
    /** @type {Map<string, Awaited<ReturnType<typeof run>>[]>} */
    const results = new Map(scenarios.map((s) => [s.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of shuffled(scenarios, round + 1)) results.get(s.name)?.push(await run(s, SECONDS));
      console.error(`round ${round + 1}/${ROUNDS} done`);
    }

    /** @param {string} name */
    const of = (name) => /** @type {Awaited<ReturnType<typeof run>>[]} */ (results.get(name));
    /** Per-round ratio of two scenarios' figures. @param {string} a @param {string} b @param {"requestsPerSecond" | "p50"} key */
    const ratio = (a, b, key) => spread(of(a).map((r, i) => r[key] / (of(b)[i]?.[key] || Number.NaN)));

    const machine = `${availableParallelism()} CPUs; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} after`;
    console.log(`\n${machine}`);
    console.log("median (min–max) over the rounds");
    console.log("scenario                                   req/s               p50 ms          p99 ms          errors  unexpected status");
    const rows = scenarios.map((s) => {
      const r = of(s.name);
      return {
        name: s.name,
        requestsPerSecond: spread(r.map((x) => x.requestsPerSecond)),
        p50: spread(r.map((x) => x.p50)),
        p99: spread(r.map((x) => x.p99)),
        errors: r.reduce((a, x) => a + x.errors, 0),
        unexpected: r.reduce((a, x) => a + x.unexpected, 0),
        requests: r.reduce((a, x) => a + x.total, 0),
      };
    });
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(40)} ${show(r.requestsPerSecond).padEnd(19)} ${show(r.p50).padEnd(15)} ${show(r.p99).padEnd(15)} ${String(r.errors).padStart(6)}  ${r.unexpected}`,
      );
    }

    const ratios = {
      cachedVsFloor: ratio("cached page (100)", "floor: static Hono route", "requestsPerSecond"),
      oneReadVsFloor: ratio("floor + one D1 read", "floor: static Hono route", "requestsPerSecond"),
      cachedVsOneRead: ratio("cached page (100)", "floor + one D1 read", "requestsPerSecond"),
      firstPage100kVs100: ratio("uncached first page (100,000)", "uncached first page (100)", "p50"),
      tagFilter100kVs100: ratio("uncached tag filter (100,000)", "uncached tag filter (100)", "p50"),
      deepCursor100kVs100: ratio("uncached deep cursor (100,000)", "uncached deep cursor (100)", "p50"),
    };
    console.log("\nratios within a round, median (min–max)");
    console.log(`cached throughput / floor:               ${show(ratios.cachedVsFloor, 2)}   (target ≥ 0.70)`);
    console.log(`  floor + one D1 read / floor:           ${show(ratios.oneReadVsFloor, 2)}   (every fresh read makes that read)`);
    console.log(`  cached / floor + one D1 read:          ${show(ratios.cachedVsOneRead, 2)}`);
    console.log(`uncached p50, 100,000 vs 100 entries`);
    console.log(`  first page:                            ${show(ratios.firstPage100kVs100, 2)}   (target ≤ 1.3)`);
    console.log(`  tag filter:                            ${show(ratios.tagFilter100kVs100, 2)}   (target ≤ 1.3)`);
    console.log(`  deep cursor (60 entries from the end): ${show(ratios.deepCursor100kVs100, 2)}   (target ≤ 1.3)`);
    console.log(`bundle gzipped:                          ${(bundle.gzip / 1024).toFixed(1)} KiB (target ≤ 160 KiB)`);
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);

    const report = { date: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, machine, bundle, rows, ratios };
    const out = join(projectRoot, "bench", "results");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "api.json"), JSON.stringify(report, null, 2));
    const failures = [
      ratios.cachedVsFloor.median < 0.7 && "cached throughput below 70% of the floor",
      ratios.firstPage100kVs100.median > 1.3 && "uncached first page at 100,000 entries above 1.3× of 100",
      ratios.tagFilter100kVs100.median > 1.3 && "uncached tag filter at 100,000 entries above 1.3× of 100",
      ratios.deepCursor100kVs100.median > 1.3 && "uncached deep page at 100,000 entries above 1.3× of 100",
      bundle.gzip > BUDGET_GZIP_BYTES && "bundle above 160 KiB gzipped",
      rows.some((r) => r.errors > 0 || r.unexpected > 0) && "errors or unexpected statuses",
    ].filter(Boolean);
    if (failures.length) {
      console.log(`\nmissed: ${failures.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    if (worker) await stopProcessGroup(worker);
    await rm(config, { force: true });
    await rm(persistTo, { recursive: true, force: true });
  }
}

await main();
