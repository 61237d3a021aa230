// @ts-check
/**
 * `npm run load`: a bounded loopback load test against a local Worker. LOAD_CLIENTS (default 32)
 * clients run for LOAD_SECONDS (default 60), mixing reads (entries pages, single entries, feeds,
 * the widget) with writes (creates with Idempotency-Key, patches, deletes), each client with its
 * own editor token. Freshness during the run: right after each acknowledged write, its client
 * reads it back at once (the entry, and the tag-filtered list it belongs to), sending the
 * write's `x-d1-bookmark` as a client should; any read that shows pre-write data is counted.
 * Durability afterwards: every acknowledged write is read back again. The run fails on any 5xx,
 * any stale read-back, or any acknowledged write that is not visible as acknowledged.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { projectRoot } from "../scripts/lib/project.mjs";

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 32);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** Per client; keeps each token under the Worker's 120 writes a minute. */
const WRITES_PER_SECOND = 1.5;
const SLUG = "load";

/** @typedef {{ id: string, title: string, deleted: boolean }} Acknowledged */

/** @param {number[]} sorted @param {number} q @returns {number} */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main() {
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(`load test: ${CLIENTS} clients for ${SECONDS}s, loopback only`);
  const worker = await startLocalWorker();
  const admin = { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" };
  /** @param {string} path */
  const api = (path) => `${worker.url}${path}`;
  try {
    const created = await fetch(api("/v1/timelines"), {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug: SLUG, title: "Load test", language: "de" }),
    });
    if (created.status !== 201) throw new Error(`creating the timeline: ${created.status} ${await created.text()}`);
    /** @type {string[]} */
    const tokens = [];
    for (let i = 0; i < CLIENTS; i++) {
      const res = await fetch(api("/v1/tokens"), {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ name: `load client ${i}`, role: "editor", timelines: [SLUG] }),
      });
      if (res.status !== 201) throw new Error(`creating a token: ${res.status} ${await res.text()}`);
      tokens.push((await res.json()).token);
    }

    /** @type {Map<string, Acknowledged>} */
    const acknowledged = new Map();
    /** @type {Record<string, number>} */
    const statuses = {};
    /** @type {number[]} */
    const latencies = [];
    let requests = 0;
    let networkErrors = 0;
    /** @type {string[]} */
    const fiveXx = [];
    const deadline = Date.now() + SECONDS * 1000;

    /** Read-backs right after a write, and those that did not show the write. */
    let readBacks = 0;
    /** @type {string[]} */
    const stale = [];

    /** @param {string} path @param {RequestInit} [init] */
    async function send(path, init) {
      const started = performance.now();
      try {
        const res = await fetch(api(path), init);
        const body = await res.text();
        latencies.push(performance.now() - started);
        requests++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) fiveXx.push(`${init?.method ?? "GET"} ${path}: ${res.status} ${body.slice(0, 200)}`);
        return { status: res.status, body, bookmark: res.headers.get("x-d1-bookmark") };
      } catch (error) {
        networkErrors++;
        return { status: 0, body: String(error), bookmark: null };
      }
    }

    /**
     * Reads an acknowledged write back at once, as the client that made it: the entry itself and
     * the list of its client's tag from its start month, with the write's bookmark.
     * @param {number} client @param {Acknowledged} ack @param {string} start @param {string | null} bookmark
     */
    async function readBack(client, ack, start, bookmark) {
      readBacks++;
      const headers = bookmark ? { "x-d1-bookmark": bookmark } : undefined;
      const one = await send(`/v1/timelines/${SLUG}/entries/${ack.id}`, { headers });
      const oneFresh = ack.deleted ? one.status === 404 : one.status === 200 && JSON.parse(one.body).title === ack.title;
      const list = await send(`/v1/timelines/${SLUG}/entries?tag=client-${client}&from=${start}&limit=200`, { headers });
      /** @type {{ id: string, title: string }[]} */
      const items = list.status === 200 ? JSON.parse(list.body).items : [];
      const listed = items.find((e) => e.id === ack.id);
      const listFresh = list.status === 200 && (ack.deleted ? !listed : listed?.title === ack.title);
      if (!oneFresh || !listFresh) stale.push(`${ack.id} (${ack.deleted ? "deleted" : ack.title}): entry ${one.status}, list ${listFresh ? "fresh" : "stale"}`);
    }

    /** @param {number} client */
    async function run(client) {
      const auth = { Authorization: `Bearer ${tokens[client]}`, "Content-Type": "application/json" };
      /** @type {string[]} */
      const mine = [];
      /** Each of this client's entries' start, for the list read-back. @type {Map<string, string>} */
      const starts = new Map();
      let writes = 0;
      let n = 0;
      const started = Date.now();
      while (Date.now() < deadline) {
        n++;
        const writeDue = writes < ((Date.now() - started) / 1000) * WRITES_PER_SECOND;
        if (writeDue) {
          writes++;
          const choice = mine.length === 0 ? 0 : n % 5;
          if (choice <= 2) {
            const title = `Client ${client} entry ${n}`;
            const start = `${2000 + (n % 25)}-${String((n % 12) + 1).padStart(2, "0")}`;
            const res = await send(`/v1/timelines/${SLUG}/entries`, {
              method: "POST",
              headers: { ...auth, "Idempotency-Key": `c${client}-${n}` },
              body: JSON.stringify({
                kind: n % 3 === 0 ? "commitment" : "event",
                title,
                start,
                tags: [`client-${client}`, "load"],
                ...(n % 3 === 0 ? { commitment: { status: "announced", amount: { value: n, currency: "EUR" } } } : {}),
              }),
            });
            if (res.status === 201) {
              const id = JSON.parse(res.body).id;
              mine.push(id);
              starts.set(id, start);
              const ack = { id, title, deleted: false };
              acknowledged.set(id, ack);
              await readBack(client, ack, start, res.bookmark);
            }
          } else if (choice <= 3) {
            const id = /** @type {string} */ (mine[n % mine.length]);
            const title = `Client ${client} entry ${n} (edited)`;
            const res = await send(`/v1/timelines/${SLUG}/entries/${id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ title }) });
            if (res.status === 200) {
              const ack = { id, title, deleted: false };
              acknowledged.set(id, ack);
              await readBack(client, ack, /** @type {string} */ (starts.get(id)), res.bookmark);
            }
          } else {
            const id = /** @type {string} */ (mine.splice(n % mine.length, 1)[0]);
            const res = await send(`/v1/timelines/${SLUG}/entries/${id}`, { method: "DELETE", headers: auth });
            if (res.status === 204) {
              const ack = { id, title: "", deleted: true };
              acknowledged.set(id, ack);
              await readBack(client, ack, /** @type {string} */ (starts.get(id)), res.bookmark);
            }
          }
          continue;
        }
        switch (n % 6) {
          case 0:
            await send(`/v1/timelines/${SLUG}/entries?limit=50`);
            break;
          case 1:
            await send(`/v1/timelines/${SLUG}/entries?tag=client-${client}&order=desc`);
            break;
          case 2:
            if (mine.length) await send(`/v1/timelines/${SLUG}/entries/${mine[n % mine.length]}`);
            break;
          case 3:
            await send(`/v1/timelines/${SLUG}/feed.json`);
            break;
          case 4:
            await send(`/embed/${SLUG}?lang=de`);
            break;
          default:
            await send(`/v1/timelines/${SLUG}/entries?kind=commitment&from=2010`);
        }
      }
    }

    const began = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => run(i)));
    const elapsed = (Date.now() - began) / 1000;

    // Every acknowledged write must read back as acknowledged.
    /** @type {string[]} */
    const lost = [];
    for (const ack of acknowledged.values()) {
      const res = await fetch(api(`/v1/timelines/${SLUG}/entries/${ack.id}`));
      const body = await res.text();
      if (ack.deleted ? res.status !== 404 : res.status !== 200 || JSON.parse(body).title !== ack.title) {
        lost.push(`${ack.id}: expected ${ack.deleted ? "deleted" : `"${ack.title}"`}, got ${res.status} ${body.slice(0, 120)}`);
      }
    }
    const live = [...acknowledged.values()].filter((a) => !a.deleted).length;
    let listed = 0;
    /** @type {string | null} */
    let cursor = null;
    do {
      /** @type {Response} */
      const res = await fetch(api(`/v1/timelines/${SLUG}/entries?limit=200${cursor ? `&cursor=${cursor}` : ""}`));
      /** @type {{ items: unknown[], next_cursor: string | null }} */
      const page = await res.json();
      listed += page.items.length;
      cursor = page.next_cursor;
    } while (cursor);

    latencies.sort((a, b) => a - b);
    const report = {
      date: new Date().toISOString(),
      clients: CLIENTS,
      seconds: SECONDS,
      requests,
      requestsPerSecond: Math.round(requests / elapsed),
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p99Ms: Math.round(quantile(latencies, 0.99)),
      statuses,
      networkErrors,
      fiveXx: fiveXx.length,
      acknowledgedWrites: acknowledged.size,
      readBacksRightAfterWrites: readBacks,
      staleReadBacks: stale.length,
      liveEntries: live,
      listedEntries: listed,
      lostWrites: lost.length,
    };
    const load = loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(JSON.stringify({ ...report, loadAverage: `${loadBefore} before, ${load} after` }, null, 2));
    for (const line of [...fiveXx.slice(0, 10), ...stale.slice(0, 10), ...lost.slice(0, 10)]) console.log(`  ${line}`);
    const out = join(projectRoot, "bench", "results");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "load.json"), JSON.stringify(report, null, 2));
    if (fiveXx.length || stale.length || lost.length || networkErrors || listed !== live || readBacks === 0) {
      console.log("FAILED: 5xx answers, stale read-backs, lost writes, network errors or a list that disagrees with what was acknowledged");
      process.exitCode = 1;
    } else {
      console.log(`OK: no 5xx; each of ${readBacks} writes read back fresh at once; every acknowledged write readable afterwards`);
    }
  } finally {
    await worker.stop();
  }
}

await main();
