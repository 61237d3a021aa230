// @ts-check
/**
 * `npm run bench:live`: how fast a write reaches live readers, and what polling costs.
 *
 * Push: LIVE_CLIENTS (default 1,000) plain WebSocket clients (Node's own) on one live timeline of
 * a local Worker (`wrangler dev`); LIVE_WRITES (default 20) entry writes one after another. For
 * each write, the time from its acknowledgement (the 201 arriving) until each client has the new
 * revision; a client that had it before the acknowledgement counts 0. Reports p50/p99 over all
 * (client, write) pairs and over writes of the time until EVERY client had it (target: p99 ≤ 1 s).
 *
 * Polling: 1,000 visible widgets for 10 minutes without a change, each following the widget's
 * backoff (src/domain/polling.ts) with its own jitter, simulated in fake time: the requests they
 * send, and how many a shared cache in front of the Worker (s-maxage of the revision resource)
 * lets through to the Worker per location.
 *
 * Writes bench/results/live.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { projectRoot } from "../scripts/lib/project.mjs";
import { POLL_MAX_MS, POLL_MIN_MS, pollWaits } from "../src/domain/polling.ts";

const CLIENTS = Number(process.env.LIVE_CLIENTS ?? 1000);
const WRITES = Number(process.env.LIVE_WRITES ?? 20);
const WIDGETS = 1000;
const MINUTES = 10;
const SLUG = "bench-live";

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/**
 * @param {string} url
 * @returns {Promise<{ ws: WebSocket, latest: () => number, waitFor: (revision: number) => Promise<number> }>}
 */
function openClient(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let latest = 0;
    /** @type {{ revision: number, resolve: (at: number) => void }[]} */
    let waiting = [];
    /** @type {Map<number, number>} */
    const arrived = new Map();
    ws.addEventListener("message", (event) => {
      const at = performance.now();
      const m = JSON.parse(String(event.data));
      if (m.type !== "revision") return;
      if (m.revision > latest) latest = m.revision;
      arrived.set(m.revision, at);
      waiting = waiting.filter((w) => (w.revision <= latest ? (w.resolve(arrived.get(latest) ?? at), false) : true));
      if (latest > 0) resolve(client);
    });
    ws.addEventListener("error", () => reject(new Error(`socket failed: ${url}`)));
    const client = {
      ws,
      latest: () => latest,
      /** Resolves with the moment the client first held `revision` (or a later one). */
      waitFor: (/** @type {number} */ revision) =>
        new Promise((done) => {
          const at = [...arrived].filter(([r]) => r >= revision).map(([, t]) => t);
          if (at.length) done(Math.min(...at));
          else waiting.push({ revision, resolve: done });
        }),
    };
  });
}

async function push() {
  const worker = await startLocalWorker();
  const admin = { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" };
  try {
    const created = await fetch(`${worker.url}/v1/timelines`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug: SLUG, title: "Live benchmark", language: "en", live: true }),
    });
    if (created.status !== 201) throw new Error(`creating the timeline: ${created.status} ${await created.text()}`);
    const url = `${worker.url.replace("http", "ws")}/v1/timelines/${SLUG}/live`;
    const opening = performance.now();
    /** @type {Awaited<ReturnType<typeof openClient>>[]} */
    const clients = [];
    for (let i = 0; i < CLIENTS; i += 50) {
      clients.push(...(await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => openClient(url)))));
    }
    console.log(`${clients.length} clients connected in ${((performance.now() - opening) / 1000).toFixed(1)} s`);

    /** @type {number[]} */
    const perClient = [];
    /** @type {number[]} */
    const allClients = [];
    /** @type {number[]} */
    const fromSend = [];
    for (let i = 0; i < WRITES; i++) {
      const target = Math.max(...clients.map((c) => c.latest())) + 1;
      const arrivals = Promise.all(clients.map((c) => c.waitFor(target)));
      const sent = performance.now();
      const res = await fetch(`${worker.url}/v1/timelines/${SLUG}/entries`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ kind: "event", title: `Write ${i + 1}`, start: "2026-01-01" }),
      });
      const acked = performance.now();
      if (res.status !== 201) throw new Error(`write ${i + 1}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      const arrived = await arrivals;
      fromSend.push(Math.max(...arrived) - sent);
      const times = arrived.map((at) => Math.max(0, at - acked));
      perClient.push(...times);
      allClients.push(Math.max(...times));
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const c of clients) c.ws.close(1000);
    return {
      clients: clients.length,
      writes: WRITES,
      per_client_ms: { p50: round(quantile(perClient, 0.5)), p99: round(quantile(perClient, 0.99)), max: round(Math.max(...perClient)) },
      every_client_ms: { p50: round(quantile(allClients, 0.5)), p99: round(quantile(allClients, 0.99)), max: round(Math.max(...allClients)) },
      // For scale: from sending the write until every client has it (the write's own time included).
      every_client_from_send_ms: { p50: round(quantile(fromSend, 0.5)), p99: round(quantile(fromSend, 0.99)) },
    };
  } finally {
    await worker.stop();
  }
}

/** @param {number} n */
const round = (n) => Math.round(n * 10) / 10;

/** The revision resource's shared-cache lifetime, read from the source so the figure follows it. */
async function sharedCacheSeconds() {
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(join(projectRoot, "src", "live", "stream.ts"), "utf8");
  const match = /REVISION_CACHE_CONTROL = "[^"]*s-maxage=(\d+)/.exec(source);
  if (!match) throw new Error("REVISION_CACHE_CONTROL has no s-maxage");
  return Number(match[1]);
}

async function polling() {
  const durationMs = MINUTES * 60_000;
  const perWidget = Array.from({ length: WIDGETS }, () => pollWaits(durationMs, Math.random).length);
  const total = perWidget.reduce((a, b) => a + b, 0);
  const sMaxAge = await sharedCacheSeconds();
  return {
    widgets: WIDGETS,
    minutes: MINUTES,
    schedule_ms: { first: POLL_MIN_MS, max: POLL_MAX_MS },
    requests: total,
    per_widget: { min: Math.min(...perWidget), max: Math.max(...perWidget), mean: round(total / WIDGETS) },
    // Each s-maxage window of a location's shared cache lets at most one request through (after a
    // write's purge, one more).
    reaching_worker_per_location_at_most: Math.ceil(durationMs / 1000 / sMaxAge),
  };
}

async function main() {
  const poll = await polling();
  console.log(`polling: ${poll.widgets} visible widgets, ${poll.minutes} min without a change: ${poll.requests} requests (${poll.per_widget.min}–${poll.per_widget.max} per widget); at most ${poll.reaching_worker_per_location_at_most} reach the Worker per location`);
  const live = await push();
  console.log(`push: ${live.clients} clients, ${live.writes} writes; ack → a client has it: p50 ${live.per_client_ms.p50} ms, p99 ${live.per_client_ms.p99} ms; ack → every client has it: p50 ${live.every_client_ms.p50} ms, p99 ${live.every_client_ms.p99} ms (target p99 ≤ 1000 ms: ${live.every_client_ms.p99 <= 1000 ? "met" : "NOT met"}); send → every client: p50 ${live.every_client_from_send_ms.p50} ms, p99 ${live.every_client_from_send_ms.p99} ms`);
  const dir = join(projectRoot, "bench", "results");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "live.json"), JSON.stringify({ date: new Date().toISOString(), push: live, polling: poll }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
