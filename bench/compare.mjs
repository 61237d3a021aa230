// @ts-check
/**
 * `npm run bench:compare -- --before DIR`: the read path of this checkout against the same
 * service built from another checkout (DIR, with its own node_modules), loopback only.
 *
 * Both builds run at once, each in its own `wrangler dev` on its own local D1 seeded with the
 * same timelines of 100 and 100,000 entries, started by this checkout's Wrangler (so the runtime
 * is the same; each build bundles its own sources and libraries). Only the service's own routes
 * are compared. Every round runs every scenario once per build, scenarios in a new order each
 * round, the two builds back to back with the one that goes first alternating, so drift on a
 * shared machine hits both alike. Each run is a fixed number of requests, the same for both
 * builds (what about BENCH_SECONDS takes, from a calibration round after the warm-up round), so
 * both do the same work and every request is answered before the run ends. Besides throughput
 * and latency, each run measures the CPU time the build's processes spent per request, from
 * /proc: the figure a loaded machine disturbs least. Figures are medians over the rounds with
 * their range (min–max); the after/before ratio is taken within each pair, then its median and
 * range.
 *
 * Scenarios: a cached entries page, the same page conditional (`304`, when both builds answer
 * one), the uncached first page at 100 and 100,000 entries. BENCH_ROUNDS (default 5),
 * BENCH_SECONDS (default 3), BENCH_CONNECTIONS (default 16). Also builds both Workers as
 * deployed and measures them. Four to five minutes. Fails on an error or unexpected status, and on
 * a figure where after's median lies outside before's range on the worse side while after was
 * worse in every pair.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../scripts/lib/project.mjs";
import { applyMigrations, findFreePort, runTool, spawnWranglerDev, stopProcessGroup, waitForHealthy } from "../scripts/lib/wrangler.mjs";
import { processGroupCpuNs } from "./lib/cpu.mjs";
import { nextMissPath, run, seedSql, show, shuffled, spread } from "./lib/read.mjs";

/** @typedef {import("./lib/read.mjs").Scenario} Scenario */
/** @typedef {import("./lib/read.mjs").RunResult} RunResult */
/** @typedef {"before" | "after"} BuildName */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = [100, 100_000];
const PAGE = 50;
/** The libraries whose versions the two checkouts may differ in: printed beside the figures. */
const LIBRARIES = ["hono", "drizzle-orm", "zod"];

const usage = "usage: npm run bench:compare -- --before DIR   (DIR: another checkout of the service, with node_modules)";

/** @param {string} root */
async function versions(root) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of LIBRARIES) {
    try {
      out[name] = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      out[name] = "missing";
    }
  }
  return out;
}

/** Builds a checkout's Worker as it would be deployed and measures it. @param {string} root */
async function bundleSize(root) {
  const outdir = await mkdtemp(join(tmpdir(), "edge-timeline-bundle-"));
  try {
    await runTool("wrangler", ["deploy", "--dry-run", "--outdir", outdir], { cwd: root, quiet: true });
    const code = await readFile(join(outdir, "index.js"));
    return { raw: code.length, gzip: gzipSync(code).length };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} Build
 * @property {BuildName} name
 * @property {string} root
 * @property {string} persistTo its local D1
 * @property {string} base its origin on loopback
 * @property {import("node:child_process").ChildProcess | undefined} child its `wrangler dev`
 */

/**
 * One build: its own D1 (migrated by its own migrations, then seeded) and its own `wrangler dev`.
 * Joins `builds` at once, so that the caller stops it even when starting fails halfway.
 * @param {BuildName} name @param {string} root @param {string} seed SQL @param {Build[]} builds
 */
async function startBuild(name, root, seed, builds) {
  const persistTo = await mkdtemp(join(tmpdir(), `edge-timeline-compare-${name}-`));
  /** @type {Build} */
  const build = { name, root, persistTo, base: "", child: undefined };
  builds.push(build);
  await applyMigrations({ persistTo, cwd: root, quiet: true });
  const seedFile = join(persistTo, "seed.sql");
  await writeFile(seedFile, seed);
  await runTool("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", seedFile, "--yes"], { cwd: root, quiet: true });
  const port = await findFreePort();
  build.base = `http://127.0.0.1:${port}`;
  build.child = await spawnWranglerDev({ port, persistTo, cwd: root, vars: { ADMIN_TOKEN: "bench-admin-token" } });
  await waitForHealthy(`${build.base}/healthz`, { child: build.child });
}

