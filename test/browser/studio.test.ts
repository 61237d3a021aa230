/// <reference lib="dom" />
/**
 * The studio in real Chromium, as a journalist works: sign in, create a timeline, paste 20 rows
 * from a sheet (one wrong, corrected in the preview), publish, add a commitment, record a status
 * change with a delivered amount and see it in the widget at once, upload a photo and see it in
 * the widget, delete and restore an entry, restore an older version, sign out. Then the same
 * with JavaScript off. Every page is checked with axe and at 375 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { GPS_SECRET, withExif } from "../support/images";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";
import { MARK, PAYLOADS, seriousViolations } from "./widget-support";

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop()]);
});

/** 20 rows as copied from a spreadsheet (TimelineJS columns); row 8 has a year that is not one. */
function sheetRows(): string {
  const lines = ["Year\tMonth\tDay\tHeadline\tText\tGroup"];
  for (let i = 1; i <= 20; i++) {
    lines.push(`${i === 7 ? "20x4" : "2024"}\t${((i - 1) % 12) + 1}\t${i}\tMeeting ${i} of the working group\tNotes of meeting ${i}.\t${i % 2 ? "Energy" : "Security"}`);
  }
  return lines.join("\n");
}

/** No serious or critical axe finding, and nothing wider than the viewport (pages with script on). */
async function checkPage(page: Page, what: string) {
  expect(await seriousViolations(page), what).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: horizontal overflow`).toBeLessThanOrEqual(1);
}

/** Pages without script cannot take axe (it runs as script); their markup is checked with it on. */
async function signIn(page: Page, check = true) {
  await page.goto(`${worker.url}/studio`);
  expect(page.url()).toContain("/studio/sign-in");
  if (check) await checkPage(page, "sign-in");
  // By keyboard alone: the skip link comes first, the token field takes the focus on arrival.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-token");
  await page.keyboard.type(worker.adminToken);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${worker.url}/studio`);
}

async function createTimeline(page: Page, slug: string, title: string, check = true) {
  await page.getByRole("link", { name: "New timeline" }).click();
  if (check) await checkPage(page, "new timeline");
  await page.getByLabel("Short name for addresses (slug)").fill(slug);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Language of the entries").fill("en");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create timeline" }).click();
  await page.waitForURL(`${worker.url}/studio/t/${slug}?done=timelineCreated`);
  await expect.poll(() => page.getByRole("status").innerText()).toContain("Timeline created.");
}

/** A JPEG drawn by Chromium's canvas, with an EXIF segment holding a GPS note added. */
async function photo(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 90;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#2a6";
    g.fillRect(0, 0, 160, 90);
    g.fillStyle = "#fff";
    g.fillRect(20, 20, 60, 40);
    return canvas.toDataURL("image/jpeg", 0.9);
  });
  return Buffer.from(withExif(new Uint8Array(Buffer.from(dataUrl.split(",")[1]!, "base64"))));
}

