/// <reference lib="dom" />
/**
 * The scorecard view of the widget in real Chromium: a host page on another origin embeds it
 * through /embed.js with `data-view="scorecard"` (and `data-maker`), each iframe takes its
 * content's height, everything is there without JavaScript (bars and a real table), axe-core
 * finds no serious problem in light, dark or right-to-left (nor on the public page's scorecard), and
 * hostile makers never execute.
 * Screenshots go to test-results/screenshots/.
 */
import type { Browser, ElementHandle } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";
import { createTimeline, expectAccessible, type HostServer, hostPage, MARK, PAYLOADS, screenshotPath, seriousViolations, startHost } from "./widget-support";

const SLUG = "donors";
const HOSTILE = "donors-hostile";
const MAKERS = Array.from({ length: 20 }, (_, i) => `Donor ${i + 1}`);

let worker: LocalWorker;
let browser: Browser;
let host: HostServer;

/** One commitment per maker with tranches in EUR and USD, and a unit. */
function pledges(makers: readonly string[]) {
  return makers.map((maker, i) => ({
    kind: "commitment",
    title: `Pledge of ${maker}`,
    start: "2024-11-26",
    commitment: {
      status: ["announced", "in_progress", "stalled", "partially_fulfilled", "fulfilled", "missed"][i % 6],
      due: i % 3 ? "2025" : "2030",
      made_by: [maker],
      beneficiary: "Ukraine",
      tranches: [
        { phase: "committed", date: "2024-11-26", amount: { value: (i + 1) * 1e8, currency: i % 2 ? "USD" : "EUR" } },
        { phase: "allocated", date: "2024-12-02", amount: { value: (i + 1) * 6e7, currency: i % 2 ? "USD" : "EUR" } },
        { phase: "delivered", date: "2025-01-10", amount: { value: (i + 1) * 3e7, currency: i % 2 ? "USD" : "EUR" } },
        ...(i % 4 === 0 ? [{ phase: "committed", date: "2025", amount: { value: 10, currency: "tanks" } }] : []),
      ],
    },
  }));
}

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
  await createTimeline(worker, { slug: SLUG, title: "Pledges to Ukraine", language: "en", reporting_currency: "EUR" }, pledges(MAKERS));
  const rates = await fetch(`${worker.url}/v1/timelines/${SLUG}/rates`, {
    method: "POST",
    headers: { authorization: `Bearer ${worker.adminToken}`, "content-type": "text/csv" },
    body: "Date,USD,\n2024-11-26,1.0487,\n2024-11-25,1.0479,\n",
  });
  expect(rates.status).toBe(200);
  await createTimeline(worker, { slug: HOSTILE, title: `Hostile ${PAYLOADS[0]}`, language: "en" }, pledges(PAYLOADS.map((p) => p.slice(0, 100))));
  const loader = `<script async src="${worker.url}/embed.js"></script>`;
  host = await startHost({
    "/scorecard.html": hostPage(
      `<div data-timeline="${SLUG}" data-view="scorecard" data-theme="light"></div>${loader}<p>Between.</p>` +
        `<div data-timeline="${SLUG}" data-view="scorecard" data-maker="Donor 3" data-theme="dark"></div>`,
    ),
    "/hostile.html": hostPage(`<div data-timeline="${HOSTILE}" data-view="scorecard"></div>${loader}`),
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop(), host?.close()]);
});

