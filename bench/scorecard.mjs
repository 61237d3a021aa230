// @ts-check
/**
 * `npm run bench:scorecard` (also the second half of `npm run bench`): the scorecard's read path
 * and the widget's scorecard view, loopback only.
 *
 *  - seeds two public timelines of 100 and 100,000 commitments (every entry a commitment: the
 *    ledger's worst case) with the same 20 makers, 3 beneficiaries, tranches in EUR, USD and a
 *    unit, due dates from 2000 to 2035 (most overdue), and a year of USD-per-EUR rates, straight
 *    into a fresh local D1 (SQL);
 *  - builds the aggregates by the service's own recomputation (`PATCH reporting_currency`, the
 *    path a rate import or currency change takes) and times it;
 *  - times uncached reads one at a time, each right after a write to its timeline (so every cache
 *    misses; the service spells each URL one way, so no throw-away parameter can force a miss),
 *    interleaved round by round: the scorecard at both sizes, one maker's, a tag-filtered one,
 *    and the scorecard widget view at both sizes; and the cached scorecard under load (autocannon);
 *  - weighs the scorecard widget's HTML gzipped, for 20 makers.
 *
 * BENCH_ROUNDS (default 60) uncached rounds; BENCH_SECONDS (default 10) for the cached run after a
 * 2 s warm-up, BENCH_CONNECTIONS (default 16).
 * Timings on a shared 2-core machine drift: compare within one run, as ratios.
 */
import autocannon from "autocannon";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { projectRoot } from "../scripts/lib/project.mjs";
import { applyMigrations, runTool } from "../scripts/lib/wrangler.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = [100, 100_000];
const WIDGET_BUDGET_GZIP = 8 * 1024;
const MAKERS = 20;

/**
 * SQL for a public timeline `card-{n}` of `n` commitments with tranches, 20 makers, 3 beneficiaries.
 * @param {number} id
 * @param {number} n
 */
export function ledgerSeedSql(id, n) {
  const slug = `card-${n}`;
  const now = "2026-01-01T00:00:00.000Z";
  return `
INSERT INTO timelines (id, slug, title, description, language, time_zone, visibility, embed_origins, revision, created_at, updated_at)
VALUES (${id}, '${slug}', 'Scorecard ${n}', 'Generated for npm run bench', 'en', 'Europe/Berlin', 'public', '[]', 1, '${now}', '${now}');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
d AS (
  SELECT i,
    date('2024-01-01', '+' || ((i * 7919) % 700) || ' days') AS start,
    CAST(2000 + (i * 31) % 36 AS TEXT) AS due,
    'Donor ' || (i % ${MAKERS} + 1) AS maker,
    CASE i % 3 WHEN 0 THEN 'Ukraine' WHEN 1 THEN 'Moldova' ELSE 'Georgia' END AS beneficiary,
    CASE i % 7 WHEN 0 THEN 'announced' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'stalled' WHEN 3 THEN 'partially_fulfilled'
      WHEN 4 THEN 'fulfilled' WHEN 5 THEN 'missed' ELSE 'withdrawn' END AS status,
    CASE WHEN i % 2 = 0 THEN 'EUR' ELSE 'USD' END AS currency
  FROM n
)
INSERT INTO entries (id, timeline_id, kind, title, body, start, start_ms, start_rank, end_ms, tags, actors, sources,
  status, commitment, search_text, revision, created_at, updated_at)
SELECT printf('%08x-0000-7000-8000-%012x', ${id}, i), ${id}, 'commitment',
  'Pledge ' || i || ' of ' || maker, 'A pledge of the benchmark timeline.', start,
  CAST(round((julianday(start) - 2440587.5) * 86400000) AS INTEGER), 2,
  CAST(round((julianday(start) - 2440587.5) * 86400000) AS INTEGER) + 86400000,
  json_array(CASE WHEN i % 100 = 0 THEN 'rare' ELSE 'bench' END), json_array(maker),
  '[{"url":"https://example.org/source","title":"Source","publisher":null,"published":null}]',
  status,
  json_object('status', status, 'reason', null, 'due', due, 'amount', null, 'delivered', null,
    'made_by', json_array(maker), 'beneficiary', beneficiary,
    'tranches', json_array(
      json_object('phase', 'committed', 'date', start, 'amount', json_object('value', (i % 97 + 1) * 1000000, 'currency', currency),
        'made_by', null, 'note', null, 'source', null, 'recorded_at', '${now}'),
      json_object('phase', 'delivered', 'date', date(start, '+30 days'), 'amount', json_object('value', (i % 13 + 1) * 100000, 'currency', currency),
        'made_by', null, 'note', null, 'source', null, 'recorded_at', '${now}'),
      json_object('phase', 'committed', 'date', start, 'amount', json_object('value', i % 5 + 1, 'currency', 'tanks'),
        'made_by', null, 'note', null, 'source', null, 'recorded_at', '${now}')),
    'history', json_array(json_object('at', start, 'from', null, 'status', status, 'note', null, 'source', null, 'reason', null, 'recorded_at', '${now}'))),
  'bench ' || maker || ' ' || beneficiary, 1, '${now}', '${now}'
FROM d;
INSERT INTO entry_facets (timeline_id, facet, value_key, start_ms, start_rank, entry_id)
SELECT timeline_id, 'tag', lower(json_extract(tags, '$[0]')), start_ms, start_rank, id FROM entries WHERE timeline_id = ${id};
WITH RECURSIVE days(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM days WHERE k < 760)
INSERT INTO exchange_rates (timeline_id, base, currency, date, rate)
SELECT ${id}, 'EUR', 'USD', date('2023-12-20', '+' || k || ' days'), 1.05 + (k % 50) / 1000.0 FROM days
WHERE strftime('%w', date('2023-12-20', '+' || k || ' days')) NOT IN ('0', '6');
INSERT INTO exchange_rate_series (timeline_id, base, currency, first_date, last_date, rates)
SELECT timeline_id, base, currency, min(date), max(date), count(*) FROM exchange_rates WHERE timeline_id = ${id} GROUP BY base, currency;
`;
}