/**
 * The compared scenarios against one build.
 * @param {string} base
 * @returns {Scenario[]}
 */
function scenariosOf(base) {
  /** @param {number} n */
  const page = (n) => `${base}/v1/timelines/bench-${n}/entries?limit=${PAGE}`;
  return [
    { name: "cached page (100)", url: page(100) },
    {
      name: "conditional 304 (100)",
      url: page(100),
      status: 304,
      // The current validator, taken before each run: representations roll over every quarter hour.
      prepare: async () => {
        const res = await fetch(page(100));
        await res.arrayBuffer();
        return { "If-None-Match": res.headers.get("ETag") ?? "" };
      },
    },
    ...SIZES.map((n) => ({ name: `uncached first page (${n.toLocaleString("en")})`, url: page(n), unique: true })),
  ];
}

/**
 * What a scenario answers on one build: status, body bytes, and the entry ids of a full page.
 * @param {Scenario} s
 */
async function probe(s) {
  const url = new URL(s.url);
  // What the timed run asks: a cache miss for an uncached scenario; no redirect followed.
  const target = s.unique ? `${url.origin}${nextMissPath(url)}` : s.url;
  const res = await fetch(target, { headers: s.prepare ? await s.prepare() : s.headers, redirect: "manual" });
  const text = await res.text();
  /** @type {string[]} */
  const ids = res.status === 200 ? JSON.parse(text).items.map((/** @type {{ id: string }} */ e) => e.id) : [];
  return { status: res.status, bytes: Buffer.byteLength(text), ids, text };
}

