/**
 * Debian's Chromium driven by playwright-core, for browser tests: headless, a fresh
 * temporary profile per launch, and the flags that keep it quiet on a machine without
 * internet. `node scripts/ensure-deps.mjs --browser` installs it (npm test does).
 *
 * @example
 * const browser = await launchChromium();
 * try {
 *   const page = await browser.newPage();
 *   await page.goto(`${worker.url}/embed/g7-ukraine`);
 * } finally {
 *   await browser.close();
 * }
 */
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Flags for headless Chromium here: no sandbox (we run as root), no GPU, and no
 * background connections to Google (they fail on a closed network and slow it down).
 * `--headless` and the fresh `--user-data-dir` are added by playwright-core.
 */
export const chromiumArgs: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium with a fresh profile. Close it with `browser.close()`.
 *
 * @param options playwright-core launch options, merged over the defaults (`args` are appended)
 * @example const browser = await launchChromium(); const page = await browser.newPage();
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 60_000,
    ...rest,
    args: [...chromiumArgs, ...args],
  });
}
