// @ts-check
/// <reference lib="dom" />
/**
 * Widget benchmark: the edge-timeline widget against TimelineJS3 and a plain static HTML list,
 * for timelines of 100 and 1,000 entries, in headless Chromium on loopback.
 *
 *   npm run bench:widget            (BENCH_RUNS=9 by default; BENCH_SIZES=100,1000)
 *
 * What runs:
 * - A local Worker (`wrangler dev`, scripts/lib/local-worker.mjs) with two synthetic timelines
 *   (bench/widget-data.mjs), loaded through the API. The widget is `GET /embed/{slug}` straight
 *   from the Worker, as an embedding iframe would load it.
 * - A Node server on another loopback port serves the static list and the TimelineJS3 page built
 *   from the same entries as the API returns them (same dates, titles, bodies, commitment data,
 *   actors, places, tags and sources), TimelineJS3 from node_modules/@knight-lab/timelinejs/dist.
 *   It gzips every response, as the Worker's local server does, as a CDN would.
 *
 * What is measured, identically for all three, in a fresh browser context each run (cold HTTP
 * cache; the Worker's own edge cache is warm after the first run, as it would be in production):
 * - time-to-rendered: from navigation start (performance.timeOrigin) to the first frame painted
 *   after every entry of the first view is in the DOM: the widget's `li[id]` of its first page,
 *   the static list's `li`, TimelineJS3's slides and timenav markers (it builds them all before
 *   it shows anything). Detected by a MutationObserver, then requestAnimationFrame and a task.
 * - bytes on the wire: the sum of response body sizes as received (compressed), for every
 *   response the page loads until its load event and 500 ms more.
 * - warm: the same loads in a page that stays open per variant (HTTP cache off).
 * - translations: the 100-entry timeline again with three stored translations per entry, its
 *   widget read in German (the source) and in English against the timeline without them.
 * Medians over the runs; cold and warm loads are interleaved run by run (A, B, C, A, B, C, …) so
 * drift on a shared machine hits every variant alike. Like for like: the widget's default view
 * (its first 50 entries) is compared with a static list and TimelineJS3 of those same 50, and the
 * widget with `limit=100` with the full static list and TimelineJS3 of 100. Requests to any host
 * other than 127.0.0.1 fail fast and are counted.
 */
import { readFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { demoFile, projectRoot } from "../scripts/lib/project.mjs";
import { loadTimeline, syntheticEntries, translationVocabularies, withTranslations } from "./widget-data.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = (process.env.BENCH_SIZES ?? "100,1000").split(",").map(Number);
/** The widget's default first page (the entry list's default `limit`). */
const WIDGET_DEFAULT_PAGE = 50;
/** Like for like: with `limit=100` the widget shows all of a 100-entry timeline, as the others do. */
const WIDGET_LIMIT = 100;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 15 * 60_000);
const LOAD_TIMEOUT_MS = 60_000;
const TL_DIST = join(projectRoot, "node_modules", "@knight-lab", "timelinejs", "dist");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The entries of the translated timeline, compared with the same timeline without translations. */
const TRANSLATED_SIZE = 100;
/** The languages the widget of both is read in: the source language, and one the translated timeline has. */
const READ_IN = ["de", "en"];

/**
 * The least any page can cost here: one list item, nothing else. Its time is the browser's own
 * fixed cost of a navigation and a first frame on this machine.
 */
const BLANK_PAGE = '<!doctype html><html lang="de"><meta charset="utf-8"><title>leer</title><ol><li>Eintrag</li></ol>';

const STATUS_DE = {
  announced: "angekündigt",
  in_progress: "in Umsetzung",
  fulfilled: "erfüllt",
  partially_fulfilled: "teilweise erfüllt",
  missed: "verfehlt",
  withdrawn: "zurückgezogen",
};

/** @param {string} s */
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {string} date */
function dateLabel(date) {
  const [y, m, d] = date.split("-").map(Number);
  const at = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  /** @type {Intl.DateTimeFormatOptions} */
  const fields = d ? { dateStyle: "long" } : m ? { year: "numeric", month: "long" } : { year: "numeric" };
  return new Intl.DateTimeFormat("de", { ...fields, timeZone: "UTC" }).format(at);
}

/** @param {{ value: number, currency: string }} a */
const amount = (a) => new Intl.NumberFormat("de", { style: "currency", currency: a.currency, notation: "compact" }).format(a.value);

