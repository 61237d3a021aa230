/**
 * TimelineJS3 itself, loaded from node_modules (no CDN, no network) on a host page in Chromium,
 * renders our timelinejs.json: the demo timeline's slides, and hostile text only as text.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

const dist = fileURLToPath(new URL("../../node_modules/@knight-lab/timelinejs/dist/", import.meta.url));
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".eot": "application/vnd.ms-fontobject",
};

/** The host page of an embedder: TimelineJS from /tl/ (node_modules), pointed at `data`. */
function hostPage(data: string, language: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>Host</title>
<link rel="stylesheet" href="/tl/css/timeline.css">
<script src="/tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1100px; height: 680px"></div>
<script>
  window.timeline = new TL.Timeline("timeline", ${JSON.stringify(data)}, {
    language: ${JSON.stringify(language)},
    script_path: location.origin + "/tl/js/",
    font: null, // TimelineJS's default font theme would fetch Google Fonts; this host page stays offline
  });
</script></body></html>`;
}

/** Serves the host page at /?data=…&lang=… and TimelineJS's dist files under /tl/. */
function startHost(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://host.invalid");
    if (url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(hostPage(url.searchParams.get("data") ?? "", url.searchParams.get("lang") ?? "en"));
      return;
    }
    const file = normalize(join(dist, decodeURIComponent(url.pathname.replace(/^\/tl\//, ""))));
    if (!url.pathname.startsWith("/tl/") || !file.startsWith(dist.replace(/[\\/]$/, "") + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

describe("TimelineJS3 renders timelinejs.json", () => {
  let worker: LocalWorker;
  let browser: Browser;
  let host: { server: Server; url: string };

  beforeAll(async () => {
    [worker, browser, host] = await Promise.all([startLocalWorker({ seedDemo: true }), launchChromium(), startHost()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), worker?.stop(), new Promise((r) => (host ? host.server.close(r) : r(null)))]);
  });

  /** Opens the host page on `slug`'s timelinejs.json; records console errors and any request off this machine. */
  async function open(slug: string, language: string) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const problems: string[] = [];
    const offline: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()} ${JSON.stringify(m.location())}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      if (!offline.includes(r.url())) problems.push(`request failed: ${r.url()}`);
    });
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      offline.push(url.href);
      return route.abort();
    });
    const data = `${worker.url}/v1/timelines/${slug}/timelinejs.json`;
    await page.goto(`${host.url}/?data=${encodeURIComponent(data)}&lang=${language}`);
    return { page, problems, offline };
  }

  const count = (page: Page, selector: string) => page.locator(selector).count();

  it("shows the demo's title slide and one slide and marker per entry", async () => {
    const { page, problems, offline } = await open("g7-ukraine", "de");
    // Title slide + 9 events.
    await page.waitForFunction("document.querySelectorAll('.tl-slide').length === 10", undefined, { timeout: 30_000 });
    expect(await count(page, ".tl-timemarker")).toBe(9);
    const headlines = (await page.locator(".tl-slide .tl-headline").allTextContents()).map((t) => t.trim());
    expect(headlines).toContain("G7 und die Ukraine: das Außenministertreffen im November 2024");
    expect(headlines).toContain("Treffen der G7-Außenminister in Fiuggi und Anagni");
    expect(headlines).toContain("Blinken: Militärische Zusammenarbeit von Russland und Nordkorea ist eine „Zweibahnstraße“");
    // display_date carried over; the qualifier shown; commitments grouped.
    const dates = (await page.locator(".tl-slide .tl-headline-date").allTextContents()).map((t) => t.trim());
    expect(dates).toContain("2024 unterzeichnet, für das nächste Jahrzehnt");
    expect(dates).toContain("ca. Oktober 2024");
    expect((await page.locator(".tl-timegroup-message").allTextContents()).map((t) => t.trim())).toContain("Zusagen");
    // Navigating works: the next slide's headline comes into view.
    await page.locator(".tl-slidenav-next").first().click();
    await page.waitForFunction("document.querySelector('.tl-timemarker-active') !== null", undefined, { timeout: 10_000 });
    expect({ problems, offline }).toEqual({ problems: [], offline: [] });
    await page.close();
  });

  it("shows hostile text as text and runs none of it", async () => {
    const auth = { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" };
    const post = (path: string, body: unknown) => fetch(`${worker.url}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    expect((await post("/v1/timelines", { slug: "tljs-hostile", title: `<img src=x onerror="window.pwned=1">Titel & Co` })).status).toBe(201);
    const title = `<img src=x onerror="window.pwned=2">Tom & "Jerry" 🎉 שלום`;
    const entry = {
      kind: "event",
      title,
      start: "2024-11-26",
      display_date: `<img src=y onerror="window.pwned=3"> Frühjahr & Sommer`,
      body: `<script>window.pwned=4</script>\n\n<b>nicht fett</b> & https://example.org/?a=1&b=2`,
    };
    expect((await post("/v1/timelines/tljs-hostile/entries", entry)).status).toBe(201);
    expect((await post("/v1/timelines/tljs-hostile/entries", { kind: "event", title: "Zweiter", start: "2025" })).status).toBe(201);

    const { page, problems, offline } = await open("tljs-hostile", "en");
    await page.waitForFunction("document.querySelectorAll('.tl-slide').length === 3", undefined, { timeout: 30_000 });
    expect(await page.evaluate("window.pwned")).toBeUndefined();
    expect(await count(page, ".tl-slide img, .tl-timemarker img, script:not([src])")).toBe(1); // the host page's own inline script
    const headlines = (await page.locator(".tl-slide .tl-headline").allTextContents()).map((t) => t.trim());
    expect(headlines).toContain(title);
    expect(headlines).toContain(`<img src=x onerror="window.pwned=1">Titel & Co`);
    const dates = (await page.locator(".tl-slide .tl-headline-date").allTextContents()).map((t) => t.trim());
    expect(dates).toContain(`<img src=y onerror="window.pwned=3"> Frühjahr & Sommer`);
    const text = (await page.locator(".tl-slide .tl-text-content").allTextContents()).join("\n");
    expect(text).toContain("<script>window.pwned=4</script>");
    expect(text).toContain("<b>nicht fett</b> & ");
    expect(await page.locator(`.tl-slide a[href="https://example.org/?a=1&b=2"]`).count()).toBeGreaterThan(0);
    // (TimelineJS's own link helper carries onclick="void(0)".)
    expect(await page.locator(`a[href^="javascript"], [onerror], [onclick]:not(.tl-makelink)`).count()).toBe(0);
    expect({ problems, offline }).toEqual({ problems: [], offline: [] });
    await page.close();
  });
});
