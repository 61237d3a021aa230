/// <reference lib="dom" />
/**
 * Live widgets in real Chromium, on a host page of another origin through /embed.js: a new entry
 * arrives by push (live timeline) and, separately, by polling (with the page clock run forward),
 * and the widget refreshes in place, keeping the reader's focus and reading position and
 * announcing "1 new entry"; a widget nobody can see neither polls nor connects; many widgets of one
 * timeline share one WebSocket.
 */
import type { Browser, BrowserContext, ElementHandle, Frame, Page, WebSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";
import { createTimeline, type HostServer, hostPage, startHost } from "./widget-support";

let worker: LocalWorker;
let browser: Browser;
let host: HostServer;

/** 30 dated events with a source link each (something a reader can focus), 2001–2030. */
const entries = Array.from({ length: 30 }, (_, i) => ({
  kind: "event",
  title: `Event ${i + 1}`,
  body: "A paragraph of text that makes each entry a few lines tall, as real entries are.",
  start: `${2001 + i}-06-01`,
  sources: [{ url: `https://source.example/${i + 1}`, title: `Source ${i + 1}` }],
}));

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${worker.adminToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
  await createTimeline(worker, { slug: "pushed", title: "Pushed", language: "en", live: true }, entries);
  await createTimeline(worker, { slug: "polled", title: "Polled", language: "en" }, entries);
  await createTimeline(worker, { slug: "other-live", title: "Other", language: "en", live: true }, entries.slice(0, 3));
  await createTimeline(worker, { slug: "edge-stale", title: "Stale at the edge", language: "en" }, entries.slice(0, 5));
  const loader = `<script async src="${worker.url}/embed.js"></script>`;
  const filler = (px: number) => `<div style="height:${px}px;background:#eee"></div>`;
  host = await startHost({
    "/push.html": hostPage(`${filler(300)}<div data-timeline="pushed" data-theme="light"></div>${loader}${filler(3000)}`),
    "/stale.html": hostPage(`<div data-timeline="edge-stale" data-theme="light"></div>${loader}`),
    "/poll.html": hostPage(`${filler(300)}<div data-timeline="polled" data-theme="light"></div>${loader}${filler(3000)}`),
    "/many.html": hostPage(
      `<div data-timeline="pushed" data-limit="5"></div><div data-timeline="pushed" data-order="desc" data-limit="5"></div>` +
        `<div data-timeline="pushed" data-kind="event" data-limit="5"></div><div data-timeline="other-live" data-limit="3"></div>${loader}`,
    ),
    // Far below the fold: a widget the loader makes (lazy) and a plain iframe that loads at once.
    "/hidden.html": hostPage(
      `${filler(8000)}<div id="lazy" data-timeline="pushed" data-limit="3"></div>${loader}` +
        `<iframe id="plain" src="${worker.url}/embed/polled?limit=3" title="Polled" style="width:100%;height:500px;border:0"></iframe>`,
    ),
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop(), host?.close()]);
});

/** Requests and sockets the page (and its frames) open toward the Worker. */
function watch(page: Page) {
  const polls: string[] = [];
  const sockets: WebSocket[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(worker.url) && r.url().includes("/revision")) polls.push(r.url());
  });
  page.on("websocket", (ws) => sockets.push(ws));
  return { polls, sockets };
}

async function frameOf(page: Page, selector = "iframe"): Promise<{ iframe: ElementHandle<HTMLIFrameElement>; frame: Frame }> {
  const iframe = (await page.waitForSelector(selector)) as ElementHandle<HTMLIFrameElement>;
  const frame = (await iframe.contentFrame())!;
  await frame.waitForSelector("[data-body] li[id]");
  return { iframe, frame };
}

/**
 * Scrolls the host so that the iframe straddles the top of the viewport (the reader is inside the
 * timeline), focuses the source link of the first entry fully in view, and answers where it is on
 * screen.
 */