describe("the studio, as a journalist uses it", () => {
  let context: BrowserContext;
  let page: Page;
  const slug = "desk-energy";

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: "en-US" });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  it("signs in and creates a timeline", async () => {
    await signIn(page);
    await checkPage(page, "overview");
    await createTimeline(page, slug, "Energy desk");
    await checkPage(page, "timeline");
  }, 120_000);

  it("pastes 20 rows, corrects the rejected one in the preview, applies them as drafts and publishes", async () => {
    await page.getByRole("link", { name: "Paste from a spreadsheet" }).click();
    await checkPage(page, "paste");
    await page.getByLabel("Cells").fill(sheetRows());
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.locator("caption").innerText()).toBe("19 new, 0 updated, 0 unchanged, 1 rejected");
    await checkPage(page, "paste preview");
    const fix = page.getByRole("group", { name: "Correct row 8" });
    await fix.getByLabel("Year").fill("2024");
    await page.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => page.locator("caption").innerText()).toBe("20 new, 0 updated, 0 unchanged, 0 rejected");
    await page.getByRole("button", { name: "Apply all" }).click();
    await page.waitForURL(`${worker.url}/studio/t/${slug}?done=pasted`);
    expect(await page.locator("ul.entries li").count()).toBe(20);
    expect(await page.locator(".tag.draft").count()).toBe(20);
    // Readers see nothing yet.
    const before = await (await fetch(`${worker.url}/v1/timelines/${slug}/entries`)).json();
    expect((before as any).items).toHaveLength(0);
    await page.getByRole("button", { name: "Publish all 20 drafts" }).click();
    await page.waitForURL(`${worker.url}/studio/t/${slug}?done=published`);
    const after = await (await fetch(`${worker.url}/v1/timelines/${slug}/entries?limit=50`)).json();
    expect((after as any).items).toHaveLength(20);
  }, 120_000);

  let commitmentUrl: string;

  it("adds a commitment with dates and amounts typed as people type them", async () => {
    await page.getByRole("link", { name: "New commitment" }).click();
    await checkPage(page, "new commitment");
    await page.getByLabel("Headline").fill("Grid repair fund");
    await page.getByLabel("Date", { exact: true }).fill("26 Nov. 2024");
    // The script reads the date back while typing.
    await expect.poll(() => page.locator("#f-start-hint").innerText()).toBe("November 26, 2024 · day");
    await page.getByLabel("Due").fill("2025");
    await page.getByLabel("Pledged: Amount").fill("$2bn");
    await page.getByLabel("Made by").fill("G7");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\/e\/[0-9a-f-]{36}\?done=created$/);
    commitmentUrl = page.url().replace(/\?.*$/, "");
    await checkPage(page, "commitment");
    const id = commitmentUrl.split("/e/")[1];
    const stored = await (await fetch(`${worker.url}/v1/timelines/${slug}/entries/${id}`)).json();
    expect(stored).toMatchObject({ start: "2024-11-26", commitment: { amount: { value: 2e9, currency: "USD" }, due: "2025", made_by: ["G7"] } });
  }, 120_000);

  it("records a status change with a delivered amount, shown in the widget at once", async () => {
    const widget = await context.newPage();
    await widget.goto(`${worker.url}/embed/${slug}?kind=commitment`);
    expect(await widget.locator(".cm").innerText()).toContain("announced");
    const status = page.locator('form[action$="/status"]');
    await status.getByLabel("New status").selectOption("partially_fulfilled");
    await status.getByLabel("Date of the change").fill("1 March 2025");
    await status.getByLabel("Note").fill("First tranche paid");
    await status.getByLabel("Delivered so far: Amount").fill("500,000,000");
    await page.getByRole("button", { name: "Record" }).click();
    await page.waitForURL(/done=statusRecorded/);
    expect(await page.locator("ol.entries").first().innerText()).toContain("First tranche paid");
    await widget.reload();
    const box = await widget.locator(".cm").innerText();
    expect(box).toContain("partially fulfilled");
    expect(box).toContain("$500M of $2B delivered");
    expect(await widget.locator("progress").getAttribute("value")).toBe("0.25");
    await widget.close();
  }, 120_000);

  it("uploads a photo, stored without its metadata and shown in the widget", async () => {
    await page.getByLabel("Image file (JPEG, PNG, WebP or AVIF, at most 5 MB)").setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: await photo(page) });
    await page.getByLabel("Description for people who cannot see it (alt text)").last().fill("Workers repair a power line");
    await page.getByLabel("Credit").last().fill("Photo: Desk");
    await page.getByRole("button", { name: "Upload image" }).click();
    await page.waitForURL(/done=imageUploaded/);
    await checkPage(page, "entry with image");
    const widget = await context.newPage();
    await widget.goto(`${worker.url}/embed/${slug}?kind=commitment`);
    // The browser keeps the widget 10 s (max-age); a reload asks again and the service answers fresh.
    await widget.reload();
    const img = widget.locator(".im img");
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
    expect(await img.getAttribute("alt")).toBe("Workers repair a power line");
    expect(await img.getAttribute("loading")).toBe("lazy");
    expect(await widget.locator(".im figcaption").innerText()).toBe("Photo: Desk");
    const bytes = Buffer.from(await (await fetch(await img.evaluate((el: HTMLImageElement) => el.src))).arrayBuffer());
    expect(bytes.toString("latin1")).not.toContain(GPS_SECRET);
    expect(await seriousViolations(widget)).toEqual([]);
    await widget.close();
  }, 120_000);

  it("deletes an entry and restores it from the trash", async () => {
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByRole("button", { name: "Delete entry" }).click();
    await page.waitForURL(`${worker.url}/studio/t/${slug}?done=deleted`);
    expect(asked).toEqual(["Delete this entry? It can be restored from the trash."]);
    await page.getByRole("link", { name: "Trash" }).click();
    await checkPage(page, "trash");
    expect(await page.locator("ul.entries").innerText()).toContain("Grid repair fund");
    await page.getByRole("button", { name: "Restore" }).click();
    await page.waitForURL(/done=restored/);
    expect(page.url().replace(/\?.*$/, "")).toBe(commitmentUrl);
  }, 120_000);

  it("restores an older version", async () => {
    await page.getByLabel("Headline").fill("Grid repair fund (renamed)");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole("link", { name: "Saved versions" }).click();
    await checkPage(page, "versions");
    const first = page.locator("ol.entries li").filter({ hasText: "Version 1 ·" });
    expect(await first.innerText()).toContain("Grid repair fund");
    await first.getByRole("button", { name: "Restore this version" }).click();
    await page.waitForURL(/done=restored/);
    expect(await page.getByLabel("Headline").inputValue()).toBe("Grid repair fund");
  }, 120_000);

  it("translates an entry side by side with its original", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/settings`);
    await page.getByLabel("Also published in").fill("de");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL(/done=settingsSaved/);
    await page.goto(commitmentUrl);
    await page.getByRole("link", { name: "Translations" }).last().click();
    await page.waitForURL(/\/translations$/);
    await checkPage(page, "translations");
    const german = page.locator("#lang-de");
    expect(await german.locator("h2").innerText()).toContain("missing");
    await page.getByLabel("Headline (German)").fill("Fonds für die Reparatur des Stromnetzes");
    await german.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/done=translationSaved/);
    expect(await page.getByLabel("Headline (German)").inputValue()).toBe("Fonds für die Reparatur des Stromnetzes");
    expect(await german.locator("h2").innerText()).toMatch(/of \d+ missing/);
    await checkPage(page, "translations saved");
  }, 120_000);

  it("reads dates back and shows problems beside their fields, accessibly", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/new`);
    await page.getByLabel("Date", { exact: true }).fill("3/4/2025");
    // Submitted as a browser without the script would: dates are read back, nothing stored.
    await page.locator('form[action$="/new"]').evaluate((form: HTMLFormElement) => form.submit());
    await page.waitForLoadState();
    expect(await page.locator("#f-title-error").innerText()).toBe("must not be empty");
    expect(await page.locator("#f-start-hint").innerText()).toContain("March 4, 2025 · day");
    await checkPage(page, "problems beside fields");
    await page.goto(`${worker.url}/studio/t/${slug}`);
  }, 120_000);

  it("shows the preview with drafts marked, and the embed code", async () => {
    await page.goto(`${worker.url}/studio/t/${slug}/preview`);
    await checkPage(page, "preview");
    const frame = page.frameLocator("iframe[name^=preview]");
    await expect.poll(() => frame.locator("h1").innerText()).toBe("Energy desk");
    expect(await page.getByLabel("Embed code").inputValue()).toContain(`data-timeline="${slug}"`);
  }, 120_000);

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/studio\/sign-in\?reason=signed-out/);
    await page.goto(`${worker.url}/studio/t/${slug}`);
    expect(page.url()).toContain("/studio/sign-in");
  }, 120_000);
});

