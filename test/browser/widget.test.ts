/// <reference lib="dom" />
/**
 * The widget in real Chromium: a host page on another origin embeds widgets through /embed.js;
 * each iframe takes its content's height (after load and after "more"), messages from anyone
 * else are ignored, iframes load lazily, everything works without JavaScript, axe-core finds no
 * serious problem in light or dark, and hostile data never executes. Screenshots go to
 * test-results/screenshots/.
 */
import type { Browser, BrowserContext, ElementHandle, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import type { LocalWorker } from "../support/local-worker";
import {
  createTimeline,
  DEMO,
  expectAccessible,
  type HostServer,
  hostPage,
  MARK,
  PAYLOADS,
  screenshotPath,
  seriousViolations,
  startDemoWorker,
  startHost,
} from "./widget-support";

let worker: LocalWorker;
let browser: Browser;
let host: HostServer;

const HOSTILE = "hostile";

beforeAll(async () => {
  [worker, browser] = await Promise.all([startDemoWorker(), launchChromium()]);
  const loader = `<script async src="${worker.url}/embed.js"></script>`;
  await createTimeline(
    worker,
    { slug: HOSTILE, title: `Hostile ${PAYLOADS[0]}`, description: PAYLOADS.join(" "), language: "en" },
    PAYLOADS.map((payload, i) => ({
      kind: i % 2 ? "commitment" : "event",
      title: payload,
      body: `${PAYLOADS.join("\n\n")}\n\njavascript:alert(1) https://ok.example/"onmouseover="alert(1)`,
      start: `2024-0${i + 1}`,
      display_date: i === 3 ? payload.slice(0, 100) : null,
      actors: PAYLOADS.filter((p) => p.length <= 100),
      tags: [payload.slice(0, 64)],
      location: payload,
      sources: [{ url: "https://source.example/?q=<script>", title: payload, publisher: payload }],
      commitment: i % 2 ? { status: "missed", due: "2024", beneficiary: payload, made_by: [payload.slice(0, 100)] } : null,
    })),
  );
  host = await startHost({
    // Two snippets as copied from the landing page (two loader tags), a widget far below the fold.
    "/two.html": hostPage(
      `<div data-timeline="${DEMO}" data-theme="light"></div>${loader}<p>Between the widgets.</p>` +
        `<div data-timeline="${DEMO}" data-lang="en" data-theme="dark" data-limit="4" data-title="G7 timeline (English)"></div>${loader}` +
        `<div style="height:6000px"></div><div data-timeline="${DEMO}" data-limit="2" data-kind="commitment"></div>`,
    ),
    "/deferred.html": hostPage(`<div data-timeline="${DEMO}" data-limit="3"></div><script defer src="${worker.url}/embed.js"></script>`),
    "/static.html": hostPage(`<iframe src="${worker.url}/embed/${DEMO}?limit=3" title="G7" style="width:100%;height:600px;border:0"></iframe>`),
    "/hostile.html": hostPage(`<div data-timeline="${HOSTILE}"></div>${loader}`),
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop(), host?.close()]);
});

/** The widget iframes of a page, in document order. */
async function widgetFrames(page: Page): Promise<ElementHandle<HTMLIFrameElement>[]> {
  return (await page.$$("iframe")) as ElementHandle<HTMLIFrameElement>[];
}

/** Heights of an iframe element on the host and of the document inside it. */
async function heights(iframe: ElementHandle<HTMLIFrameElement>) {
  const frame = (await iframe.contentFrame())!;
  const outer = await iframe.evaluate((el) => el.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
  return { outer, inner };
}

/** Waits until the iframe is as tall as its content (within 2 px) and stays so. */
async function expectSized(iframe: ElementHandle<HTMLIFrameElement>) {
  await expect
    .poll(async () => {
      const { outer, inner } = await heights(iframe);
      return Math.abs(outer - inner) <= 2 && inner > 100;
    }, { timeout: 15_000, interval: 100 })
    .toBe(true);
  const { outer, inner } = await heights(iframe);
  expect(Math.abs(outer - inner)).toBeLessThanOrEqual(2);
  // No scrollbar inside: the content fits the frame.
  const frame = (await iframe.contentFrame())!;
  expect(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
}

async function frameLoaded(iframe: ElementHandle<HTMLIFrameElement>): Promise<Frame> {
  await expect.poll(async () => (await iframe.contentFrame())?.url() ?? "", { timeout: 15_000 }).toContain("/embed/");
  const frame = (await iframe.contentFrame())!;
  await frame.waitForSelector("li[id]");
  return frame;
}

describe("embedding through /embed.js on another origin", () => {
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(`${host.origin}/two.html`);
  });

  afterAll(async () => {
    await context?.close();
  });

  it("turns each placeholder into one lazy, titled, sandboxed iframe of the widget (loader included twice)", async () => {
    const frames = await widgetFrames(page);
    expect(frames).toHaveLength(3);
    const attrs = await Promise.all(
      frames.map((f) => f.evaluate((el) => ({ src: el.src, title: el.title, loading: el.loading, sandbox: el.getAttribute("sandbox") }))),
    );
    expect(attrs[0]!.src).toBe(`${worker.url}/embed/${DEMO}?theme=light`);
    expect(attrs[1]!.src).toBe(`${worker.url}/embed/${DEMO}?lang=en&theme=dark&limit=4`);
    expect(attrs[2]!.src).toBe(`${worker.url}/embed/${DEMO}?kind=commitment&limit=2`);
    for (const a of attrs) {
      expect(a.loading).toBe("lazy");
      expect(a.sandbox).toContain("allow-scripts");
      expect(a.title.length).toBeGreaterThan(0);
    }
    expect(attrs[1]!.title).toBe("G7 timeline (English)");
    // The widget names itself to the loader: the first iframe takes the timeline's title.
    await expect.poll(() => frames[0]!.evaluate((el) => el.title)).toBe("G7 und die Ukraine: das Außenministertreffen im November 2024");
  });

  it("sizes each iframe to its content after load", async () => {
    const [first, second] = await widgetFrames(page);
    await frameLoaded(first!);
    await frameLoaded(second!);
    await expectSized(first!);
    await expectSized(second!);
    const a = await heights(first!);
    const b = await heights(second!);
    expect(a.inner).toBeGreaterThan(b.inner); // 9 entries vs 4: different heights, each its own
  });

  it("loads the widget far below the fold only when the reader scrolls near it", async () => {
    const far = (await widgetFrames(page))[2]!;
    const farUrl = `${worker.url}/embed/${DEMO}?kind=commitment&limit=2`;
    expect(requested).not.toContain(farUrl);
    await far.scrollIntoViewIfNeeded();
    await expect.poll(() => requested.includes(farUrl), { timeout: 15_000 }).toBe(true);
    await frameLoaded(far);
    await expectSized(far);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it("appends the next page on 'more' inside the iframe, without navigating, and resizes", async () => {
    const second = (await widgetFrames(page))[1]!;
    const frame = await frameLoaded(second);
    const before = await heights(second);
    expect(await frame.locator("li[id]").count()).toBe(4);
    await frame.click("a.more");
    await expect.poll(() => frame.locator("li[id]").count(), { timeout: 10_000 }).toBe(8);
    expect(frame.url()).toBe(`${worker.url}/embed/${DEMO}?lang=en&theme=dark&limit=4`);
    await expectSized(second);
    expect((await heights(second)).outer).toBeGreaterThan(before.outer + 100);
    // Keyboard users land on the first new entry.
    expect(await frame.evaluate(() => document.activeElement?.id)).toMatch(/^entry-/);
    await frame.click("a.more");
    await expect.poll(() => frame.locator("li[id]").count(), { timeout: 10_000 }).toBe(9);
    expect(await frame.locator("a.more").count()).toBe(0);
    expect(await frame.locator("li.now").count()).toBe(1);
    await expectSized(second);
  });

  it("accepts size messages only from the widget's origin and only for the iframe that sent them", async () => {
    const [first, second] = await widgetFrames(page);
    const h1 = (await heights(first!)).outer;
    const h2 = (await heights(second!)).outer;
    // The host page (another origin) cannot resize the widgets: its message is queued first...
    await page.evaluate(() => window.postMessage({ type: "edge-timeline:height", height: 11 }, "*"));
    // ...and a widget's own message after it, which speaks for its own iframe only.
    const frame = (await second!.contentFrame())!;
    await frame.evaluate(() => parent.postMessage({ type: "edge-timeline:height", height: Math.ceil(document.documentElement.getBoundingClientRect().height) + 50 }, "*"));
    // Once the widget's message has been applied, the host's (queued before it) has been handled too.
    await expect.poll(async () => (await heights(second!)).outer, { timeout: 10_000 }).toBe(h2 + 50);
    expect((await heights(first!)).outer).toBe(h1);
    expect(await page.evaluate(() => [...document.querySelectorAll("iframe")].map((f) => f.getBoundingClientRect().height).filter((h) => h === 11))).toEqual([]);
  });

  it("works when the loader is deferred", async () => {
    const deferred = await context.newPage();
    await deferred.goto(`${host.origin}/deferred.html`);
    const [iframe] = await widgetFrames(deferred);
    const frame = await frameLoaded(iframe!);
    expect(await frame.locator("li[id]").count()).toBe(3);
    await expectSized(iframe!);
    await deferred.close();
  });

  it("writes a screenshot of the host page's first 2,400 px, the first widget in it", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const [first] = await widgetFrames(page);
    // The widget is laid out, non-empty, and fills most of the clipped area.
    const box = (await first!.boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.y).toBeLessThan(400);
    expect(box.y + box.height).toBeGreaterThan(2000);
    const png = await page.screenshot({ path: await screenshotPath("host-two-widgets-1024.png"), fullPage: true, clip: { x: 0, y: 0, width: 1024, height: 2400 } });
    // A PNG of the clipped size: signature, then the IHDR chunk's width and height.
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 2400]);
  });
});