async function readInside(page: Page, iframe: ElementHandle<HTMLIFrameElement>, frame: Frame) {
  await page.waitForFunction((f) => f.getBoundingClientRect().height > 2000, iframe);
  await page.evaluate((f) => window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY + 900), iframe);
  await page.waitForTimeout(300);
  const href = await frame.evaluate((hostTop) => {
    const visibleTop = -hostTop;
    for (const li of document.querySelectorAll<HTMLElement>("[data-body] li[id]")) {
      if (li.getBoundingClientRect().top > visibleTop + 20) {
        const a = li.querySelector<HTMLAnchorElement>(".src a")!;
        a.focus();
        return a.href;
      }
    }
    return null;
  }, await iframe.evaluate((f) => f.getBoundingClientRect().top));
  expect(href).toBeTruthy();
  return { href: href!, onScreen: await focusedOnScreen(iframe, frame) };
}

async function focusedOnScreen(iframe: ElementHandle<HTMLIFrameElement>, frame: Frame): Promise<number> {
  const frameTop = await iframe.evaluate((f) => f.getBoundingClientRect().top);
  const inner = await frame.evaluate(() => document.activeElement!.getBoundingClientRect().top);
  return frameTop + inner;
}

/** Adds an entry dated before all others: it lands above the reader's position. */
async function addEarlyEntry(slug: string, title: string) {
  return api("POST", `/v1/timelines/${slug}/entries`, { kind: "event", title, start: "1999-01-01" });
}

async function expectRefreshedInPlace(iframe: ElementHandle<HTMLIFrameElement>, frame: Frame, before: { href: string; onScreen: number }, title: string) {
  const fresh = await frame.evaluate(() => {
    const li = document.querySelector<HTMLElement>("li.new");
    return li ? { title: li.querySelector("h3")!.textContent, badge: li.querySelector(".nw")?.textContent ?? null } : null;
  });
  expect(fresh).toEqual({ title, badge: "New" });
  // Focus stayed on the same link, and the link stayed where the reader saw it.
  expect(await frame.evaluate(() => (document.activeElement as HTMLAnchorElement).href)).toBe(before.href);
  expect(Math.abs((await focusedOnScreen(iframe, frame)) - before.onScreen)).toBeLessThanOrEqual(3);
  // The announcement, politely.
  await frame.waitForFunction(() => document.querySelector("[aria-live=polite]")?.textContent === "1 new entry");
  // The iframe grew with its content.
  const { outer, inner } = await iframe.evaluate((f) => ({
    outer: f.getBoundingClientRect().height,
    inner: f.contentDocument ? f.contentDocument.documentElement.getBoundingClientRect().height : -1,
  }));
  if (inner >= 0) expect(Math.abs(outer - inner)).toBeLessThanOrEqual(2);
}

