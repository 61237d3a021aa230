/**
 * `/t/{slug}` (discovery links, OpenGraph, JSON-LD, canonical, the snippet), `/` (public
 * timelines with snippets and previews) and the scripts `/embed.js` and `/embed/widget.*.js`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline } from "../support/api";
import { one, select } from "./html";

const ORIGIN = "https://timeline.test";

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT, ...headers } });
  return { res, html: await res.text() };
}

describe("the public page /t/{slug}", () => {
  let entryId = "";

  beforeAll(async () => {
    await createTimeline("g7-page", {
      title: "G7 und die Ukraine",
      description: "Ereignisse und Zusagen rund um das Treffen.\n\nZweiter Absatz mit https://www.g7italy.it/.",
      language: "de",
    });
    entryId = (await createEntry("g7-page", { title: "Treffen", start: "2024-11-25", end: "2024-11-26", location: "Fiuggi", body: "Zwei Tage." })).id;
    await createEntry("g7-page", { kind: "commitment", title: "Hilfe", start: "2024-11-26", commitment: { status: "announced" } });
  });

  it("announces oEmbed, JSON Feed and Atom in the head, rendered on the server", async () => {
    const { res, html } = await get("/t/g7-page");
    expect(res.status).toBe(200);
    const oembed = await one(html, 'link[type="application/json+oembed"]');
    expect(oembed.attrs.rel).toBe("alternate");
    expect(oembed.attrs.title).toBe("G7 und die Ukraine");
    const target = new URL(oembed.attrs.href!);
    expect(target.origin + target.pathname).toBe(`${ORIGIN}/oembed`);
    expect(target.searchParams.get("url")).toBe(`${ORIGIN}/t/g7-page`);
    expect(target.searchParams.get("format")).toBe("json");
    // The timeline's feeds first, then the changes feeds of its commitments.
    expect((await select(html, 'link[type="application/feed+json"]')).map((l) => [l.attrs.rel, l.attrs.href])).toEqual([
      ["alternate", `${ORIGIN}/v1/timelines/g7-page/feed.json`],
      ["alternate", `${ORIGIN}/v1/timelines/g7-page/changes.json`],
    ]);
    expect((await select(html, 'link[type="application/atom+xml"]')).map((l) => [l.attrs.rel, l.attrs.href])).toEqual([
      ["alternate", `${ORIGIN}/v1/timelines/g7-page/feed.atom`],
      ["alternate", `${ORIGIN}/v1/timelines/g7-page/changes.atom`],
    ]);
    expect((await one(html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/g7-page`);
  });

  it("follows the discovery link to a working oEmbed answer", async () => {
    const { html } = await get("/t/g7-page");
    const href = new URL((await one(html, 'link[type="application/json+oembed"]')).attrs.href!);
    const res = await call("GET", href.pathname + href.search, { token: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "rich", title: "G7 und die Ukraine" });
  });

  it("carries OpenGraph and a description", async () => {
    const { html } = await get("/t/g7-page");
    const og = Object.fromEntries((await select(html, "meta[property^='og:']")).map((m) => [m.attrs.property, m.attrs.content]));
    expect(og).toMatchObject({
      "og:title": "G7 und die Ukraine",
      "og:type": "website",
      "og:url": `${ORIGIN}/t/g7-page`,
      "og:description": "Ereignisse und Zusagen rund um das Treffen. Zweiter Absatz mit https://www.g7italy.it/.",
    });
    expect((await one(html, 'meta[name="description"]')).attrs.content).toBe(og["og:description"]);
  });

  it("carries schema.org JSON-LD: a Dataset in its language, the feeds as downloads, the entries shown as parts", async () => {
    const { html } = await get("/t/g7-page");
    const raw = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(raw);
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Dataset",
      name: "G7 und die Ukraine",
      url: `${ORIGIN}/t/g7-page`,
      inLanguage: "de",
      isAccessibleForFree: true,
    });
    expect(JSON.stringify(data)).not.toContain('"Event"');
    expect(data.distribution).toContainEqual({
      "@type": "DataDownload",
      name: "JSON Feed",
      encodingFormat: "application/feed+json",
      contentUrl: `${ORIGIN}/v1/timelines/g7-page/feed.json`,
    });
    expect(data.distribution.map((d: any) => [d.name, d.encodingFormat])).toEqual([
      ["JSON Feed", "application/feed+json"],
      ["Atom", "application/atom+xml"],
      ["iCalendar", "text/calendar"],
      ["changes, JSON Feed", "application/feed+json"],
      ["changes, Atom", "application/atom+xml"],
      ["TimelineJS", "application/json"],
      ["CSV", "text/csv"],
    ]);
    expect(data.hasPart).toHaveLength(2);
    expect(data.hasPart[0]).toEqual({
      "@type": "CreativeWork",
      "@id": `${ORIGIN}/t/g7-page#entry-${entryId}`,
      url: `${ORIGIN}/t/g7-page#entry-${entryId}`,
      name: "Treffen",
      temporalCoverage: "2024-11-25/2024-11-26",
      description: "Zwei Tage.",
      contentLocation: { "@type": "Place", name: "Fiuggi" },
    });
  });

  it("shows the timeline inline, works without JavaScript, and offers the embed snippet", async () => {
    const { html } = await get("/t/g7-page");
    expect((await one(html, "h1")).text).toBe("G7 und die Ukraine");
    expect((await select(html, "header p")).map((p) => p.text)).toEqual([
      "Ereignisse und Zusagen rund um das Treffen.",
      "Zweiter Absatz mit https://www.g7italy.it/.",
    ]);
    expect((await select(html, "li[id] h3")).map((h) => h.text)).toEqual(["Treffen", "Hilfe"]);
    expect((await one(html, `li#entry-${entryId} h3 a`)).attrs.href).toBe(`#entry-${entryId}`);
    const snippet = await one(html, "textarea#snippet");
    expect(snippet.text).toBe(`<div data-timeline="g7-page"></div><script async src="${ORIGIN}/embed.js"></script>`);
    expect((await one(html, "button[data-copy]")).attrs).toMatchObject({ "data-copy": "snippet", hidden: "" });
    const feeds = (await select(html, "section.card a")).map((a) => a.attrs.href);
    expect(feeds).toContain(`${ORIGIN}/v1/timelines/g7-page/feed.json`);
  });

  it("pages on its own path and takes the widget's options", async () => {
    const { html } = await get("/t/g7-page?limit=1&lang=en&theme=dark");
    expect((await one(html, "html")).attrs).toMatchObject({ lang: "en", "data-theme": "dark" });
    const more = new URL((await one(html, "a.more")).attrs.href!, ORIGIN);
    expect(more.pathname).toBe("/t/g7-page");
    expect(more.searchParams.get("cursor")).toBeTruthy();
    const bad = await get("/t/g7-page?limit=0");
    expect(bad.res.status).toBe(400);
    expect(bad.res.headers.get("Content-Type")).toMatch(/^text\/html/);
  });

  it("is an edge-cached public read with validators", async () => {
    const { res } = await get("/t/g7-page");
    expect(res.headers.get("ETag")).toBeTruthy();
    expect(res.headers.get("Cache-Control")).toMatch(/s-maxage=\d+.*stale-while-revalidate/);
    expect(res.headers.get("Cache-Tag")).toBe("timeline-g7-page");
    const again = await get("/t/g7-page", { "If-None-Match": res.headers.get("ETag")! });
    expect(again.res.status).toBe(304);
  });

  it("shows an edit right after it is made", async () => {
    await get("/t/g7-page");
    await createEntry("g7-page", { title: "Neu hinzugefügt", start: "2024-12" });
    expect((await select((await get("/t/g7-page")).html, "li[id] h3")).map((h) => h.text)).toContain("Neu hinzugefügt");
    expect((await select((await get("/embed/g7-page")).html, "li[id] h3")).map((h) => h.text)).toContain("Neu hinzugefügt");
  });
});

describe("the landing page /", () => {
  beforeAll(async () => {
    await createTimeline("alpha", { title: "Alpha timeline", description: "About alpha.", language: "en" });
    await createTimeline("beta", { title: "Beta-Zeitleiste", language: "de" });
    await createTimeline("hidden", { title: "Hidden timeline", visibility: "unlisted" });
  });

  it("lists the public timelines, each with its copy-paste snippet and a lazy live preview", async () => {
    const { res, html } = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const cards = await select(html, "article.card");
    expect(cards.length).toBeGreaterThanOrEqual(2);
    expect((await select(html, "article h2 a")).map((a) => [a.text, a.attrs.href])).toEqual(
      expect.arrayContaining([
        ["Alpha timeline", "/t/alpha"],
        ["Beta-Zeitleiste", "/t/beta"],
      ]),
    );
    expect(html).not.toContain("Hidden timeline");
    const snippet = await one(html, "textarea#s-alpha");
    expect(snippet.text).toBe(`<div data-timeline="alpha"></div><script async src="${ORIGIN}/embed.js"></script>`);
    expect((await one(html, 'label[for="s-alpha"]')).text).toBe("Embed snippet");
    const preview = (await select(html, "iframe")).find((f) => f.attrs.src?.startsWith("/embed/alpha"))!;
    expect(preview.attrs).toMatchObject({ loading: "lazy", title: "Preview: Alpha timeline", "data-timeline-frame": "" });
    expect((await select(html, "script")).map((s) => s.attrs.src)).toContain("/embed.js");
  });

  it("allows exactly what the previews need in its CSP", async () => {
    const { res } = await get("/");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("answers If-None-Match with 304 and a bad cursor with a readable 400", async () => {
    const { res } = await get("/");
    expect((await get("/", { "If-None-Match": res.headers.get("ETag")! })).res.status).toBe(304);
    const bad = await get("/?cursor=zzz");
    expect(bad.res.status).toBe(400);
    expect(bad.res.headers.get("Content-Type")).toMatch(/^text\/html/);
  });
});

describe("the scripts", () => {
  it("serves the loader cacheably, loadable from any site", async () => {
    const res = await call("GET", "/embed.js", { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(res.headers.get("Cache-Control")).toMatch(/max-age=\d+/);
    const source = await res.text();
    expect(source).toContain("d.currentScript");
    expect(source).toContain('f.loading="lazy"');
    expect(source).toContain("e.origin!==o");
    expect(source).toContain("f.contentWindow!==e.source");
    const etag = res.headers.get("ETag")!;
    expect((await call("GET", "/embed.js", { token: null, headers: { "If-None-Match": etag } })).status).toBe(304);
  });

  it("serves the widget script at a versioned URL, cached for a year", async () => {
    const { html } = await get("/");
    const src = (await select(html, "script[defer]"))[0]!.attrs.src!;
    expect(src).toMatch(/^\/embed\/widget\.[0-9a-f]{8}\.js$/);
    const res = await call("GET", src, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    const old = await call("GET", "/embed/widget.00000000.js", { token: null });
    expect(old.status).toBe(200);
    expect(old.headers.get("Cache-Control")).toBe("public, max-age=300");
  });
});