describe("without JavaScript", () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, reducedMotion: "reduce", viewport: { width: 375, height: 800 } });
  });

  afterAll(async () => {
    await context?.close();
  });

  it("shows the entries, and 'more' is a plain link to the next page", async () => {
    const page = await context.newPage();
    await page.goto(`${worker.url}/embed/${DEMO}?limit=4`);
    expect(await page.locator("li[id]").count()).toBe(4);
    expect(await page.locator("li[id] h3").first().isVisible()).toBe(true);
    const first = await page.locator("li[id]").first().getAttribute("id");
    const follow = async () => {
      const from = page.url();
      await Promise.all([page.waitForURL((url) => url.href !== from), page.click("a.more")]);
      expect(new URL(page.url()).searchParams.get("cursor")).toBeTruthy();
    };
    await follow();
    expect(await page.locator("li[id]").count()).toBe(4);
    expect(await page.locator("li[id]").first().getAttribute("id")).not.toBe(first);
    await follow();
    expect(await page.locator("li[id]").count()).toBe(1);
    expect(await page.locator("a.more").count()).toBe(0);
    await page.close();
  });

  it("shows the widget in a plain iframe on a host page (the oEmbed snippet without its script)", async () => {
    const page = await context.newPage();
    await page.goto(`${host.origin}/static.html`);
    const frame = (await (await page.$("iframe"))!.contentFrame())!;
    await frame.waitForSelector("li[id]");
    expect(await frame.locator("li[id]").count()).toBe(3);
    await page.close();
  });

  it("deep-links to an entry", async () => {
    const page = await context.newPage();
    await page.goto(`${worker.url}/embed/${DEMO}`);
    const id = await page.locator("li[id]").nth(6).getAttribute("id");
    // Readers who ask for less motion jump; others glide.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe("auto");
    await page.goto(`${worker.url}/embed/${DEMO}#${id}`);
    const top = await page.locator(`#${id}`).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    await page.close();
  });
});

