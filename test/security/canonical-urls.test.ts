/**
 * One spelling per public read URL. Internal cache keys come from the validated, normalised query
 * only; any other spelling of a public read (unknown or tracking parameters, `limit=05`, another
 * parameter order, empty values) gets a small cacheable redirect to the canonical URL, so the
 * front cache, which keys on the full URL, holds one redirect per spelling and never a render.
 * The service's own links (widget, feeds, oEmbed, loader) are canonical already.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { QUERY_ORDER } from "../../src/http/canonical";
import { VIEW_KEYS } from "../../src/http/html/options";
import { BASE, BROWSER_ACCEPT, createEntry, createTimeline, json } from "../support/api";

/** A GET as a client sends it, without following redirects (the tests look at them). */
const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`${BASE}${path}`, { headers, redirect: "manual" }));
const SLUG = "canon";

describe("a non-canonical spelling of a public read", () => {
  beforeAll(async () => {
    await createTimeline(SLUG, { language: "de" });
    await createEntry(SLUG, { title: "Eins", start: "2024-01", tags: ["Ä"] });
    await createEntry(SLUG, { kind: "commitment", title: "Zwei", start: "2024-02", commitment: { status: "announced" } });
    await createEntry(SLUG, { kind: "commitment", title: "Drei", start: "2024-03", commitment: { status: "fulfilled" } });
    await createTimeline("canon-private", { visibility: "private" });
  });

  it.each([
    [`/v1/timelines/${SLUG}/entries?zz=1`, `/v1/timelines/${SLUG}/entries`],
    [`/v1/timelines/${SLUG}/entries?utm_source=news&tag=%C3%84`, `/v1/timelines/${SLUG}/entries?tag=%C3%84`],
    [`/v1/timelines/${SLUG}/entries?limit=05`, `/v1/timelines/${SLUG}/entries?limit=5`],
    [`/v1/timelines/${SLUG}/entries?limit=5.0`, `/v1/timelines/${SLUG}/entries?limit=5`],
    [`/v1/timelines/${SLUG}/entries?limit=5&kind=event`, `/v1/timelines/${SLUG}/entries?kind=event&limit=5`],
    [`/v1/timelines/${SLUG}/entries?from=2024-11-26t10:00:00z`, `/v1/timelines/${SLUG}/entries?from=2024-11-26T10%3A00%3A00Z`],
    [`/v1/timelines/${SLUG}/entries?q=&order=asc`, `/v1/timelines/${SLUG}/entries?order=asc`],
    [`/v1/timelines/${SLUG}/feed.atom?q=%20Gazprom%20%20Sanktionen%20`, `/v1/timelines/${SLUG}/feed.atom?q=Gazprom+Sanktionen`],
    [`/v1/timelines/${SLUG}?fbclid=x`, `/v1/timelines/${SLUG}`],
    [`/embed/${SLUG}?theme=dark&lang=DE_at`, `/embed/${SLUG}?lang=de-AT&theme=dark`],
    [`/t/${SLUG}?limit=1&status=fulfilled&ref=x`, `/t/${SLUG}?status=fulfilled&limit=1`],
    [`/oembed?format=json&url=https%3A%2F%2Ftimeline.test%2Ft%2Fcanon%3Fzz%3D1%23frag`, `/oembed?url=https%3A%2F%2Ftimeline.test%2Ft%2Fcanon&format=json`],
    [`/?cursor=t007`, `/?cursor=t7`],
    [`/v1/timelines?limit=010`, `/v1/timelines?limit=10`],
  ])("%s is redirected to its canonical URL", async (path, canonical) => {
    const res = await get(path, { Accept: BROWSER_ACCEPT });
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(canonical);
    expect(res.headers.get("Cache-Control")).toMatch(/public.*max-age=\d+/);
    expect(await res.text()).toBe("");
    // The target is canonical: no second redirect.
    const target = await get(canonical, { Accept: BROWSER_ACCEPT });
    expect(target.status).toBe(200);
  });

  it("is answered the same for a private, a missing and a public timeline (it depends on the URL alone)", async () => {
    const locations = [];
    for (const slug of ["canon-private", "canon-nowhere", SLUG]) {
      const res = await get(`/v1/timelines/${slug}/entries?zz=1&limit=5`);
      expect(res.status).toBe(301);
      locations.push(res.headers.get("Location"));
    }
    expect(locations).toEqual(["canon-private", "canon-nowhere", SLUG].map((s) => `/v1/timelines/${s}/entries?limit=5`));
  });

  it("that is not valid is refused, not redirected", async () => {
    const res = await get(`/v1/timelines/${SLUG}/entries?zz=1&limit=0`);
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([{ parameter: "limit", detail: expect.any(String) }]);
  });
});

describe("the internal cache key", () => {
  it("is the validated query with its defaults: a default named or not is one representation", async () => {
    const plain = await get(`/v1/timelines/${SLUG}/entries?kind=event`);
    const named = await get(`/v1/timelines/${SLUG}/entries?kind=event&order=asc&limit=50`);
    expect(plain.status).toBe(200);
    expect(named.status).toBe(200);
    expect(named.headers.get("ETag")).toBe(plain.headers.get("ETag"));
    expect(named.headers.get("X-Cache")).toBe("HIT");
  });
});

describe("the service's own links", () => {
  it("are canonical in the widget and on the page: summary, filter and more links", async () => {
    for (const path of [`/embed/${SLUG}?lang=en&limit=1`, `/t/${SLUG}?theme=dark&status=announced&limit=1`]) {
      const page = await (await get(path, { Accept: BROWSER_ACCEPT })).text();
      const hrefs = [...page.matchAll(/href="(\/(?:embed|t)\/[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
      expect(hrefs.length, path).toBeGreaterThan(2);
      for (const href of hrefs) expect((await get(href, { Accept: BROWSER_ACCEPT })).status, href).toBe(200);
    }
  });

  it("are canonical in feed paging and oEmbed", async () => {
    const feed = await get(`/v1/timelines/${SLUG}/feed.json?tag=%C3%84&order=asc&limit=1`.replace("tag=%C3%84&", ""));
    const next = /<([^>]+)>; rel="next"/.exec(feed.headers.get("Link") ?? "")?.[1];
    expect(next).toBeDefined();
    expect((await get(new URL(next!).pathname + new URL(next!).search)).status).toBe(200);
    const asked = await get(`/oembed?url=${encodeURIComponent(`https://timeline.test/t/${SLUG}?limit=2&lang=de&zz=1`)}`);
    expect(asked.status).toBe(301);
    const oembed = await json(await get(asked.headers.get("Location")!));
    const src = /src="([^"]+)"/.exec(oembed.html)![1]!.replace(/&amp;/g, "&");
    expect(src).toBe(`https://timeline.test/embed/${SLUG}?lang=de&limit=2`);
    expect((await get(new URL(src).pathname + new URL(src).search, { Accept: BROWSER_ACCEPT })).status).toBe(200);
    // Values in the pasted URL are normalised for the iframe too.
    const spelled = await json(await get(`/oembed?url=${encodeURIComponent(`https://timeline.test/t/${SLUG}?lang=DE&limit=02`)}`));
    expect(/src="([^"]+)"/.exec(spelled.html)![1]!.replace(/&amp;/g, "&")).toBe(`https://timeline.test/embed/${SLUG}?lang=de&limit=2`);
  });

  it("are written by the loader in the canonical order", () => {
    const order = QUERY_ORDER.filter((k) => (VIEW_KEYS as readonly string[]).includes(k));
    expect([...VIEW_KEYS]).toEqual(order);
  });
});
