// @ts-check
/**
 * What the read benchmarks share (bench/api.mjs, bench/compare.mjs): the seed of a large public
 * timeline straight into a local D1, one timed autocannon run with its statuses checked (and,
 * if asked, the Worker's CPU time per request), and the median-with-range summaries.
 */
import autocannon from "autocannon";
import { settledCpu } from "./cpu.mjs";

/**
 * SQL that creates a public timeline with `n` entries (one in five a commitment, every entry
 * tagged `bench`, one of 50 actors), with the facet rows the tag and actor filters read, fast.
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
INSERT INTO entry_facets (timeline_id, facet, value_key, start_ms, start_rank, entry_id)
SELECT timeline_id, 'tag', 'bench', start_ms, start_rank, id FROM entries WHERE timeline_id = ${id};
INSERT INTO entry_facets (timeline_id, facet, value_key, start_ms, start_rank, entry_id)
SELECT timeline_id, 'actor', lower(json_extract(actors, '$[0]')), start_ms, start_rank, id FROM entries WHERE timeline_id = ${id};
`;
}

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} url
 * @property {Record<string, string>} [headers]
 * @property {boolean} [unique] every request a cache miss (a `from` day of its own, see missPath)
 * @property {number} [status] the status every answer must have (default 200)
 * @property {() => Promise<Record<string, string>>} [prepare] headers fetched right before each run
 */

/**
 * @typedef {object} RunResult
 * @property {number} requestsPerSecond
 * @property {number} p50
 * @property {number} p99
 * @property {number} errors network errors and timeouts
 * @property {number} unexpected answers outside the expected status class
 * @property {number} total
 * @property {number} cpuMsPerRequest the Worker's CPU time per request (NaN unless measured)
 */

/** Requests that were cache misses so far, over every run: each one's `from` day is its own. */
let misses = 0;

/** The parameters the service's canonical order (src/http/canonical.ts) puts after `from`. */
const AFTER_FROM = new Set(["to", "q", "order", "limit", "cursor"]);

/**
 * `url` with a `from` filter of a day `n` days before 1900-01-01 (where the benchmark's entries
 * begin): a new representation per `n` that filters out no entry, spelled canonically (`from`
 * after the other filters, before `limit`). A throw-away parameter, or another order, would only
 * meet the redirect to the canonical URL.
 * @param {URL} url
 * @param {number} n
 */
function missPath(url, n) {
  const day = new Date(Date.UTC(1900, 0, 1) - (n % 300_000) * 86_400_000).toISOString().slice(0, 10);
  const pairs = [...url.searchParams];
  const at = pairs.findIndex(([key]) => AFTER_FROM.has(key));
  pairs.splice(at === -1 ? pairs.length : at, 0, ["from", day]);
  return `${url.pathname}?${new URLSearchParams(pairs)}`;
}

/** The path of a request to `url` that no earlier request made: a cache miss. @param {URL} url */
export const nextMissPath = (url) => missPath(url, ++misses);

/** Representations roll over every quarter hour (src/http/cache.ts): so do their ETags. */
export const ROLL_OVER_MS = 15 * 60_000;

/**
 * @typedef {object} RunOptions
 * @property {number} connections
 * @property {number} [seconds] a fixed time (throughput: autocannon's mean of its per-second counts)
 * @property {number} [amount] a fixed number of requests instead, every one answered before the
 *   run ends (throughput: amount / time until the last answer), so two runs do the same work
 * @property {() => number} [cpu] the Worker's CPU time so far in ns: read before the run and
 *   once the Worker is idle after it, for the CPU time per request (with `amount` only, where
 *   no request is left in flight)
 */

/**
 * One timed run of a scenario.
 * @param {Scenario} scenario
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
export async function run(scenario, options) {
  const url = new URL(scenario.url);
  const headers = scenario.prepare ? await scenario.prepare() : scenario.headers;
  const cpu = options.amount && options.cpu ? options.cpu : undefined;
  const cpuBefore = cpu ? await settledCpu(cpu) : Number.NaN;
  const began = Date.now();
  let lastAnswer = began;
  /** @type {autocannon.Result} */
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: scenario.url,
        connections: options.connections,
        // With a fixed amount, a short sampling interval ends the run soon after the last answer.
        ...(options.amount ? { amount: options.amount, sampleInt: 100 } : { duration: options.seconds ?? 3 }),
        headers,
        requests: scenario.unique
          ? [{ setupRequest: (req) => ({ ...req, path: nextMissPath(url) }) }]
          : undefined,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // autocannon notices the last answer only at its next sampling tick: time it here instead.
    instance.on("response", () => (lastAnswer = Date.now()));
  });
  const elapsedMs = lastAnswer - began;
  const cpuAfter = cpu ? await settledCpu(cpu) : Number.NaN;
  // A conditional run that straddled a roll-over held a validator that expired midway: run again.
  if (scenario.prepare && Math.floor(began / ROLL_OVER_MS) !== Math.floor(Date.now() / ROLL_OVER_MS)) return run(scenario, options);
  const expected = scenario.status ?? 200;
  const statusClass = `${String(expected)[0]}xx`;
  const total = result.requests.total;
  const matching = /** @type {number} */ (/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (result))[statusClass] ?? 0);
  return {
    requestsPerSecond: options.amount ? total / (elapsedMs / 1000) : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    // Every answer must have the expected status class (a 304 scenario answered 200 would be wrong).
    unexpected: total - matching,
    total,
    cpuMsPerRequest: (cpuAfter - cpuBefore) / 1e6 / total,
  };
}

/** @param {number[]} values */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** @typedef {{ median: number, min: number, max: number }} Spread */

/** @param {number[]} values @returns {Spread} */
export const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/** @param {Spread} s @param {number} [digits] */
export const show = (s, digits = 0) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/**
 * A deterministic shuffle per round (no scenario always runs first or after the same one).
 * @template T
 * @param {T[]} list @param {number} seed
 * @returns {T[]}
 */
export function shuffled(list, seed) {
  const out = [...list];
  let x = seed * 2654435761 + 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [/** @type {T} */ (out[j]), /** @type {T} */ (out[i])];
  }
  return out;
}
