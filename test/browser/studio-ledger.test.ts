/// <reference lib="dom" />
/**
 * The ledger's forms in real Chromium: a commitment with a tranche typed into the entry form
 * (script on, checked with axe at 375 px), a second tranche added with the "add a tranche"
 * button as a browser without script does it, and exchange rates pasted into the settings.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";
import { createTimeline, seriousViolations } from "./widget-support";

let worker: LocalWorker;
let browser: Browser;
const slug = "desk-ledger";

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
  await createTimeline(worker, { slug, title: "Ledger desk", language: "en", time_zone: "Europe/Berlin" }, []);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop()]);
});

async function checkPage(page: Page, what: string) {
  expect(await seriousViolations(page), what).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: horizontal overflow`).toBeLessThanOrEqual(1);
}

async function signIn(page: Page) {
  await page.goto(`${worker.url}/studio/sign-in`);
  await page.getByLabel("Token").fill(worker.adminToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${worker.url}/studio`);
}

const storedEntry = async (id: string) =>
  (await fetch(`${worker.url}/v1/timelines/${slug}/entries/${id}`, { headers: { authorization: `Bearer ${worker.adminToken}` } })).json() as Promise<any>;

describe("the ledger in the studio", () => {
  let context: BrowserContext;
  let page: Page;
  let entryUrl = "";

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: "en-US" });
    page = await context.newPage();
    await signIn(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it("adds a commitment with a tranche through the form", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/new?kind=commitment`);
    await checkPage(page, "new commitment with a tranche row");
    await page.getByLabel("Headline").fill("Energy grid aid");
    await page.getByLabel("Date", { exact: true }).fill("26 Nov. 2024");
    await page.getByLabel("Made by").fill("Germany, France");
    const tranche = page.locator("fieldset.tranche").first();
    await tranche.getByLabel("Phase").selectOption("committed");
    await tranche.getByLabel("Date of the tranche").fill("Nov. 2024");
    // The script reads the tranche's date back while typing, as for every date.
    await expect.poll(() => tranche.locator(".hint").first().innerText()).toBe("November 2024 · month");
    await tranche.getByLabel("Amount").fill("€2bn");
    await tranche.getByLabel("Maker (optional)").fill("Germany");
    await tranche.getByLabel("Note").fill("Pledged at the summit");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\/e\/[0-9a-f-]{36}\?done=created$/);
    entryUrl = page.url().replace(/\?.*$/, "");
    await checkPage(page, "commitment with a tranche");
    expect(await page.locator("#tranches").innerText()).toContain("EUR: committed €2B, allocated €0, delivered €0");
    expect(await page.locator("#f-amount").count()).toBe(0);
    const stored = await storedEntry(entryUrl.split("/e/")[1]!);
    expect(stored.commitment.tranches).toMatchObject([
      { phase: "committed", date: "2024-11", amount: { value: 2e9, currency: "EUR" }, made_by: "Germany", note: "Pledged at the summit" },
    ]);
  }, 120_000);

  it("shows a tranche's problem beside its field, accessibly", async () => {
    await page.goto(entryUrl);
    const fresh = page.locator("fieldset.tranche").nth(1);
    await fresh.getByLabel("Phase").selectOption("delivered");
    await fresh.getByLabel("Date of the tranche").fill("2025");
    await fresh.getByLabel("Amount").fill("500 million");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForLoadState();
    expect(await page.locator("#f-tr_unit_1-error").innerText()).toBe("needs a currency or unit, e.g. EUR or tanks");
    expect(await page.locator("#f-tr_unit_1").getAttribute("aria-invalid")).toBe("true");
    await checkPage(page, "tranche problem");
  }, 120_000);

  it("imports exchange rates pasted into the settings", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/settings`);
    await checkPage(page, "settings with the reporting currency");
    await page.getByLabel("Reporting currency").fill("USD");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL(/done=settingsSaved/);
    await page.getByRole("link", { name: "Exchange rates" }).click();
    await checkPage(page, "exchange rates");
    await page.getByLabel("Or paste the CSV").fill("Date,USD,\n2024-11-29,1.0565,\n2024-11-28,1.0559,\n");
    await page.getByRole("button", { name: "Import rates" }).click();
    await page.waitForURL(/done=ratesImported/);
    expect(await page.locator("main table").innerText()).toContain("USD / EUR");
    await checkPage(page, "rates imported");
  }, 120_000);
});

describe("the ledger in the studio without JavaScript", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, locale: "en-US" });
    page = await context.newPage();
    await signIn(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it("adds two tranches with the add button, and removes one", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/new?kind=commitment`);
    await page.getByLabel("Headline").fill("Tanks");
    await page.getByLabel("Date", { exact: true }).fill("2025");
    await page.getByLabel("Made by").fill("Poland");
    const first = page.locator("fieldset.tranche").first();
    await first.getByLabel("Date of the tranche").fill("2025-01");
    await first.getByLabel("Amount").fill("40");
    await first.getByLabel("Currency or unit").fill("tanks");
    await page.getByRole("button", { name: "Add a tranche" }).click();
    await page.waitForLoadState();
    expect(await page.locator("fieldset.tranche").count()).toBe(2);
    const second = page.locator("fieldset.tranche").nth(1);
    await second.getByLabel("Phase").selectOption("delivered");
    await second.getByLabel("Date of the tranche").fill("2025-06");
    await second.getByLabel("Amount").fill("10");
    await second.getByLabel("Currency or unit").fill("tanks");
    // Dates typed as stored are not read back first: one click saves.
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=created$/);
    const id = page.url().split("/e/")[1]!.replace(/\?.*$/, "");
    expect((await storedEntry(id)).commitment).toMatchObject({
      amount: { value: 40, currency: "tanks" },
      delivered: { value: 10, currency: "tanks" },
      tranches: [{ phase: "committed", date: "2025-01" }, { phase: "delivered", date: "2025-06" }],
    });
    await page.getByLabel("Remove this tranche").nth(1).check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=saved$/);
    expect((await storedEntry(id)).commitment.tranches).toMatchObject([{ phase: "committed", amount: { value: 40 } }]);
  }, 120_000);
});