/**
 * The visible text of an entry as HTML fragments, shared by the static list and TimelineJS3.
 * @param {any} e an entry as the API returns it
 */
function entryParts(e) {
  const c = e.commitment;
  const commitment = c
    ? [
        STATUS_DE[/** @type {keyof typeof STATUS_DE} */ (c.status)],
        c.overdue ? "überfällig" : "",
        c.due ? `Frist: ${dateLabel(c.due)}` : "",
        c.amount && c.delivered ? `${amount(c.delivered)} von ${amount(c.amount)} geliefert` : "",
      ]
        .filter(Boolean)
        .join(" · ")
    : "";
  const meta = [
    e.actors.length ? `Beteiligte: ${e.actors.join(", ")}` : "",
    c?.made_by?.length ? `Von: ${c.made_by.join(", ")}` : "",
    c?.beneficiary ? `Für: ${c.beneficiary}` : "",
    e.location ? `Ort: ${e.location}` : "",
    e.tags.length ? `Themen: ${e.tags.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const sources = e.sources
    .map((/** @type {any} */ s) => `<a href="${esc(s.url)}">${esc(s.title)}</a>${s.publisher ? ` (${esc(s.publisher)})` : ""}`)
    .join(", ");
  return {
    date: esc(dateLabel(e.start)),
    title: esc(e.title),
    body: (e.body ?? "")
      .split(/\n\s*\n/)
      .map((/** @type {string} */ p) => `<p>${esc(p)}</p>`)
      .join(""),
    extra: [commitment && `<p>${esc(commitment)}</p>`, meta && `<p>${esc(meta)}</p>`, sources && `<p>Quellen: ${sources}</p>`]
      .filter(Boolean)
      .join(""),
  };
}

/** @param {any} timeline @param {any[]} entries */
function staticList(timeline, entries) {
  const items = entries.map((e) => {
    const p = entryParts(e);
    return `<li><p>${p.date}</p><h2>${p.title}</h2>${p.body}${p.extra}</li>`;
  });
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(
    timeline.title,
  )}</title></head><body><h1>${esc(timeline.title)}</h1><ol>${items.join("")}</ol></body></html>`;
}

/** @param {any} timeline @param {any[]} entries */
function timelineJsPage(timeline, entries) {
  const data = {
    title: { text: { headline: esc(timeline.title), text: esc(timeline.description ?? "") } },
    events: entries.map((e) => {
      const p = entryParts(e);
      const [year, month, day] = e.start.split("-").map(Number);
      return {
        unique_id: e.id,
        start_date: { year, ...(month ? { month } : {}), ...(day ? { day } : {}) },
        text: { headline: p.title, text: p.body + p.extra },
      };
    }),
  };
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(
    timeline.title,
  )}</title><link rel="stylesheet" href="/tl/css/timeline.css"><script src="/tl/js/timeline.js"></script><style>body{margin:0}#tl{height:650px}</style></head><body><div id="tl"></div><script>window.tl=new TL.Timeline("tl",${json},{script_path:location.origin+"/tl/js/",hash_bookmark:false});</script></body></html>`;
}

const TYPES = /** @type {Record<string, string>} */ ({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".png": "image/png",
});

/** @param {Record<string, string>} pages */
async function startStaticServer(pages) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    let body;
    let type = "text/html; charset=utf-8";
    if (pages[path] !== undefined) body = Buffer.from(pages[path]);
    else if (path.startsWith("/tl/")) {
      const file = normalize(join(TL_DIST, path.slice(4)));
      if (!file.startsWith(TL_DIST)) return void res.writeHead(403).end();
      body = await readFile(file).catch(() => null);
      type = TYPES[extname(file)] ?? "application/octet-stream";
    }
    if (!body) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && /text|javascript|json|svg/.test(type);
    const out = gzip ? gzipSync(body) : body;
    res.writeHead(200, {
      "content-type": type,
      "content-length": out.length,
      "cache-control": "no-cache",
      ...(gzip ? { "content-encoding": "gzip", vary: "Accept-Encoding" } : {}),
    });
    res.end(out);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Every entry of a timeline, as the API returns them. @param {string} base @param {string} slug */