async function heights(iframe: ElementHandle<HTMLIFrameElement>) {
  const frame = (await iframe.contentFrame())!;
  const outer = await iframe.evaluate((el) => el.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
  return { outer, inner };
}

describe("the scorecard through /embed.js on another origin", () => {
  it("becomes sized iframes of the scorecard view, for all makers and for one", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${host.origin}/scorecard.html`);
    const frames = (await page.$$("iframe")) as ElementHandle<HTMLIFrameElement>[];
    expect(frames).toHaveLength(2);
    expect(await frames[0]!.evaluate((el) => el.src)).toBe(`${worker.url}/embed/${SLUG}?theme=light&view=scorecard`);
    expect(await frames[1]!.evaluate((el) => el.src)).toBe(`${worker.url}/embed/${SLUG}?theme=dark&view=scorecard&maker=Donor+3`);
    for (const iframe of frames) {
      await iframe.scrollIntoViewIfNeeded();
      await expect.poll(async () => (await iframe.contentFrame())?.locator("table").count() ?? 0, { timeout: 15_000 }).toBe(1);
      await expect
        .poll(async () => {
          const { outer, inner } = await heights(iframe);
          return Math.abs(outer - inner) <= 2 && inner > 100;
        }, { timeout: 15_000, interval: 100 })
        .toBe(true);
    }
    const all = (await frames[0]!.contentFrame())!;
    const one = (await frames[1]!.contentFrame())!;
    expect(await all.locator("tbody tr").count()).toBe(20);
    expect(await one.locator("tbody tr").count()).toBe(1);
    expect(await one.locator("tbody th").textContent()).toBe("Donor 3");
    // Twenty rows are taller than one.
    expect((await heights(frames[0]!)).inner).toBeGreaterThan((await heights(frames[1]!)).inner + 200);
    await page.screenshot({ path: await screenshotPath("scorecard-host-1024.png"), fullPage: true });
    await page.close();
  });
});

describe("without JavaScript", () => {
  it("shows the bars and the table a screen reader reads", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${worker.url}/embed/${SLUG}?view=scorecard`);
    expect(await page.locator("table caption").textContent()).toBe("Scorecard");
    expect(await page.locator("thead th").allTextContents()).toEqual(["Maker", "Commitments", "Committed", "Allocated", "Delivered", "Progress", "Overdue"]);
    expect(await page.locator("tbody tr").count()).toBe(20);
    expect(await page.locator("tfoot th").textContent()).toBe("All makers");
    // Largest pledge first, converted into euros at the rate of its day.
    expect(await page.locator("tbody th").first().textContent()).toBe("Donor 20");
    expect((await page.locator("tfoot td").nth(1).textContent())!.replace(/\s/g, " ")).toMatch(/^≈ €2[0-9.]*B · 50 tanks$/);
    expect(await page.locator("ul.bars svg").count()).toBe(20);
    expect(await page.locator("ul.bars").getAttribute("aria-hidden")).toBe("true");
    expect(await page.locator("p.src").first().textContent()).toContain("Converted into EUR at exchange rates from November 26, 2024 to November 26, 2024");
    await page.screenshot({ path: await screenshotPath("scorecard-375-nojs.png"), fullPage: true });
    await context.close();
  });

  it("mirrors for right-to-left languages", async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${worker.url}/embed/${SLUG}?view=scorecard&lang=ar`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("ul.bars svg").first().evaluate((el) => getComputedStyle(el).transform)).not.toBe("none");
    await page.close();
  });
});

describe("accessibility (axe-core)", () => {
  for (const [theme, scheme] of [
    ["light", "light"],
    ["dark", "dark"],
    ["auto", "dark"],
  ] as const) {
    it(`has no serious or critical violations: theme=${theme}, ${scheme} system`, async () => {
      await expectAccessible(browser, worker.url, scheme, [
        `/embed/${SLUG}?view=scorecard&theme=${theme}`,
        `/embed/${SLUG}?view=scorecard&theme=${theme}&lang=ar`,
        `/embed/${SLUG}?view=scorecard&maker=Donor%205&theme=${theme}`,
        // The public page's scorecard, with its links between the views.
        `/t/${SLUG}?theme=${theme}&view=scorecard`,
      ]);
    });
  }

  it("has no serious or critical violations in the list view with tranches", async () => {
    const page = await browser.newPage();
    for (const theme of ["light", "dark"]) {
      await page.goto(`${worker.url}/embed/${SLUG}?theme=${theme}&limit=5`);
      await page.locator("details").first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      expect(await page.locator("progress").count()).toBeGreaterThan(0);
      expect(await seriousViolations(page), theme).toEqual([]);
    }
    await page.close();
  });
});

describe("hostile makers", () => {
  it("never execute, in the scorecard or through the loader", async () => {
    const page = await browser.newPage();
    const fired: string[] = [];
    page.on("dialog", (d) => {
      fired.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (m.text().includes(MARK)) fired.push(m.text());
    });
    for (const url of [`${worker.url}/embed/${HOSTILE}?view=scorecard`, `${worker.url}/t/${HOSTILE}?view=scorecard`, `${host.origin}/hostile.html`]) {
      await page.goto(url);
      await page.waitForTimeout(500);
    }
    expect(fired).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });
});
