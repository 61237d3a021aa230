// @ts-check
/**
 * The README's screenshots of the studio, regenerated: a local Worker with the demo timeline,
 * headless Chromium, the pages a journalist sees. Writes docs/studio/*.png.
 *
 *   npm run screenshots:studio
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startLocalWorker } from "./lib/local-worker.mjs";
import { projectRoot } from "./lib/project.mjs";

const out = join(projectRoot, "docs", "studio");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const PASTE = [
  "Year\tMonth\tDay\tHeadline\tText\tGroup",
  "2024\t11\t25\tTreffen der G7-Außenminister in Fiuggi\tDie Minister beraten über die Ukraine.\tDiplomatie",
  "2024\t11\t26\tAbschlusserklärung von Anagni\tDie G7 sichern der Ukraine Unterstützung zu.\tDiplomatie",
  "20x4\t12\t\tSanktionen gegen Gazprom\tDie USA verhängen neue Sanktionen.\tSanktionen",
].join("\n");

await mkdir(out, { recursive: true });
const worker = await startLocalWorker({ seedDemo: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "de-DE", deviceScaleFactor: 1 });
  const page = await context.newPage();
  /** @param {string} name @param {import("playwright-core").PageScreenshotOptions} [options] */
  const shot = async (name, options = {}) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, name), ...options });
    console.log(`wrote docs/studio/${name}`);
  };
  await page.goto(`${worker.url}/studio`);
  await shot("sign-in.png", { clip: { x: 0, y: 0, width: 1280, height: 420 } });
  await page.getByLabel("Token").fill(worker.adminToken);
  await Promise.all([page.waitForURL(`${worker.url}/studio`), page.keyboard.press("Enter")]);

  await page.goto(`${worker.url}/studio/t/g7-ukraine`);
  await shot("entries.png");

  const commitment = await page.locator("ul.entries a").filter({ hasText: /Milliarden|Energie/ }).first();
  await commitment.click();
  await page.waitForLoadState("load");
  await page.frameLocator("iframe[name^=preview]").locator("h1").waitFor();
  await shot("entry.png");

  await page.goto(`${worker.url}/studio/t/g7-ukraine/paste`);
  await page.getByLabel("Zellen").fill(PASTE);
  await Promise.all([page.waitForURL(/\/paste$/), page.getByRole("button", { name: "Vorschau" }).click()]);
  await shot("paste-preview.png");

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "en-US", deviceScaleFactor: 1 });
  await phone.addCookies(await context.cookies());
  const mobile = await phone.newPage();
  await mobile.goto(`${worker.url}/studio/t/g7-ukraine/new?kind=commitment`);
  await mobile.getByLabel("Date", { exact: true }).fill("3/4/2025");
  await mobile.locator("#f-start-hint").filter({ hasText: "2025" }).waitFor();
  await mobile.evaluate(() => document.getElementById("f-start")?.scrollIntoView({ block: "center" }));
  await mobile.waitForTimeout(300);
  await mobile.screenshot({ path: join(out, "phone-new-commitment.png") });
  console.log("wrote docs/studio/phone-new-commitment.png");
  await phone.close();
  await context.close();
} finally {
  await browser.close();
  await worker.stop();
}