async function apiEntries(base, slug) {
  const items = [];
  let cursor = null;
  do {
    const url = `${base}/v1/timelines/${slug}/entries?limit=200${cursor ? `&cursor=${cursor}` : ""}`;
    const page = /** @type {any} */ (await (await fetch(url)).json());
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** Words of real German news text (the demo timeline), so synthetic bodies compress like real ones. */
async function vocabulary(lang = "de") {
  const demo = JSON.parse(await readFile(demoFile, "utf8"));
  const text = (/** @type {any} */ e) => (lang === "de" ? e : e.translations?.[lang] ?? {});
  const all = [lang === "de" ? demo.timeline.description : "", ...demo.entries.map((/** @type {any} */ e) => `${text(e).title ?? ""} ${text(e).body ?? ""}`)].join(" ");
  return [...new Set(all.split(/\s+/).filter((w) => w.length > 1))];
}

/**
 * Runs in the page before its own scripts: notes `performance.now()` when every `[selector, count]`
 * condition first holds (`__ready`: the content is in the document) and at the first frame painted
 * after that (`__rendered`: MutationObserver, then a frame, then a task).
 * @param {[string, number][]} conditions
 */
function renderedProbe(conditions) {
  if (window.top !== window) return;
  let done = false;
  const check = () => {
    if (done || !conditions.every(([sel, n]) => document.querySelectorAll(sel).length >= n)) return;
    done = true;
    observer.disconnect();
    /** @type {any} */ (window).__ready = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        /** @type {any} */ (window).__rendered = performance.now();
      };
      channel.port2.postMessage(0);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * One measured page load in a fresh context.
 * @param {import("playwright-core").Browser} browser
 * @param {string} url
 * @param {[string, number][]} ready selectors and how many of each mean "rendered"
 */
async function measure(browser, url, ready) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  try {
    await context.addInitScript(renderedProbe, ready);
    const page = await context.newPage();
    /** @type {Promise<number>[]} */
    const sizes = [];
    const foreign = new Set();
    page.on("request", (r) => {
      if (new URL(r.url()).hostname !== "127.0.0.1") foreign.add(r.url());
    });
    page.on("response", (r) => {
      // Browsers ask for a favicon on their own; it is no part of any of the pages.
      if (new URL(r.url()).pathname === "/favicon.ico") return;
      sizes.push(
        r
          .request()
          .sizes()
          .then((s) => s.responseBodySize)
          .catch(() => 0),
      );
    });
    await page.goto(url, { waitUntil: "load", timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(() => /** @type {any} */ (window).__rendered !== undefined, null, { timeout: LOAD_TIMEOUT_MS });
    const [rendered, firstByte] = await page.evaluate(() => {
      const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
      return [/** @type {any} */ (window).__rendered, nav?.responseStart ?? 0];
    });
    await page.waitForTimeout(500);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return { ms: rendered, firstByte, bytes, requests: sizes.length, foreign: foreign.size };
  } finally {
    await context.close();
  }
}

/**
 * A page that stays open across loads (the reader's browser is already running): the same renderer,
 * HTTP cache disabled, so each load still fetches everything.
 * @param {import("playwright-core").Browser} browser
 * @param {[string, number][]} ready
 */
async function warmPage(browser, ready) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  await context.addInitScript(renderedProbe, ready);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return {
    context,
    /** @param {string} url @returns {Promise<{ rendered: number, ready: number }>} ms from navigation start */
    async load(url) {
      await page.goto("about:blank");
      await page.goto(url, { waitUntil: "load", timeout: LOAD_TIMEOUT_MS });
      await page.waitForFunction(() => /** @type {any} */ (window).__rendered !== undefined, null, { timeout: LOAD_TIMEOUT_MS });
      return page.evaluate(() => ({ rendered: /** @type {any} */ (window).__rendered, ready: /** @type {any} */ (window).__ready }));
    },
  };
}

/** @param {number[]} values */
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] ?? 0 : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const started = Date.now();
  const deadline = setTimeout(() => {
    console.error(`bench:widget: over ${DEADLINE_MS / 1000} s, giving up`);
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();

  const loadBefore = loadavg()[0] ?? 0;
  console.error("starting the local Worker …");
  const worker = await startLocalWorker();
  /** @type {{ close(): Promise<unknown> } | undefined} */
  let server;
  /** @type {import("playwright-core").Browser | undefined} */
  let browser;
  try {
    const words = await vocabulary();
    /** @type {Record<string, string>} */
    const pages = { "/blank.html": BLANK_PAGE };
    /** @type {{ size: number, slug: string }[]} */
    const sets = [];
    for (const size of SIZES) {
      const slug = `bench-${size}`;
      const timeline = {
        slug,
        title: `Zusagen und Ereignisse (${size} Einträge)`,
        description: "Synthetische Zeitleiste für den Vergleich.",
        language: "de",
        time_zone: "Europe/Berlin",
      };
      const t0 = Date.now();
      const loaded = await loadTimeline({ baseUrl: worker.url, adminToken: worker.adminToken, timeline, entries: syntheticEntries(size, words) });
      console.error(`loaded ${size} entries via ${loaded.via} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const entries = await apiEntries(worker.url, slug);
      if (entries.length !== size) throw new Error(`expected ${size} entries, the API has ${entries.length}`);
      pages[`/static-${size}.html`] = staticList(timeline, entries);
      pages[`/timelinejs-${size}.html`] = timelineJsPage(timeline, entries);
      // Like for like with the widget's default view: the same first 50 entries.
      pages[`/static-${size}-first${WIDGET_DEFAULT_PAGE}.html`] = staticList(timeline, entries.slice(0, WIDGET_DEFAULT_PAGE));
      pages[`/timelinejs-${size}-first${WIDGET_DEFAULT_PAGE}.html`] = timelineJsPage(timeline, entries.slice(0, WIDGET_DEFAULT_PAGE));
      sets.push({ size, slug });
    }
    // The same timeline with three stored translations per entry (English, French, Ukrainian),
    // published in those languages; its twin without translations is bench-{TRANSLATED_SIZE}.
    const translated = SIZES.includes(TRANSLATED_SIZE) ? `bench-${TRANSLATED_SIZE}-translated` : null;
    if (translated) {
      const entries = withTranslations(syntheticEntries(TRANSLATED_SIZE, words), translationVocabularies({ en: await vocabulary("en") }));
      const timeline = {
        slug: translated,
        title: `Zusagen und Ereignisse (${TRANSLATED_SIZE} Einträge)`,
        description: "Synthetische Zeitleiste für den Vergleich.",
        language: "de",
        languages: ["de", "en", "fr", "uk"],
        time_zone: "Europe/Berlin",
      };
      await loadTimeline({ baseUrl: worker.url, adminToken: worker.adminToken, timeline, entries });
      const stored = await (await fetch(`${worker.url}/v1/timelines/${translated}/entries?limit=1`)).json();
      if (Object.keys(stored.items[0]?.translations ?? {}).length !== 3) throw new Error("the translated timeline lacks its translations");
    }
    if (process.env.BENCH_DUMP) {
      const { writeFile, mkdir } = await import("node:fs/promises");
      await mkdir(process.env.BENCH_DUMP, { recursive: true });
      for (const [path, html] of Object.entries(pages)) await writeFile(join(process.env.BENCH_DUMP, path.slice(1)), html);
      for (const { size, slug } of sets) {
        const widget = await (await fetch(`${worker.url}/embed/${slug}?limit=${WIDGET_LIMIT}`)).text();
        await writeFile(join(process.env.BENCH_DUMP, `widget-${size}.html`), widget);
      }
      if (RUNS === 0) return;
    }
    const staticServer = await startStaticServer(pages);
    server = staticServer;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Loopback only: every other host fails at once.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    });

    /**
     * Each variant names how many entries it shows (`shows`): the widget's default view shows the
     * first 50, compared with a static list and TimelineJS3 of those same 50; with `limit=100` it
     * shows the first 100, compared with the full static list and TimelineJS3 at 100 entries.
     * @type {{ size: number, shows: number, name: string, url: string, ready: [string, number][] }[]}
     */
    const variants = [];
    for (const { size, slug } of sets) {
      const first = Math.min(size, WIDGET_LIMIT);
      const page = Math.min(size, WIDGET_DEFAULT_PAGE);
      variants.push(
        { size, shows: page, name: `widget, default (first ${page})`, url: `${worker.url}/embed/${slug}`, ready: [["li[id]", page]] },
        { size, shows: page, name: `static list (first ${page})`, url: `${staticServer.origin}/static-${size}-first${page}.html`, ready: [["ol > li", page]] },
        { size, shows: page, name: `TimelineJS3 (first ${page})`, url: `${staticServer.origin}/timelinejs-${size}-first${page}.html`, ready: [[".tl-timemarker", page], [".tl-slide", page]] },
        { size, shows: first, name: `widget, limit=${WIDGET_LIMIT} (${first === size ? "all " : "first "}${first})`, url: `${worker.url}/embed/${slug}?limit=${WIDGET_LIMIT}`, ready: [["li[id]", first]] },
        { size, shows: size, name: `static list (all ${size})`, url: `${staticServer.origin}/static-${size}.html`, ready: [["ol > li", size]] },
        { size, shows: size, name: `TimelineJS3 (all ${size})`, url: `${staticServer.origin}/timelinejs-${size}.html`, ready: [[".tl-timemarker", size], [".tl-slide", size]] },
      );
    }
    variants.push({ size: 0, shows: 1, name: "blank page (1 item)", url: `${staticServer.origin}/blank.html`, ready: [["ol > li", 1]] });
    if (translated) {
      const page = Math.min(TRANSLATED_SIZE, WIDGET_DEFAULT_PAGE);
      for (const lang of READ_IN) {
        variants.push(
          { size: TRANSLATED_SIZE, shows: page, name: `widget, lang=${lang}, no translations`, url: `${worker.url}/embed/bench-${TRANSLATED_SIZE}?lang=${lang}`, ready: [["li[id]", page]] },
          { size: TRANSLATED_SIZE, shows: page, name: `widget, lang=${lang}, 3 translations`, url: `${worker.url}/embed/${translated}?lang=${lang}`, ready: [["li[id]", page]] },
        );
      }
    }

    /** @type {Map<typeof variants[number], { ms: number, firstByte: number, bytes: number, requests: number, foreign: number }[]>} */
    const results = new Map(variants.map((v) => [v, []]));
    // One untimed warm-up load each (starts Chromium's processes, fills the Worker's edge cache).
    for (const v of variants) {
      await measure(browser, v.url, v.ready).catch((error) => {
        throw new Error(`${v.name} at ${v.size} entries (${v.url}): ${error instanceof Error ? error.message : error}`);
      });
    }
    for (let run = 0; run < RUNS; run++) {
      for (const v of variants) results.get(v)?.push(await measure(browser, v.url, v.ready));
      console.error(`run ${run + 1}/${RUNS} done`);
    }

    // The same loads in a browser that is already running: one open page per variant, the
    // variants interleaved run by run as the cold loads are.
    /** @type {Map<typeof variants[number], { rendered: number, ready: number }[]>} */
    const warm = new Map(variants.map((v) => [v, []]));
    const tabs = [];
    try {
      for (const v of variants) {
        const tab = await warmPage(browser, v.ready);
        tabs.push(tab);
        await tab.load(v.url); // untimed
      }
      for (let run = 0; run < RUNS; run++) {
        for (const [i, v] of variants.entries()) warm.get(v)?.push(await /** @type {Awaited<ReturnType<typeof warmPage>>} */ (tabs[i]).load(v.url));
      }
    } finally {
      for (const tab of tabs) await tab.context.close();
    }
    console.error("warm runs done");

    const rows = variants.map((v) => {
      const r = results.get(v) ?? [];
      return {
        entries: v.size,
        shows: v.shows,
        variant: v.name,
        ms: median(r.map((x) => x.ms)),
        warmMs: median((warm.get(v) ?? []).map((x) => x.rendered)),
        warmReadyMs: median((warm.get(v) ?? []).map((x) => x.ready)),
        firstByte: median(r.map((x) => x.firstByte)),
        bytes: median(r.map((x) => x.bytes)),
        requests: median(r.map((x) => x.requests)),
        foreign: Math.max(0, ...r.map((x) => x.foreign)),
      };
    });
    const find = (/** @type {number} */ size, /** @type {number} */ shows, /** @type {string} */ prefix) =>
      rows.find((r) => r.entries === size && r.shows === shows && r.variant.startsWith(prefix));

    const machine = `${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
    console.log(`\nWidget benchmark: median of ${RUNS} runs, headless Chromium ${browser.version()}, loopback, ${machine}`);
    console.log("from navigation start: cold = fresh browser context per load; warm = an open page (HTTP cache off);");
    console.log("rendered = first frame painted with every entry of the first view; in DOM = those entries parsed/built");
    console.log("entries  variant                        cold rendered   (first byte)   warm rendered   warm in DOM   bytes on the wire   requests   other hosts");
    for (const r of rows) {
      console.log(
        `${String(r.entries).padStart(7)}  ${r.variant.padEnd(29)}  ${`${r.ms.toFixed(1)} ms`.padStart(13)}   ${`${r.firstByte.toFixed(1)} ms`.padStart(12)}   ${`${r.warmMs.toFixed(1)} ms`.padStart(13)}   ${`${r.warmReadyMs.toFixed(1)} ms`.padStart(11)}   ${`${(r.bytes / 1024).toFixed(1)} KiB`.padStart(17)}   ${String(r.requests).padStart(8)}   ${String(r.foreign).padStart(11)}`,
      );
    }

    /** @type {[string, boolean][]} */
    const checks = [];
    // Like for like: each widget view against the static list and TimelineJS3 showing the same entries.
    for (const [widget, shows] of /** @type {const} */ ([["widget, default", WIDGET_DEFAULT_PAGE], ["widget, limit", WIDGET_LIMIT]])) {
      const w100 = find(100, Math.min(100, shows), widget);
      const s100 = find(100, Math.min(100, shows), "static list");
      const t100 = find(100, Math.min(100, shows), "TimelineJS3");
      if (!w100) continue;
      const name = `${w100.variant} vs the same ${w100.shows} entries`;
      if (s100 && t100) {
        for (const [mode, key] of /** @type {const} */ ([["cold", "ms"], ["warm", "warmMs"], ["warm, in DOM", "warmReadyMs"]])) {
          checks.push([`${name}, ${mode}: time ≤ 1/10 of TimelineJS3 (${(w100[key] / t100[key]).toFixed(3)}×)`, w100[key] <= t100[key] / 10]);
          checks.push([`${name}, ${mode}: time ≤ 1.5× static list (${(w100[key] / s100[key]).toFixed(2)}×)`, w100[key] <= s100[key] * 1.5]);
        }
        checks.push([`${name}: bytes ≤ 1.3× static list (${(w100.bytes / s100.bytes).toFixed(2)}×)`, w100.bytes <= s100.bytes * 1.3]);
      }
      const w1000 = find(1000, Math.min(1000, shows), widget);
      if (w1000) {
        // Same number of entries on the first view, but other entries (other text lengths): 5 % slack.
        checks.push([`${w1000.variant}, 1,000 vs 100 entries: bytes (${(w1000.bytes / w100.bytes).toFixed(3)}×, ≤ 1.05)`, w1000.bytes <= w100.bytes * 1.05]);
        checks.push([`${w1000.variant}, 1,000 vs 100 entries: time (${(w1000.ms / w100.ms).toFixed(2)}×, ≤ 1.15 for noise)`, w1000.ms <= w100.ms * 1.15]);
      }
    }
    // A timeline's translations cost its readers (in any one language) at most 10 % more bytes.
    for (const lang of translated ? READ_IN : []) {
      const page = Math.min(TRANSLATED_SIZE, WIDGET_DEFAULT_PAGE);
      const plain = find(TRANSLATED_SIZE, page, `widget, lang=${lang}, no translations`);
      const withThree = find(TRANSLATED_SIZE, page, `widget, lang=${lang}, 3 translations`);
      if (plain && withThree) {
        const ratio = withThree.bytes / plain.bytes;
        checks.push([`widget read in ${lang}, 3 translations stored vs none: bytes ≤ 1.10× (${ratio.toFixed(3)}×)`, ratio <= 1.1]);
      }
    }
    const blank = find(0, 1, "blank");
    const s100 = find(100, 100, "static list");
    const t100 = find(100, 100, "TimelineJS3");
    if (s100 && t100 && blank) {
      console.log(
        `\nFor scale, against TimelineJS3 at 100 entries on this machine: the static list takes ${(s100.ms / t100.ms).toFixed(3)}× (cold) and ${(s100.warmMs / t100.warmMs).toFixed(3)}× (warm) of its time; a blank page with one item ${(blank.ms / t100.ms).toFixed(3)}× (cold) and ${(blank.warmMs / t100.warmMs).toFixed(3)}× (warm).`,
      );
    }
    console.log("\nTargets");
    for (const [label, ok] of checks) console.log(`  ${ok ? "✓" : "✗"} ${label}`);
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
    if (process.env.BENCH_JSON) {
      const { writeFile, mkdir } = await import("node:fs/promises");
      await mkdir(join(projectRoot, "bench", "results"), { recursive: true });
      await writeFile(join(projectRoot, "bench", "results", "widget.json"), JSON.stringify({ runs: RUNS, rows, checks }, null, 2));
    }
    process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.close();
    await worker.stop();
    clearTimeout(deadline);
  }
}

await main();
