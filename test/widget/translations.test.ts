/**
 * The widget and the public page in several languages: text in the language asked for, fallen-back
 * text with its own `lang` and a discreet "original" marker, one page URL per published language
 * linked by hreflang, JSON-LD per language, and caches that never mix languages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";
import { one, select } from "./html";

const ORIGIN = "https://timeline.test";

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT, ...headers } });
  return { res, html: await res.text() };
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  await createTimeline("multi", { title: "G7 und die Ukraine", language: "de", languages: ["en", "uk"], time_zone: "Europe/Berlin" });
  ids.full = (
    await createEntry("multi", {
      title: "Treffen in Fiuggi",
      body: "Die Außenminister treffen sich.",
      location: "Fiuggi, Italien",
      start: "2024-11-25",
      translations: { en: { title: "Meeting in Fiuggi", body: "The foreign ministers meet.", location: "Fiuggi, Italy" } },
    })
  ).id;
  ids.none = (await createEntry("multi", { title: "Sanktionen gegen Gazprom", body: "Die Bank steht auf der Liste.", start: "2024-11-26" })).id;
  ids.part = (
    await createEntry("multi", {
      title: "Energiehilfe",
      body: "Zwei Milliarden Dollar.",
      start: "2024-11-27",
      display_date: "Ende November",
      translations: { en: { title: "Energy aid" } },
    })
  ).id;
});

describe("the widget in a published language", () => {
  it("shows translated text as the page's own, and fallen-back text in its language, marked as the original", async () => {
    const { html } = await get("/embed/multi?lang=en");
    expect((await one(html, "html")).attrs).toMatchObject({ lang: "en", dir: "ltr" });

    const full = await one(html, `#entry-${ids.full} h3`);
    expect(full).toEqual({ attrs: {}, text: "Meeting in Fiuggi" });
    expect(await select(html, `#entry-${ids.full} [lang]`)).toEqual([]);
    expect(await select(html, `#entry-${ids.full} .og`)).toEqual([]);
    expect((await one(html, `#entry-${ids.full} dd`)).text).toBe("Fiuggi, Italy");

    const none = await one(html, `#entry-${ids.none} h3`);
    expect(none).toEqual({ attrs: { lang: "de", dir: "ltr" }, text: "Sanktionen gegen Gazprom" });
    expect((await one(html, `#entry-${ids.none} div[lang]`)).attrs.lang).toBe("de");
    const marker = await one(html, `#entry-${ids.none} .og`);
    expect(marker.text).toBe("original");
    expect(marker.attrs.title).toBe("Not translated yet: shown as originally written");
    expect(marker.attrs.lang).toBeUndefined();

    // Partly translated: the title is English; the body and the display date keep German.
    expect(await one(html, `#entry-${ids.part} h3`)).toEqual({ attrs: {}, text: "Energy aid" });
    expect((await one(html, `#entry-${ids.part} div[lang]`)).text).toBe("Zwei Milliarden Dollar.");
    expect((await one(html, `#entry-${ids.part} p span[lang]`)).text).toBe("Ende November");
    expect(await select(html, `#entry-${ids.part} .og`)).toHaveLength(1);
  });

  it("marks nothing in the source language", async () => {
    for (const path of ["/embed/multi", "/embed/multi?lang=de"]) {
      const { html } = await get(path);
      expect(await select(html, "li [lang]"), path).toEqual([]);
      expect(await select(html, ".og"), path).toEqual([]);
      expect((await one(html, `#entry-${ids.full} h3`)).text).toBe("Treffen in Fiuggi");
    }
  });

  it("falls back en-GB → en without calling English the original, naming the language it shows", async () => {
    const { html } = await get("/embed/multi?lang=en-GB");
    expect((await one(html, "html")).attrs.lang).toBe("en-GB");
    expect(await one(html, `#entry-${ids.full} h3`)).toEqual({ attrs: { lang: "en", dir: "ltr" }, text: "Meeting in Fiuggi" });
    expect(await select(html, `#entry-${ids.full} .og`)).toEqual([]);
    expect(await select(html, `#entry-${ids.none} .og`)).toHaveLength(1);
  });

  it("keeps the source text's language but adds no marker where the timeline is not published in the language asked for", async () => {
    const { html } = await get("/embed/multi?lang=fr");
    expect((await one(html, `#entry-${ids.full} h3`)).attrs).toEqual({ lang: "de", dir: "ltr" });
    expect(await select(html, ".og")).toEqual([]);
  });
});

describe("caches never serve one language's text for another", () => {
  const titleOf = async (path: string) => {
    const { res, html } = await get(path);
    return { cache: res.headers.get("X-Cache"), title: (await one(html, `#entry-${ids.full} h3`)).text, html };
  };

  it("reads de, en, de again after a write to the English text", async () => {
    await createTimeline("flip", { language: "de", languages: ["en"] });
    const { id } = await createEntry("flip", { title: "Gipfel", start: "2024", translations: { en: { title: "Summit" } } });
    ids.flip = id;
    const read = async (lang: string) => {
      const { res, html } = await get(`/embed/flip?lang=${lang}`);
      return { cache: res.headers.get("X-Cache"), title: (await one(html, `#entry-${id} h3`)).text };
    };
    const api = async (lang: string) => (await json(await call("GET", `/v1/timelines/flip/entries?lang=${lang}`, { token: null }))).items[0].title;

    expect(await read("de")).toEqual({ cache: "MISS", title: "Gipfel" });
    expect(await read("en")).toEqual({ cache: "MISS", title: "Summit" });
    expect(await read("de")).toEqual({ cache: "HIT", title: "Gipfel" });
    expect(await read("en")).toEqual({ cache: "HIT", title: "Summit" });
    expect(await api("en")).toBe("Summit");

    await call("PUT", `/v1/timelines/flip/entries/${id}/translations/en`, { body: { title: "The summit" } });

    expect((await read("de")).title).toBe("Gipfel");
    expect((await read("en")).title).toBe("The summit");
    expect((await read("de")).title).toBe("Gipfel");
    expect(await api("en")).toBe("The summit");
    expect(await api("de")).toBe("Gipfel");
  });

  it("tags each language's pages for purging apart, and names their language", async () => {
    const tags = async (path: string) => {
      const { res } = await get(path);
      return { tags: res.headers.get("Cache-Tag")!.split(","), language: res.headers.get("Content-Language") };
    };
    expect(await tags("/embed/flip")).toEqual({ tags: ["timeline-flip"], language: null });
    expect(await tags("/embed/flip?lang=en")).toEqual({ tags: ["timeline-flip", "timeline-flip~lang-en"], language: "en" });
    expect(await tags("/t/flip?lang=en-GB")).toEqual({
      tags: ["timeline-flip", "timeline-flip~lang-en-gb", "timeline-flip~lang-en"],
      language: "en-GB",
    });
  });

  it("answers no differently for another Accept-Language", async () => {
    const a = await get("/embed/flip", { "Accept-Language": "en" });
    const b = await get("/embed/flip", { "Accept-Language": "de" });
    expect(a.html).toBe(b.html);
    expect(a.res.headers.get("ETag")).toBe(b.res.headers.get("ETag"));
    expect(a.res.headers.get("Vary") ?? "").not.toMatch(/accept-language/i);
    const page = await get("/t/flip", { "Accept-Language": "en" });
    expect(page.res.status).toBe(200);
    expect((await one(page.html, `#entry-${ids.flip} h3`)).text).toBe("Gipfel");
  });
});

describe("the public page per language", () => {
  const hreflang = async (html: string) =>
    Object.fromEntries((await select(html, 'link[rel="alternate"][hreflang]')).map((l) => [l.attrs.hreflang!, l.attrs.href!])) as Record<string, string>;

  it("links every published language and x-default by hreflang, the same set from every version (reciprocal)", async () => {
    const { html } = await get("/t/multi");
    const set = await hreflang(html);
    expect(set).toEqual({
      de: `${ORIGIN}/t/multi`,
      en: `${ORIGIN}/t/multi?lang=en`,
      uk: `${ORIGIN}/t/multi?lang=uk`,
      "x-default": `${ORIGIN}/t/multi`,
    });
    for (const [lang, href] of Object.entries(set)) {
      const version = await get(new URL(href).pathname + new URL(href).search);
      expect(version.res.status).toBe(200);
      expect(await hreflang(version.html), `from the ${lang} version`).toEqual(set);
      // Each version names itself canonical, so the set points at canonical URLs only.
      expect((await one(version.html, 'link[rel="canonical"]')).attrs.href).toBe(href);
    }
  });

  it("has one URL per language: a variant of a language or an unpublished one is canonically another", async () => {
    expect((await one((await get("/t/multi?lang=en-GB")).html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/multi?lang=en`);
    expect((await one((await get("/t/multi?lang=fr")).html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/multi`);
    expect((await one((await get("/t/multi?lang=de")).html, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/t/multi`);
  });

  it("carries JSON-LD that parses: a Dataset in the page's language, a translation of the source page, feeds in that language", async () => {
    const { html } = await get("/t/multi?lang=en");
    const raw = (await one(html, 'script[type="application/ld+json"]')).text;
    const data = JSON.parse(raw);
    expect(data).toMatchObject({
      "@type": "Dataset",
      "@id": `${ORIGIN}/t/multi?lang=en`,
      inLanguage: "en",
      translationOfWork: { "@id": `${ORIGIN}/t/multi` },
    });
    expect(data.distribution.map((d: any) => d.contentUrl)).toContain(`${ORIGIN}/v1/timelines/multi/feed.json?lang=en`);
    expect(data.hasPart.map((p: any) => p.name)).toEqual(["Meeting in Fiuggi", "Sanktionen gegen Gazprom", "Energy aid"]);

    const source = JSON.parse((await one((await get("/t/multi")).html, 'script[type="application/ld+json"]')).text);
    expect(source.inLanguage).toBe("de");
    expect(source.workTranslation).toEqual([
      { "@type": "Dataset", "@id": `${ORIGIN}/t/multi?lang=en`, url: `${ORIGIN}/t/multi?lang=en`, inLanguage: "en" },
      { "@type": "Dataset", "@id": `${ORIGIN}/t/multi?lang=uk`, url: `${ORIGIN}/t/multi?lang=uk`, inLanguage: "uk" },
    ]);
  });

  it("links its language versions by name, offers the embed snippet and feeds in its language", async () => {
    const { html } = await get("/t/multi?lang=en");
    const links = await select(html, "nav.lng a");
    expect(links.map((a) => [a.text, a.attrs.lang, a.attrs.hreflang, a.attrs["aria-current"]])).toEqual([
      ["Deutsch", "de", "de", undefined],
      ["English", "en", "en", "page"],
      ["Українська", "uk", "uk", undefined],
    ]);
    expect((await one(html, "nav.lng")).attrs["aria-label"]).toBe("Language");
    expect((await one(html, "textarea#snippet")).text).toBe(
      `<div data-timeline="multi" data-lang="en"></div><script async src="${ORIGIN}/embed.js"></script>`,
    );
    // The timeline's feed and the changes feed, both in the page's language.
    expect((await select(html, 'link[type="application/atom+xml"]')).map((l) => l.attrs.href)).toEqual([
      `${ORIGIN}/v1/timelines/multi/feed.atom?lang=en`,
      `${ORIGIN}/v1/timelines/multi/changes.atom?lang=en`,
    ]);
  });

  it("shows no language links for a timeline published in one language", async () => {
    await createTimeline("single", { language: "de" });
    const single = await get("/t/single");
    expect(await select(single.html, "nav.lng")).toEqual([]);
    expect(await select(single.html, "link[hreflang]")).toEqual([]);
  });
});

describe("translated text is text", () => {
  it("is escaped in the widget, the page and its JSON-LD like the source text", async () => {
    const hostile = `<img src=x onerror=alert(1)> "</script><script>alert(2)</script>`;
    await createTimeline("tr-hostile", { language: "de", languages: ["en"] });
    const { id } = await createEntry("tr-hostile", { title: "Harmlos", start: "2024", translations: { en: { title: hostile, body: hostile } } });
    for (const path of ["/embed/tr-hostile?lang=en", "/t/tr-hostile?lang=en"]) {
      const { html } = await get(path);
      expect(html, path).not.toContain("<img");
      expect(html, path).not.toContain("<script>alert");
      expect((await one(html, `#entry-${id} h3`)).text, path).toBe(hostile);
    }
    const { html } = await get("/t/tr-hostile?lang=en");
    const data = JSON.parse((await one(html, 'script[type="application/ld+json"]')).text);
    expect(data.hasPart[0].name).toBe(hostile);
  });
});

describe("oEmbed in a language", () => {
  it("embeds the widget in the language of the page URL, or the one asked for", async () => {
    const fromUrl = await json(await call("GET", `/oembed?url=${encodeURIComponent(`${ORIGIN}/t/multi?lang=en`)}`, { token: null }));
    expect(new URL((await one(fromUrl.html, "iframe")).attrs.src!).searchParams.get("lang")).toBe("en");
    const asked = await json(await call("GET", `/oembed?url=${encodeURIComponent(`${ORIGIN}/t/multi`)}&lang=uk`, { token: null }));
    expect(new URL((await one(asked.html, "iframe")).attrs.src!).searchParams.get("lang")).toBe("uk");
  });
});