/**
 * Requests per second and latency of `url` under load (answered from the representation caches
 * after the first request).
 * @param {string} name
 * @param {string} url
 */
async function measure(name, url) {
  /** @param {number} duration */
  const make = (duration) => autocannon({ url, connections: CONNECTIONS, duration });
  await make(2);
  const result = await make(SECONDS);
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** @param {number[]} list @param {number} q */
const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

/**
 * Latency of uncached reads: each request comes right after a write to its timeline (a title
 * change: the revision moves, so every cache misses; the ledger is untouched), one at a time,
 * the scenarios interleaved round by round so drift on a shared machine hits them alike.
 * Writes rotate over several tokens: the write limiter allows 120 a minute per token.
 * @param {string} base
 * @param {Record<string, string>[]} auths
 * @param {{ name: string, slug: string, path: string }[]} scenarios
 * @param {number} rounds
 */
async function uncached(base, auths, scenarios, rounds) {
  let writes = 0;
  /** @type {Map<string, number[]>} */
  const times = new Map(scenarios.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const s of scenarios) {
      const headers = auths[writes++ % auths.length];
      const bump = await fetch(`${base}/v1/timelines/${s.slug}`, { method: "PATCH", headers, body: JSON.stringify({ title: `Scorecard ${s.slug} #${round}` }) });
      if (!bump.ok) throw new Error(`bumping ${s.slug}: ${bump.status}`);
      const started = performance.now();
      const res = await fetch(`${base}${s.path}`, { redirect: "manual" });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${s.path}: ${res.status}`);
      times.get(s.name)?.push(ms);
    }
  }
  return scenarios.map((s) => {
    const list = times.get(s.name) ?? [];
    return { name: s.name, p50: Math.round(quantile(list, 0.5) * 10) / 10, p90: Math.round(quantile(list, 0.9) * 10) / 10, n: list.length };
  });
}

async function main() {
  console.log(`edge-timeline scorecard benchmark: ${SECONDS}s per scenario, ${CONNECTIONS} connections, loopback only`);
  const persistTo = await mkdtemp(join(tmpdir(), "edge-timeline-scorecard-"));
  /** @type {Awaited<ReturnType<typeof startLocalWorker>> | undefined} */
  let worker;
  try {
    await applyMigrations({ persistTo, quiet: true });
    const seedFile = join(persistTo, "seed.sql");
    await writeFile(seedFile, SIZES.map((n, i) => ledgerSeedSql(201 + i, n)).join("\n"));
    const seeded = Date.now();
    await runTool("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", seedFile, "--yes"], { quiet: true });
    console.log(`seeded ${SIZES.map((n) => n.toLocaleString("en")).join(" and ")} commitments in ${((Date.now() - seeded) / 1000).toFixed(1)}s`);

    worker = await startLocalWorker({ persistTo });
    const base = worker.url;
    const auth = { authorization: `Bearer ${worker.adminToken}`, "content-type": "application/json" };
    /** @type {Record<number, number>} */
    const recompute = {};
    for (const n of SIZES) {
      const started = Date.now();
      const res = await fetch(`${base}/v1/timelines/card-${n}`, { method: "PATCH", headers: auth, body: JSON.stringify({ reporting_currency: "EUR" }) });
      if (!res.ok) throw new Error(`recomputing card-${n}: ${res.status} ${await res.text()}`);
      recompute[n] = Date.now() - started;
      console.log(`aggregates of ${n.toLocaleString("en")} commitments recomputed (reporting currency set) in ${(recompute[n] / 1000).toFixed(2)}s`);
    }
    const check = await (await fetch(`${base}/v1/timelines/card-100000/scorecard`)).json();
    if (check.summary.commitments !== 100_000 || check.makers.length !== MAKERS) throw new Error(`unexpected scorecard: ${JSON.stringify(check.summary)}`);

    const widget = await fetch(`${base}/embed/card-100000?view=scorecard`);
    const html = Buffer.from(await widget.arrayBuffer());
    const widgetBytes = { raw: html.length, gzip: gzipSync(html).length };
    console.log(`scorecard widget (${MAKERS} makers): ${(widgetBytes.raw / 1024).toFixed(1)} KiB raw, ${(widgetBytes.gzip / 1024).toFixed(1)} KiB gzipped`);

    /** @param {number} n */
    const card = (n) => `/v1/timelines/card-${n}/scorecard`;
    const cached = await measure("cached scorecard (100,000), under load", `${base}${card(100_000)}`);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 60);
    /** @type {Record<string, string>[]} */
    const auths = [];
    for (let i = 0; i < Math.ceil((rounds * 6) / 100); i++) {
      const res = await fetch(`${base}/v1/tokens`, { method: "POST", headers: auth, body: JSON.stringify({ name: `bench ${i}`, role: "admin", timelines: ["*"] }) });
      if (res.status !== 201) throw new Error(`creating a token: ${res.status} ${await res.text()}`);
      auths.push({ authorization: `Bearer ${(await res.json()).token}`, "content-type": "application/json" });
    }
    const results = await uncached(
      base,
      auths,
      [
        { name: "scorecard (100)", slug: "card-100", path: card(100) },
        { name: "scorecard (100,000)", slug: "card-100000", path: card(100_000) },
        { name: "one maker's scorecard (100,000)", slug: "card-100000", path: `${card(100_000)}?maker=Donor+7` },
        { name: "tag-filtered scorecard (1,000 of 100,000)", slug: "card-100000", path: `${card(100_000)}?tag=rare` },
        { name: "scorecard widget (100)", slug: "card-100", path: "/embed/card-100?view=scorecard" },
        { name: "scorecard widget (100,000)", slug: "card-100000", path: "/embed/card-100000?view=scorecard" },
      ],
      rounds,
    );

    console.log("");
    console.log(`cached, ${CONNECTIONS} connections: ${cached.requestsPerSecond} req/s, p50 ${cached.p50} ms, p99 ${cached.p99} ms, ${cached.errors} errors`);
    console.log(`uncached, one at a time after a write, ${rounds} rounds interleaved:`);
    console.log("scenario                                            p50 ms    p90 ms");
    for (const r of results) console.log(`${r.name.padEnd(50)} ${String(r.p50).padStart(7)} ${String(r.p90).padStart(9)}`);
    /** @param {string} name */
    const named = (name) => results.find((r) => r.name === name) ?? { p50: NaN };
    const ratio = named("scorecard (100,000)").p50 / named("scorecard (100)").p50;
    const widgetRatio = named("scorecard widget (100,000)").p50 / named("scorecard widget (100)").p50;
    console.log("");
    console.log(`uncached scorecard p50, 100,000 vs 100:      ${ratio.toFixed(2)}×  (target ≤ 1.3×)`);
    console.log(`uncached scorecard widget p50, 100,000 vs 100: ${widgetRatio.toFixed(2)}×`);
    console.log(`scorecard widget gzipped, ${MAKERS} makers:         ${(widgetBytes.gzip / 1024).toFixed(1)} KiB (target ≤ 8 KiB)`);

    const out = join(projectRoot, "bench", "results");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "scorecard.json"), JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, rounds, recomputeMs: recompute, widgetBytes, cached, results, ratio, widgetRatio }, null, 2));
    const failures = [
      ratio > 1.3 && "uncached scorecard at 100,000 above 1.3× of 100",
      widgetBytes.gzip > WIDGET_BUDGET_GZIP && "scorecard widget above 8 KiB gzipped",
      (cached.errors > 0 || cached.non2xx > 0) && "errors or non-2xx answers",
    ].filter(Boolean);
    if (failures.length) {
      console.log(`\nmissed: ${failures.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await worker?.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