async function main() {
  const { values } = parseArgs({ options: { before: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help || !values.before) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const beforeRoot = resolve(values.before);
  if (!existsSync(join(beforeRoot, "wrangler.toml")) || !existsSync(join(beforeRoot, "node_modules"))) {
    throw new Error(`${beforeRoot}: expected a checkout of the service with wrangler.toml and node_modules\n${usage}`);
  }
  /** @type {Record<BuildName, string>} */
  const roots = { before: beforeRoot, after: projectRoot };

  const started = Date.now();
  const loadBefore = loadavg();
  console.log(`edge-timeline before/after read benchmark: ${ROUNDS} rounds × ${SECONDS} s per scenario and build, ${CONNECTIONS} connections, loopback only`);
  console.log(`before: ${roots.before}\nafter:  ${roots.after}`);
  /** @type {Record<BuildName, Record<string, string>>} */
  const libraries = { before: await versions(roots.before), after: await versions(roots.after) };
  for (const name of LIBRARIES) {
    const note = libraries.before[name] === libraries.after[name] ? "" : "  (differs)";
    console.log(`  ${name}: ${libraries.before[name]} before, ${libraries.after[name]} after${note}`);
  }
  const bundles = { before: await bundleSize(roots.before), after: await bundleSize(roots.after) };
  for (const [name, b] of Object.entries(bundles)) console.log(`bundle ${name}: ${(b.raw / 1024).toFixed(1)} KiB raw, ${(b.gzip / 1024).toFixed(1)} KiB gzipped`);

  const seed = SIZES.map((n, i) => seedSql(101 + i, n)).join("\n");
  /** @type {Build[]} */
  const builds = [];
  try {
    for (const name of /** @type {BuildName[]} */ (["before", "after"])) await startBuild(name, roots[name], seed, builds);
    const [before, after] = /** @type {[Build, Build]} */ (builds);
    /** @type {Record<BuildName, Scenario[]>} */
    const scenarios = { before: scenariosOf(before.base), after: scenariosOf(after.base) };

    // Like for like: every scenario answers both builds with the expected status and, for pages,
    // a full page of the same entries. A 304 that only one build gives is left out for both.
    /** @type {string[]} */
    const names = [];
    for (const [i, s] of scenarios.after.entries()) {
      const b = /** @type {Scenario} */ (scenarios.before[i]);
      const [pb, pa] = [await probe(b), await probe(s)];
      const expected = s.status ?? 200;
      if (pb.status !== expected || pa.status !== expected) {
        if (s.status === 304) {
          console.log(`${s.name}: left out (before answered ${pb.status}, after ${pa.status})`);
          continue;
        }
        throw new Error(`${s.name}: before ${pb.status}, after ${pa.status}\n${pb.text.slice(0, 200)}\n${pa.text.slice(0, 200)}`);
      }
      if (expected === 200) {
        if (pa.ids.length !== PAGE || pb.ids.length !== PAGE) throw new Error(`${s.name}: not a full page`);
        if (pa.ids.join() !== pb.ids.join()) throw new Error(`${s.name}: the builds answer different entries`);
        console.log(`${s.name}: ${pb.bytes.toLocaleString("en")} bytes before, ${pa.bytes.toLocaleString("en")} after, same ${PAGE} entries`);
      }
      names.push(s.name);
    }
    /** @param {BuildName} build @param {string} name */
    const scenario = (build, name) => /** @type {Scenario} */ (scenarios[build].find((s) => s.name === name));
    /** @type {Record<BuildName, () => number>} */
    const cpu = { before: () => processGroupCpuNs(before.child?.pid ?? 0), after: () => processGroupCpuNs(after.child?.pid ?? 0) };
    /** @param {BuildName} build @param {string} name @param {number} amount */
    const runOf = (build, name, amount) => run(scenario(build, name), { amount, connections: CONNECTIONS, cpu: cpu[build] });

    // Warm-up round (JIT, caches, connections), then a calibration round: each scenario's number
    // of requests is what both builds answer in BENCH_SECONDS at their mean rate, whole waves of
    // BENCH_CONNECTIONS, at least two.
    const few = 2 * CONNECTIONS;
    for (const name of names) for (const build of /** @type {BuildName[]} */ (["before", "after"])) await runOf(build, name, few);
    /** @type {Map<string, number>} */
    const amounts = new Map();
    for (const name of names) {
      const rates = [];
      for (const build of /** @type {BuildName[]} */ (["before", "after"])) rates.push((await runOf(build, name, few)).requestsPerSecond);
      const waves = Math.round(((rates[0] ?? 0) + (rates[1] ?? 0)) / 2 * SECONDS / CONNECTIONS);
      amounts.set(name, Math.max(2, waves) * CONNECTIONS);
    }
    console.log(`requests per run: ${names.map((n) => `${n} ${amounts.get(n)}`).join(", ")}`);
    /** @type {Record<BuildName, Map<string, RunResult[]>>} */
    const results = { before: new Map(names.map((n) => [n, []])), after: new Map(names.map((n) => [n, []])) };
    /** @type {number[][]} */
    const loads = [];
    let turn = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of shuffled(names, round + 1)) {
        /** @type {BuildName[]} */
        const order = turn++ % 2 ? ["after", "before"] : ["before", "after"];
        for (const build of order) results[build].get(name)?.push(await runOf(build, name, amounts.get(name) ?? few));
      }
      loads.push(loadavg());
      console.error(`round ${round + 1}/${ROUNDS} done (load average ${loadavg()[0]?.toFixed(2)})`);
    }

    /** @param {BuildName} build @param {string} name */
    const of = (build, name) => /** @type {RunResult[]} */ (results[build].get(name));
    const rows = names.map((name) => {
      /** @param {BuildName} build */
      const summary = (build) => {
        const r = of(build, name);
        return {
          requestsPerSecond: spread(r.map((x) => x.requestsPerSecond)),
          p50: spread(r.map((x) => x.p50)),
          p99: spread(r.map((x) => x.p99)),
          cpuMsPerRequest: spread(r.map((x) => x.cpuMsPerRequest)),
          errors: r.reduce((a, x) => a + x.errors, 0),
          unexpected: r.reduce((a, x) => a + x.unexpected, 0),
          requests: r.reduce((a, x) => a + x.total, 0),
        };
      };
      const [b, a] = [summary("before"), summary("after")];
      /** @param {"requestsPerSecond" | "p50" | "cpuMsPerRequest"} key */
      const ratio = (key) => spread(of("after", name).map((x, i) => x[key] / (of("before", name)[i]?.[key] || Number.NaN)));
      /** Where after's median falls against before's range, in the direction that is better. @param {"requestsPerSecond" | "p50" | "cpuMsPerRequest"} key @param {1 | -1} better */
      const verdict = (key, better) => {
        const m = a[key].median;
        if (m >= b[key].min && m <= b[key].max) return "within";
        return (m > b[key].max ? 1 : -1) === better ? "better" : "worse";
      };
      return {
        name,
        before: b,
        after: a,
        amount: amounts.get(name),
        ratio: { requestsPerSecond: ratio("requestsPerSecond"), p50: ratio("p50"), cpuMsPerRequest: ratio("cpuMsPerRequest") },
        verdict: { requestsPerSecond: verdict("requestsPerSecond", 1), p50: verdict("p50", -1), cpuMsPerRequest: verdict("cpuMsPerRequest", -1) },
      };
    });

    const fmt = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(" ");
    const machine = `${availableParallelism()} CPUs; load average ${fmt(loadBefore)} before, ${fmt(loadavg())} after; 1-minute load after each round: ${loads.map((l) => l[0]?.toFixed(2)).join(", ")}`;
    console.log(`\n${machine}`);
    console.log("median (min–max) over the rounds; ratio after/before within each pair");
    console.log("scenario                          build   req/s              p50 ms            CPU ms/request     p99 ms             errors  unexpected");
    for (const r of rows) {
      for (const build of /** @type {BuildName[]} */ (["before", "after"])) {
        const x = r[build];
        console.log(
          `${r.name.padEnd(33)} ${build.padEnd(7)} ${show(x.requestsPerSecond).padEnd(18)} ${show(x.p50).padEnd(17)} ${show(x.cpuMsPerRequest, 2).padEnd(18)} ${show(x.p99).padEnd(18)} ${String(x.errors).padStart(6)}  ${x.unexpected}`,
        );
      }
      console.log(`${"".padEnd(33)} ratio   ${show(r.ratio.requestsPerSecond, 2).padEnd(18)} ${show(r.ratio.p50, 2).padEnd(17)} ${show(r.ratio.cpuMsPerRequest, 2)}`);
      console.log(
        `${"".padEnd(33)} after's medians against before's range: req/s ${r.verdict.requestsPerSecond}, p50 ${r.verdict.p50}, CPU ${r.verdict.cpuMsPerRequest}`,
      );
    }
    console.log(`bundle gzipped: ${(bundles.before.gzip / 1024).toFixed(1)} KiB before, ${(bundles.after.gzip / 1024).toFixed(1)} KiB after`);
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);

    const report = { date: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, machine, roots, libraries, bundles, rows };
    const out = join(projectRoot, "bench", "results");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "compare.json"), JSON.stringify(report, null, 2));
    const failures = [
      rows.some((r) => r.before.errors + r.after.errors + r.before.unexpected + r.after.unexpected > 0) && "errors or unexpected statuses",
      // A regression: after's median outside before's range on the worse side, and after worse
      // than before in every pair (one noisy round at this machine's load is not one).
      ...rows.flatMap((r) =>
        /** @type {const} */ ([
          ["requestsPerSecond", 1],
          ["p50", -1],
          ["cpuMsPerRequest", -1],
        ])
          .filter(([key, better]) => r.verdict[key] === "worse" && (better > 0 ? r.ratio[key].max < 1 : r.ratio[key].min > 1))
          .map(([key]) => `${r.name}: ${key} worse after in every round`),
      ),
    ].filter(Boolean);
    if (failures.length) {
      console.log(`\nmissed: ${failures.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    for (const b of builds) {
      if (b.child) await stopProcessGroup(b.child);
      await rm(b.persistTo, { recursive: true, force: true });
    }
  }
}

await main();