describe("accessibility (axe-core)", () => {
  for (const [theme, scheme] of [
    ["light", "light"],
    ["dark", "dark"],
    ["auto", "dark"],
    ["auto", "light"],
  ] as const) {
    it(`has no serious or critical violations: theme=${theme}, ${scheme} system`, async () => {
      await expectAccessible(browser, worker.url, scheme, [`/embed/${DEMO}?theme=${theme}`, `/embed/${DEMO}?theme=${theme}&lang=ar`, `/t/${DEMO}?theme=${theme}`]);
    });
  }

  it("has no serious or critical violations on the landing page and the error page", async () => {
    const page = await browser.newPage();
    for (const path of ["/", `/embed/${DEMO}?limit=0`]) {
      await page.goto(`${worker.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.close();
  });

  it("can be used with the keyboard alone: every link is reachable and shows its focus", async () => {
    const page = await browser.newPage();
    await page.goto(`${worker.url}/embed/${DEMO}?limit=4`);
    const links = await page.locator("a[href]").evaluateAll((as) => {
      as.forEach((a, i) => a.setAttribute("data-i", String(i)));
      return as.length;
    });
    const seen = new Set<string>();
    for (let i = 0; i < links; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { i: el.getAttribute("data-i"), text: el.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(focus.outline, JSON.stringify(focus)).toBe("solid");
      expect(focus.width).toBeGreaterThanOrEqual(2);
      seen.add(String(focus.i));
    }
    expect(seen.size).toBe(links);
    // "more" with the keyboard appends the next page.
    await page.focus("a.more");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("li[id]").count()).toBe(8);
    await page.close();
  });
});

describe("hostile data", () => {
  it("never executes, in the embed, on the page, on the landing page or through the loader", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const fired: string[] = [];
    page.on("dialog", (d) => {
      fired.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (m.text().includes(MARK)) fired.push(`console: ${m.text()}`);
    });
    // Where the hostile entries are listed: in the page itself, or in the widget iframe the loader made.
    const pages: [string, "page" | "none" | "iframe"][] = [
      [`${worker.url}/embed/${HOSTILE}`, "page"],
      [`${worker.url}/t/${HOSTILE}`, "page"],
      [`${worker.url}/`, "none"],
      [`${host.origin}/hostile.html`, "iframe"],
    ];
    for (const [url, where] of pages) {
      await page.goto(url);
      await page.waitForLoadState("load");
      const frames = [page.mainFrame()];
      if (where === "iframe") {
        const [iframe] = await widgetFrames(page);
        expect(iframe, url).toBeDefined();
        frames.push(await frameLoaded(iframe!));
      }
      let hovered = 0;
      for (const frame of frames) {
        // Hover and click-free interaction with every entry title.
        for (const h3 of await frame.locator("li[id] h3").all()) {
          await h3.hover();
          hovered++;
        }
        expect(await frame.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0), `${url} ${frame.url()}`).toBe(0);
      }
      expect(hovered, url).toBe(where === "none" ? 0 : PAYLOADS.length);
      expect(fired, url).toEqual([]);
    }
    // The payloads are there, as text.
    await page.goto(`${worker.url}/embed/${HOSTILE}`);
    const titles = await page.locator("li[id] h3").allInnerTexts();
    expect(titles).toEqual([...PAYLOADS]);
    expect(await page.locator("img, svg, details, li iframe, li script").count()).toBe(0);
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(href).toMatch(/^https?:/);
    await context.close();
  });
});

describe("screenshots of the demo timeline", () => {
  for (const [width, theme] of [
    [375, "light"],
    [1024, "light"],
    [375, "dark"],
    [1024, "dark"],
  ] as const) {
    it(`writes ${width} px, ${theme}`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(`${worker.url}/embed/${DEMO}?theme=${theme}`);
      // Nothing wider than the viewport: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: await screenshotPath(`widget-${DEMO}-${width}-${theme}.png`), fullPage: true });
      await page.close();
    });
  }

  it("writes the public page at 1024 px and Arabic right-to-left at 375 px", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(`${worker.url}/t/${DEMO}`);
    await page.screenshot({ path: await screenshotPath(`page-${DEMO}-1024.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${worker.url}/embed/${DEMO}?lang=ar`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await page.screenshot({ path: await screenshotPath(`widget-${DEMO}-375-ar.png`), fullPage: true });
    await page.close();
  });
});