describe("hostile text in the studio", () => {
  it("never runs, on any page that shows it", async () => {
    const slug = "desk-hostile";
    const headers = { authorization: `Bearer ${worker.adminToken}`, "content-type": "application/json" };
    await fetch(`${worker.url}/v1/timelines`, { method: "POST", headers, body: JSON.stringify({ slug, title: PAYLOADS[0], description: PAYLOADS.join(" "), languages: ["en", "de"] }) });
    const ids: string[] = [];
    for (const [i, payload] of PAYLOADS.entries()) {
      const res = await fetch(`${worker.url}/v1/timelines/${slug}/entries`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          kind: i % 2 ? "commitment" : "event",
          title: payload,
          body: PAYLOADS.join("\n\n"),
          start: `2024-0${i + 1}`,
          tags: [payload.slice(0, 64)],
          actors: [payload.slice(0, 100)],
          location: payload,
          draft: i === 0,
          sources: [{ url: "https://source.example/?q=<script>", title: payload, publisher: payload }],
          commitment: i % 2 ? { status: "missed", beneficiary: payload, made_by: [payload.slice(0, 100)] } : null,
          translations: { de: { title: payload, body: payload } },
        }),
      });
      ids.push(((await res.json()) as any).id);
    }
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const logged: string[] = [];
    page.on("console", (m) => logged.push(m.text()));
    page.on("dialog", (d) => {
      logged.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await signIn(page, false);
    const paths = [
      "/studio",
      `/studio/t/${slug}`,
      `/studio/t/${slug}?q=script`,
      `/studio/t/${slug}/settings`,
      `/studio/t/${slug}/preview`,
      ...ids.flatMap((id) => [`/studio/t/${slug}/e/${id}`, `/studio/t/${slug}/e/${id}/history`, `/studio/t/${slug}/e/${id}/translations`]),
    ];
    for (const path of paths) {
      await page.goto(`${worker.url}${path}`, { waitUntil: "load" });
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
    }
    // The paste preview shows pasted text back, too.
    await page.goto(`${worker.url}/studio/t/${slug}/paste`);
    await page.getByLabel("Cells").fill(["Year\tHeadline\tText", ...PAYLOADS.map((p, i) => `${2000 + i}\t${p.replace(/\t/g, " ")}\t${p}`)].join("\n"));
    await Promise.all([page.waitForURL(/\/paste$/), page.getByRole("button", { name: "Preview" }).click()]);
    await page.locator("caption").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(logged.filter((l) => l.includes(MARK) || l.startsWith("dialog"))).toEqual([]);
    await context.close();
  }, 120_000);
});