describe("live widget", () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  });
  afterAll(async () => context?.close());

  it("receives a pushed entry within 2 s and refreshes in place, keeping focus and position", async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${host.origin}/push.html`);
    const { iframe, frame } = await frameOf(page);
    const before = await readInside(page, iframe, frame);
    await expect.poll(() => seen.sockets.length, { timeout: 10_000 }).toBe(1);
    expect(seen.sockets[0]!.url()).toBe(`${worker.url.replace("http", "ws")}/v1/timelines/pushed/live`);
    // Let the greeting arrive, then write.
    await page.waitForTimeout(500);
    const pollsBefore = seen.polls.length;

    const written = Date.now();
    await addEarlyEntry("pushed", "Pushed news");
    await frame.waitForSelector("li.new", { timeout: 10_000 });
    const took = Date.now() - written;
    expect(took).toBeLessThanOrEqual(2_000);
    await expectRefreshedInPlace(iframe, frame, before, "Pushed news");
    // While the socket is open the widget does not poll.
    expect(seen.polls.length).toBe(pollsBefore);
    await page.close();
  });

  it("finds a new entry by polling the revision and refreshes in place the same way", async () => {
    const page = await context.newPage();
    await page.clock.install();
    const seen = watch(page);
    await page.goto(`${host.origin}/poll.html`);
    const { iframe, frame } = await frameOf(page);
    const before = await readInside(page, iframe, frame);
    expect(seen.sockets).toHaveLength(0);

    await addEarlyEntry("polled", "Polled news");
    // Within a minute of page time the widget must have asked and refreshed.
    for (let s = 0; s < 60 && !(await frame.$("li.new")); s += 5) {
      await page.clock.runFor(5_000);
      await page.waitForTimeout(100);
    }
    await frame.waitForSelector("li.new", { timeout: 10_000 });
    expect(seen.polls.length).toBeGreaterThanOrEqual(1);
    expect(seen.polls[0]).toBe(`${worker.url}/v1/timelines/polled/revision`);
    await page.clock.runFor(500);
    await expectRefreshedInPlace(iframe, frame, before, "Polled news");
    expect(seen.sockets).toHaveLength(0);
    await page.close();
  });

  it("stops refetching a page the edge still holds at an older revision, and picks up the next change", async () => {
    // At the edge, a write that changed only another language's translations purges nothing of
    // this language's pages: the revision grows, the page does not. Here a route plays that edge.
    const page = await context.newPage();
    await page.clock.install();
    const seen = watch(page);
    let held: string | null = null;
    let refetched = 0;
    await page.route(`${worker.url}/embed/edge-stale**`, async (route) => {
      if (held === null) return route.continue();
      refetched++;
      await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: held });
    });
    await page.goto(`${host.origin}/stale.html`);
    const { frame } = await frameOf(page);
    held = await frame.content();

    await addEarlyEntry("edge-stale", "Not yet at the edge");
    for (let i = 0; i < 40; i++) {
      await page.clock.runFor(15_000); // ten minutes of page time
      await page.waitForTimeout(30);
    }
    expect(seen.polls.length).toBeGreaterThanOrEqual(2);
    // A few tries for the revision it heard of, then calm: not a refetch on every poll.
    expect(refetched).toBeGreaterThanOrEqual(1);
    expect(refetched).toBeLessThanOrEqual(5);
    expect(await frame.$("li.new")).toBeNull();

    // The edge catches up (purged); the next change arrives as usual.
    await page.unroute(`${worker.url}/embed/edge-stale**`);
    await addEarlyEntry("edge-stale", "Next change");
    // The browser keeps the last revision answer for its max-age (5 s) of real time, which the page clock does not move.
    await page.waitForTimeout(6_000);
    for (let s = 0; s < 300 && !(await frame.$("li.new")); s += 15) {
      await page.clock.runFor(15_000);
      await page.waitForTimeout(100);
    }
    await frame.waitForSelector("li.new", { timeout: 10_000 });
    expect(await frame.$$eval("li.new h3", (hs) => hs.map((h) => h.textContent))).toContain("Next change");
    await page.close();
  });

  it("neither polls nor connects while nobody can see it, and starts once it is seen", async () => {
    const page = await context.newPage();
    await page.clock.install();
    const seen = watch(page);
    await page.goto(`${host.origin}/hidden.html`);
    const plain = await frameOf(page, "#plain");
    expect(await plain.frame.evaluate(() => document.documentElement.dataset.slug)).toBe("polled");
    for (let i = 0; i < 10; i++) {
      await page.clock.runFor(30_000); // five minutes of page time
      await page.waitForTimeout(20);
    }
    expect(seen.polls).toEqual([]);
    expect(seen.sockets).toEqual([]);

    // Scrolled into view, both wake up: the plain iframe polls, the loader's widget connects.
    await page.evaluate(() => document.getElementById("lazy")!.scrollIntoView());
    await frameOf(page, "#lazy iframe");
    await expect.poll(() => seen.sockets.length, { timeout: 10_000 }).toBe(1);
    for (let i = 0; i < 4 && seen.polls.length === 0; i++) {
      await page.clock.runFor(15_000);
      await page.waitForTimeout(100);
    }
    expect(seen.polls.length).toBeGreaterThanOrEqual(1);

    // Scrolled away again: the socket closes and polling stops.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => seen.sockets[0]!.isClosed(), { timeout: 10_000 }).toBe(true);
    await page.clock.runFor(1_000);
    const polls = seen.polls.length;
    for (let i = 0; i < 6; i++) {
      await page.clock.runFor(30_000);
      await page.waitForTimeout(20);
    }
    expect(seen.polls.length).toBe(polls);
    expect(seen.sockets).toHaveLength(1);
    await page.close();
  });

  it("keeps the public page of a live timeline fresh through its own socket", async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${worker.url}/t/pushed`);
    await expect.poll(() => seen.sockets.length, { timeout: 10_000 }).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 1500));
    const link = await page.evaluate(() => {
      for (const li of document.querySelectorAll<HTMLElement>("[data-body] li[id]")) {
        if (li.getBoundingClientRect().top > 20) {
          const a = li.querySelector<HTMLAnchorElement>(".src a")!;
          a.focus();
          return { href: a.href, top: a.getBoundingClientRect().top };
        }
      }
      return null;
    });
    await page.waitForTimeout(500);
    await addEarlyEntry("pushed", "On the page");
    await page.waitForFunction(() => [...document.querySelectorAll("li.new h3")].some((h) => h.textContent === "On the page"), null, { timeout: 10_000 });
    const after = await page.evaluate(() => ({ href: (document.activeElement as HTMLAnchorElement).href, top: document.activeElement!.getBoundingClientRect().top }));
    expect(after.href).toBe(link!.href);
    expect(Math.abs(after.top - link!.top)).toBeLessThanOrEqual(3);
    await page.waitForFunction(() => document.querySelector("[aria-live=polite]")?.textContent === "1 new entry");
    await page.close();
  });

  it("shares one WebSocket among the page's widgets of one timeline, and updates each", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 900, height: 4000 }); // every widget in view
    const seen = watch(page);
    await page.goto(`${host.origin}/many.html`);
    const frames = await Promise.all([1, 2, 3, 4].map((n) => frameOf(page, `div[data-timeline]:nth-of-type(${n}) iframe`)));
    await expect.poll(() => seen.sockets.length, { timeout: 10_000 }).toBe(2);
    const urls = seen.sockets.map((s) => s.url()).sort();
    expect(urls).toEqual([`${worker.url.replace("http", "ws")}/v1/timelines/other-live/live`, `${worker.url.replace("http", "ws")}/v1/timelines/pushed/live`]);
    await page.waitForTimeout(500);

    const revisions = () => Promise.all(frames.map(({ frame }) => frame.evaluate(() => Number(document.documentElement.dataset.rev))));
    const before = await revisions();
    await api("POST", "/v1/timelines/pushed/entries", { kind: "event", title: "For everyone", start: "2031-01-01" });
    // Newest first shows and announces it; the oldest-first views learn the revision too, and stay
    // silent because what they show did not change; the other timeline's widget hears nothing.
    await frames[1]!.frame.waitForSelector("li.new", { timeout: 10_000 });
    await frames[1]!.frame.waitForFunction(() => document.querySelector("[aria-live=polite]")?.textContent === "1 new entry");
    for (const { frame } of [frames[0]!, frames[2]!]) {
      await frame.waitForFunction((rev) => Number(document.documentElement.dataset.rev) > rev, before[0]!, { timeout: 10_000 });
      expect(await frame.evaluate(() => document.querySelector("[aria-live=polite]")!.textContent)).toBe("");
    }
    const after = await revisions();
    expect(after[3]).toBe(before[3]);
    expect(await frames[3]!.frame.evaluate(() => document.querySelector("[aria-live=polite]")!.textContent)).toBe("");
    expect(seen.sockets).toHaveLength(2);
    await page.close();
  });
});
