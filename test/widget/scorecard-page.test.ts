/**
 * `/t/{slug}?view=scorecard` (and `&maker=`): the scorecard on the public page, with the page's
 * head (canonical URL and hreflang versions naming the view, oEmbed, feeds), the list and the
 * scorecard linked to each other, and a bad `view` answered with a readable page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline } from "../support/api";
import { one, select } from "./html";

const ORIGIN = "https://timeline.test";
const SLUG = "scorecard-page";

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT, ...headers } });
  return { res, html: await res.text() };
}

const pledge = (title: string, maker: string, value: number, delivered: number) => ({
  kind: "commitment",
  title,
  start: "2024-11-26",
  commitment: {
    status: delivered ? "partially_fulfilled" : "announced",
    made_by: [maker],
    tranches: [
      { phase: "committed", date: "2024-11-26", amount: { value, currency: "EUR" } },
      ...(delivered ? [{ phase: "delivered", date: "2025-01-10", amount: { value: delivered, currency: "EUR" } }] : []),
    ],
  },
});

describe("the scorecard on the public page", () => {
  beforeAll(async () => {
    await createTimeline(SLUG, { title: "Zusagen für die Ukraine", language: "de", languages: ["de", "en"] });
    await createEntry(SLUG, pledge("Energiefonds", "Deutschland", 2e9, 5e8));
    await createEntry(SLUG, pledge("Wiederaufbau", "Frankreich", 1e9, 0));
    await createTimeline("events-only", { title: "Nur Ereignisse", language: "en" });
    await createEntry("events-only", { title: "Meeting", start: "2024-11-25" });
  });

  it("shows the scorecard's table of makers on the page", async () => {
    const { res, html } = await get(`/t/${SLUG}?view=scorecard`);
    expect(res.status).toBe(200);
    expect((await one(html, "h1")).text).toBe("Zusagen für die Ukraine");
    expect((await one(html, "table caption")).text).toBe("Bilanz");
    const rows = (await select(html, "tbody th[scope=row]")).map((th) => th.text);
    expect(rows.sort()).toEqual(["Deutschland", "Frankreich"]);
    expect((await one(html, "tfoot th")).text).toBe("Alle Geber");
    expect((await one(html, "title")).text).toBe("Zusagen für die Ukraine: Bilanz");
    // The scorecard, not the list of entries.
    expect(await select(html, "[data-list]")).toEqual([]);
  });

  it("names the view in its canonical URL, its language versions, oEmbed and OpenGraph, and keeps the feeds", async () => {
    const { html } = await get(`/t/${SLUG}?view=scorecard`);
    expect((await one(html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/${SLUG}?view=scorecard`);
    const versions = (await select(html, "link[hreflang]")).map((l) => [l.attrs.hreflang, l.attrs.href]);
    expect(versions).toEqual([
      ["de", `${ORIGIN}/t/${SLUG}?view=scorecard`],
      ["en", `${ORIGIN}/t/${SLUG}?lang=en&view=scorecard`],
      ["x-default", `${ORIGIN}/t/${SLUG}?view=scorecard`],
    ]);
    const oembed = new URL((await one(html, 'link[type="application/json+oembed"]')).attrs.href!);
    expect(oembed.searchParams.get("url")).toBe(`${ORIGIN}/t/${SLUG}?view=scorecard`);
    const answer = await call("GET", oembed.pathname + oembed.search, { token: null });
    expect(answer.status).toBe(200);
    expect((await answer.json<{ html: string }>()).html).toContain(`/embed/${SLUG}?view=scorecard`);
    expect((await one(html, 'meta[property="og:url"]')).attrs.content).toBe(`${ORIGIN}/t/${SLUG}?view=scorecard`);
    expect((await select(html, 'link[type="application/atom+xml"]')).map((l) => l.attrs.href)).toEqual([
      `${ORIGIN}/v1/timelines/${SLUG}/feed.atom`,
      `${ORIGIN}/v1/timelines/${SLUG}/changes.atom`,
    ]);
    const data = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!);
    expect(data).toMatchObject({ url: `${ORIGIN}/t/${SLUG}?view=scorecard`, workTranslation: [{ url: `${ORIGIN}/t/${SLUG}?lang=en&view=scorecard`, inLanguage: "en" }] });
    // The snippet embeds the same view.
    expect((await one(html, "#snippet")).text).toContain(`data-timeline="${SLUG}" data-view="scorecard"`);
  });

  it("shows one maker's scorecard, the maker in its canonical URL and versions", async () => {
    const { res, html } = await get(`/t/${SLUG}?lang=en&view=scorecard&maker=Deutschland`);
    expect(res.status).toBe(200);
    expect((await select(html, "tbody th[scope=row]")).map((th) => th.text)).toEqual(["Deutschland"]);
    expect((await one(html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/${SLUG}?lang=en&view=scorecard&maker=Deutschland`);
    expect((await select(html, "link[hreflang]")).map((l) => l.attrs.href)).toEqual([
      `${ORIGIN}/t/${SLUG}?view=scorecard&maker=Deutschland`,
      `${ORIGIN}/t/${SLUG}?lang=en&view=scorecard&maker=Deutschland`,
      `${ORIGIN}/t/${SLUG}?view=scorecard&maker=Deutschland`,
    ]);
    expect((await one(html, "table caption")).text).toBe("Scorecard");
  });

  it("links the list and the scorecard to each other, the one shown marked, in the reader's language", async () => {
    const list = await get(`/t/${SLUG}?lang=en`);
    // Apart from the language links.
    expect((await one(list.html, "nav.lng")).attrs["aria-label"]).toBe("Language");
    const fromList = (await select(list.html, 'nav[aria-label="Views"] a')).map((a) => [a.text, a.attrs.href, a.attrs["aria-current"] ?? null]);
    expect(fromList).toEqual([
      ["Timeline", `/t/${SLUG}?lang=en`, "page"],
      ["Scorecard", `/t/${SLUG}?lang=en&view=scorecard`, null],
    ]);
    const card = await get(`/t/${SLUG}?view=scorecard&maker=Frankreich`);
    const fromCard = (await select(card.html, 'nav[aria-label="Ansichten"] a')).map((a) => [a.text, a.attrs.href, a.attrs["aria-current"] ?? null]);
    expect(fromCard).toEqual([
      ["Zeitleiste", `/t/${SLUG}`, null],
      ["Bilanz", `/t/${SLUG}?view=scorecard`, "page"],
    ]);
    // Both links lead to pages that render.
    for (const [, href] of fromList) expect((await get(href!)).res.status).toBe(200);
  });

  it("offers no scorecard link on a timeline without commitments", async () => {
    const { html } = await get("/t/events-only");
    expect(await select(html, 'nav[aria-label="Views"]')).toEqual([]);
    expect(html).not.toContain("view=scorecard");
  });

  it("keeps the list page as it was: canonical without a view", async () => {
    const { html } = await get(`/t/${SLUG}`);
    expect((await one(html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/${SLUG}`);
    expect(await select(html, "[data-list]")).toHaveLength(1);
  });

  it("answers a bad view with a readable 400 page naming the parameter", async () => {
    const { res, html } = await get(`/t/${SLUG}?view=pie`);
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect((await one(html, "h1")).text).toBe("This timeline cannot be shown");
    expect((await one(html, "li code")).text).toBe("view");
    const api = await call("GET", `/t/${SLUG}?view=pie`, { token: null, headers: { Accept: "application/json" } });
    expect(api.status).toBe(400);
    expect(api.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  });
});
