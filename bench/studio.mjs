// @ts-check
/// <reference lib="dom" />
/**
 * Studio benchmark, in headless Chromium against a local Worker (`wrangler dev`):
 *
 * 1. Bytes on the wire of each studio page for a timeline of 50 entries: the sum of response body
 *    sizes as received (compressed), for everything the page loads in a fresh context (HTML,
 *    stylesheet, script; the preview frame counted separately, as it is the widget itself).
 *    Target: ≤ 30 KB per page with its script.
 * 2. Paste to preview for 1,000 rows: from clicking "Preview" with 1,000 pasted rows in the text
 *    area to the preview table in the DOM (the rows parsed, matched, validated and rendered).
 *    Target: ≤ 2 s. Also the server's own time for the same request.
 *
 *   npm run bench:studio            (BENCH_RUNS=5 by default)
 */
import { chromium } from "playwright-core";
import { startLocalWorker } from "../scripts/lib/local-worker.mjs";
import { loadTimeline, syntheticEntries } from "./widget-data.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const PAGE_TARGET = 30 * 1024;
const PASTE_TARGET_MS = 2000;

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** 1,000 rows as a spreadsheet copies them (TimelineJS columns). */
function sheet(rows = 1000) {
  const lines = ["Year\tMonth\tDay\tHeadline\tText\tGroup\tMedia"];
  for (let i = 0; i < rows; i++) {
    lines.push(`${1990 + (i % 35)}\t${(i % 12) + 1}\t${(i % 28) + 1}\tBenchmark row ${i}: a headline of ordinary length\tA paragraph of text for row ${i}, as a reporter would write it.\t${["Energy", "Security", "Aid"][i % 3]}\t`);
  }
  return lines.join("\n");
}

const worker = await startLocalWorker();
/** @type {import("playwright-core").Browser | undefined} */
let browser;
try {
  const slug = "bench-studio";
  const entries = syntheticEntries(50);
  await loadTimeline({ baseUrl: worker.url, adminToken: worker.adminToken, timeline: { slug, title: "Studio benchmark", language: "en" }, entries });
  const list = /** @type {any} */ (await (await fetch(`${worker.url}/v1/timelines/${slug}/entries?limit=50`)).json());
  const commitment = list.items.find((/** @type {any} */ e) => e.kind === "commitment") ?? list.items[0];
  await fetch(`${worker.url}/v1/timelines`, {
    method: "POST",
    headers: { authorization: `Bearer ${worker.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ slug: "bench-paste", title: "Paste benchmark", language: "en" }),
  });

  const chrome = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  browser = chrome;
  const signedIn = async () => {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${worker.url}/studio/sign-in`);
    await page.getByLabel("Token").fill(worker.adminToken);
    await Promise.all([page.waitForURL(`${worker.url}/studio`), page.keyboard.press("Enter")]);
    return { context, cookies: await context.cookies() };
  };

  // 1. Bytes per page.
  const pages = [
    ["overview", "/studio"],
    ["timeline (50 entries)", `/studio/t/${slug}`],
    ["edit an entry (with preview)", `/studio/t/${slug}/e/${commitment.id}`],
    ["new entry (with preview)", `/studio/t/${slug}/new?kind=commitment`],
    ["paste", `/studio/t/${slug}/paste`],
    ["preview and embed", `/studio/t/${slug}/preview`],
    ["settings", `/studio/t/${slug}/settings`],
    ["trash", `/studio/t/${slug}/trash`],
    ["versions", `/studio/t/${slug}/e/${commitment.id}/history`],
  ];
  const { cookies } = await signedIn();
  /** @type {{ name: string, page: number, frame: number, requests: number }[]} */
  const sizes = [];
  for (const [name, path] of pages) {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    /** @type {Promise<{ frame: boolean, bytes: number }>[]} */
    const responses = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/favicon.ico") return;
      const frame = r.frame() !== page.mainFrame() || new URL(r.url()).pathname.endsWith("/preview/frame");
      responses.push(r.request().sizes().then((s) => ({ frame, bytes: s.responseBodySize })).catch(() => ({ frame, bytes: 0 })));
    });
    await page.goto(`${worker.url}${path}`, { waitUntil: "load" });
    await page.waitForTimeout(500);
    const all = await Promise.all(responses);
    sizes.push({
      name: /** @type {string} */ (name),
      page: all.filter((r) => !r.frame).reduce((n, r) => n + r.bytes, 0),
      frame: all.filter((r) => r.frame).reduce((n, r) => n + r.bytes, 0),
      requests: all.length,
    });
    await context.close();
  }

  // 2. Paste to preview, 1,000 rows.
  const text = sheet(1000);
  /** @type {number[]} */
  const browserMs = [];
  /** @type {number[]} */
  const serverMs = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${worker.url}/studio/t/bench-paste/paste`);
    await page.getByLabel("Cells").fill(text);
    const started = Date.now();
    await Promise.all([page.waitForURL(/\/paste$/), page.getByRole("button", { name: "Preview" }).click()]);
    await page.locator("caption").waitFor();
    browserMs.push(Date.now() - started);
    const caption = await page.locator("caption").innerText();
    if (!caption.startsWith("1000 new")) throw new Error(`unexpected preview: ${caption}`);
    await context.close();

    const form = new FormData();
    form.set("text", text);
    form.set("action", "preview");
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const t0 = performance.now();
    const res = await fetch(`${worker.url}/studio/t/bench-paste/paste`, { method: "POST", headers: { cookie, origin: worker.url, "sec-fetch-site": "same-origin" }, body: form });
    await res.text();
    serverMs.push(performance.now() - t0);
  }

  console.log(`Studio pages, timeline of 50 entries (fresh browser context; bytes as received, compressed):`);
  console.log("page                             page+css+js   preview frame   requests");
  for (const s of sizes) {
    console.log(`${s.name.padEnd(31)}  ${`${(s.page / 1024).toFixed(1)} KiB`.padStart(11)}   ${s.frame ? `${(s.frame / 1024).toFixed(1)} KiB`.padStart(13) : "            –"}   ${String(s.requests).padStart(8)}`);
  }
  console.log("");
  console.log(`Paste to preview, 1,000 rows (median of ${RUNS}): in Chromium ${median(browserMs)} ms (click to table in the DOM); the request alone ${median(serverMs).toFixed(0)} ms`);
  console.log("");
  const checks = [
    ...sizes.map((s) => /** @type {[string, boolean]} */ ([`${s.name}: ${(s.page / 1024).toFixed(1)} KiB ≤ 30 KB`, s.page <= PAGE_TARGET])),
    /** @type {[string, boolean]} */ ([`paste to preview, 1,000 rows: ${median(browserMs)} ms ≤ 2 s`, median(browserMs) <= PASTE_TARGET_MS]),
  ];
  for (const [what, ok] of checks) console.log(`${ok ? "✓" : "✗"} ${what}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  await browser?.close();
  await worker.stop();
}
