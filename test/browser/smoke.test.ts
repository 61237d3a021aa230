/** Chromium (test/support/browser.ts) opens a page of a real local Worker. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

describe("browser smoke test", () => {
  let worker: LocalWorker;
  let browser: Browser;

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), worker?.stop()]);
  });

  it("opens /healthz in headless Chromium", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${worker.url}/healthz`);
    expect(response?.status()).toBe(200);
    expect(JSON.parse(await page.locator("body").innerText())).toMatchObject({ status: "ok" });
    await page.close();
  });
});