describe("the studio without JavaScript", () => {
  let context: BrowserContext;
  let page: Page;
  const slug = "desk-plain";

  beforeAll(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, locale: "en-US" });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  it("signs in, creates a timeline, and creates and edits entries with plain forms", async () => {
    await signIn(page, false);
    await createTimeline(page, slug, "Plain desk", false);
    await page.getByRole("link", { name: "New event" }).click();
    await page.getByLabel("Headline").fill("Summit opens");
    await page.getByLabel("Date", { exact: true }).fill("3/4/2025");
    await page.getByRole("button", { name: "Add a source" }).click();
    // Another source row, nothing saved, what was typed kept.
    await page.locator("#f-src_url_1").waitFor();
    expect(page.url()).toBe(`${worker.url}/studio/t/${slug}/new`);
    expect(await page.getByLabel("Headline").inputValue()).toBe("Summit opens");
    await page.locator("#f-src_url_0").fill("https://example.org/summit");
    await page.locator("#f-src_title_0").fill("Announcement");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // Without the script the date is read back before anything is stored.
    await page.locator(".note").first().waitFor();
    expect(page.url()).toBe(`${worker.url}/studio/t/${slug}/new`);
    expect(await page.locator(".note").first().innerText()).toContain("Check the dates");
    expect(await page.locator("#f-start-hint").innerText()).toBe("March 4, 2025 · day (day and month could also be read the other way round)");
    expect(await page.getByLabel("Date", { exact: true }).inputValue()).toBe("2025-03-04");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=created$/);
    await page.getByLabel("Headline").fill("Summit opens in Rome");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/done=saved$/);
    const items = (await (await fetch(`${worker.url}/v1/timelines/${slug}/entries`)).json()) as any;
    expect(items.items).toMatchObject([{ title: "Summit opens in Rome", start: "2025-03-04", sources: [{ url: "https://example.org/summit", title: "Announcement" }] }]);
  }, 120_000);

  it("shows a problem beside its field", async () => {
    await page.getByLabel("Headline").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator("#f-title-error").waitFor();
    expect(await page.locator("#f-title-error").innerText()).toBe("must not be empty");
    expect(await page.getByLabel("Headline").getAttribute("aria-invalid")).toBe("true");
  }, 120_000);
});
