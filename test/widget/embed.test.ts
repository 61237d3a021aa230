/**
 * `GET /embed/{slug}`: what the widget shows (structure, dates, amounts, status, progress, the
 * summary, the today marker), in which language and direction, filtered, ordered and paged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline } from "../support/api";
import { one, select } from "./html";

/** The current year where the demo timelines live (the today marker's year heading). */
const thisYear = new Intl.DateTimeFormat("en", { timeZone: "Europe/Berlin", year: "numeric" }).format(new Date());

/** What a reader sees: ICU's no-break and narrow spaces read as spaces. */
const seen = (text: string) => text.replace(/\s/g, " ");

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT, ...headers } });
  return { res, html: await res.text() };
}

describe("the widget of a German timeline", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await createTimeline("g7", { title: "G7 und die Ukraine", language: "de", time_zone: "Europe/Berlin" });
    ids.meeting = (
      await createEntry("g7", {
        title: "Treffen der G7-Außenminister",
        start: "2024-11-25",
        end: "2024-11-26",
        body: "Erster Absatz mit https://www.g7italy.it/de/treffen.\n\nZweiter Absatz\nmit Zeilenumbruch.",
        actors: ["G7", "Italien"],
        tags: ["Diplomatie"],
        location: "Fiuggi",
        sources: [{ url: "https://www.g7italy.it/", title: "G7 Italien", publisher: "Präsidentschaft" }],
      })
    ).id;
    ids.troops = (await createEntry("g7", { title: "Truppen", start: "2024-10", date_qualifier: "circa", tags: ["Krieg"] })).id;
    ids.decade = (await createEntry("g7", { title: "Abkommen", start: "2024", display_date: "im nächsten Jahrzehnt" })).id;
    ids.energy = (
      await createEntry("g7", {
        kind: "commitment",
        title: "Energiehilfe",
        start: "2024-11-26",
        actors: ["G7"],
        commitment: {
          status: "in_progress",
          due: "2025",
          amount: { value: 2_000_000_000, currency: "USD" },
          delivered: { value: 500_000_000, currency: "USD" },
          made_by: ["G7"],
          beneficiary: "Ukraine",
        },
      })
    ).id;
    ids.done = (
      await createEntry("g7", { kind: "commitment", title: "Erfüllt", start: "2024-11-20", commitment: { status: "fulfilled", due: "2020" } })
    ).id;
    ids.future = (
      await createEntry("g7", { kind: "commitment", title: "Zukunft", start: "2099-01-01", commitment: { status: "announced", due: "2099-12" } })
    ).id;
  });

  it("is a server-rendered HTML document in the timeline's language", async () => {
    const { res, html } = await page("/embed/g7");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const root = await one(html, "html");
    expect(root.attrs).toMatchObject({ lang: "de", dir: "ltr", "data-theme": "auto" });
    expect((await one(html, "title")).text).toBe("G7 und die Ukraine");
    expect((await one(html, "h1")).text).toBe("G7 und die Ukraine");
    expect((await one(html, "h1 a")).attrs.href).toBe("https://timeline.test/t/g7");
  });

  it("lists entries in an ordered list per year, each deep-linkable (#entry-{id}) with a heading and <time datetime>", async () => {
    const { html } = await page("/embed/g7");
    const years = await select(html, "section > h2");
    expect(years.map((y) => y.text)).toEqual(["2024", thisYear, "2099"]);
    expect((await select(html, "section > ol")).length).toBe(years.length);
    const items = await select(html, "li[id]");
    expect(items.map((i) => i.attrs.id)).toEqual(
      [ids.decade, ids.troops, ids.done, ids.meeting, ids.energy, ids.future].map((id) => `entry-${id}`),
    );
    // Inside an iframe nobody can copy a permalink: titles are plain headings here (the page links them).
    expect((await one(html, `li#entry-${ids.meeting} h3`)).text).toBe("Treffen der G7-Außenminister");
    expect(await select(html, "h3 a")).toHaveLength(0);
    expect((await one(html, `li#entry-${ids.meeting} time`)).attrs.datetime).toBe("2024-11-25");
  });

  it("formats dates at their own precision in German, with qualifier and display text", async () => {
    const { html } = await page("/embed/g7");
    expect(seen((await one(html, `li#entry-${ids.meeting} > p:first-child > time`)).text)).toBe("25.–26. November 2024");
    expect((await one(html, `li#entry-${ids.troops} > p:first-child > time`)).text).toBe("ca. Oktober 2024");
    expect((await one(html, `li#entry-${ids.troops} > p:first-child > time`)).attrs.datetime).toBe("2024-10");
    const decade = await one(html, `li#entry-${ids.decade} > p:first-child > time`);
    expect(decade.text).toBe("im nächsten Jahrzehnt");
    expect(decade.attrs.datetime).toBe("2024");
  });

  it("shows a commitment's status, due date, amounts and progress in German", async () => {
    const { html } = await page("/embed/g7");
    const box = seen((await one(html, `li#entry-${ids.energy} .cm`)).text);
    expect(box).toContain("in Umsetzung");
    expect(box).toContain("Frist: 2025");
    expect(box).toContain("25 %");
    expect(box).toContain("500 Mio. $ von 2 Mrd. $ geliefert");
    const progress = await one(html, `li#entry-${ids.energy} progress`);
    expect(progress.attrs).toMatchObject({ max: "1", value: "0.25", "aria-label": "Fortschritt" });
    expect((await one(html, `li#entry-${ids.energy} .k`)).text).toBe("Zusage");
    expect((await one(html, `li#entry-${ids.energy} .st`)).attrs.class).toBe("st s-in_progress");
  });

  it("flags overdue commitments and only those", async () => {
    const { html } = await page("/embed/g7");
    // Due 2025, in progress: overdue. Fulfilled (due 2020) and due 2099: not.
    expect((await one(html, `li#entry-${ids.energy} .od`)).text).toBe("überfällig");
    expect(await select(html, `li#entry-${ids.done} .od`)).toHaveLength(0);
    expect(await select(html, `li#entry-${ids.future} .od`)).toHaveLength(0);
  });

  it("summarises commitments by status, each count a link that filters by it", async () => {
    const { html } = await page("/embed/g7");
    const sum = await one(html, "p.sum");
    expect(seen(sum.text)).toBe("Zusagen (3): 1 angekündigt 1 in Umsetzung 1 erfüllt");
    const links = await select(html, "p.sum a");
    expect(links.map((l) => l.attrs.href)).toEqual([
      "/embed/g7?status=announced",
      "/embed/g7?status=in_progress",
      "/embed/g7?status=fulfilled",
    ]);
  });

  it("marks today between the past and the future, once", async () => {
    const { html } = await page("/embed/g7");
    const now = await select(html, "li.now");
    expect(now).toHaveLength(1);
    expect(now[0]!.text).toMatch(/^Heute, /);
    const order = (await select(html, "li")).map((li) => li.attrs.id ?? "now");
    expect(order.indexOf("now")).toBe(order.indexOf(`entry-${ids.future}`) - 1);
  });

  it("shows actors, place, tags, body paragraphs with safe links, and sources", async () => {
    const { html } = await page("/embed/g7");
    const meta = seen((await one(html, `li#entry-${ids.meeting} dl.m`)).text);
    expect(meta).toBe("BeteiligteG7, ItalienOrtFiuggiThemenDiplomatie");
    const paragraphs = await select(html, `li#entry-${ids.meeting} > p:not(:first-child):not(.src)`);
    expect(paragraphs.map((p) => p.text)).toEqual([
      "Erster Absatz mit https://www.g7italy.it/de/treffen.",
      "Zweiter Absatz mit Zeilenumbruch.",
    ]);
    const bodyLink = await one(html, `li#entry-${ids.meeting} > p:nth-of-type(2) a`);
    expect(bodyLink.attrs).toEqual({ href: "https://www.g7italy.it/de/treffen", rel: "noopener nofollow", target: "_blank" });
    const source = await one(html, `li#entry-${ids.meeting} p.src a`);
    expect(source).toEqual({ attrs: { href: "https://www.g7italy.it/", rel: "noopener nofollow", target: "_blank" }, text: "G7 Italien" });
    expect((await one(html, `li#entry-${ids.meeting} p.src`)).text).toBe("Quellen: G7 Italien (Präsidentschaft)");
  });

  it("speaks English when asked, with English dates and amounts", async () => {
    const { html } = await page("/embed/g7?lang=en");
    expect((await one(html, "html")).attrs.lang).toBe("en");
    expect(seen((await one(html, `li#entry-${ids.meeting} > p:first-child > time`)).text)).toBe("November 25 – 26, 2024");
    const box = seen((await one(html, `li#entry-${ids.energy} .cm`)).text);
    expect(box).toContain("in progress");
    expect(box).toContain("Due: 2025");
    expect(box).toContain("$500M of $2B delivered");
    expect((await one(html, `li#entry-${ids.energy} .od`)).text).toBe("overdue");
    expect(seen((await one(html, "p.sum")).text)).toBe("Commitments (3): 1 announced 1 in progress 1 fulfilled");
  });

  it("has status labels in more languages, and falls back to English words for the rest", async () => {
    const fr = (await page("/embed/g7?lang=fr")).html;
    expect((await one(fr, `li#entry-${ids.done} .st`)).text).toBe("tenu");
    const it_ = (await page("/embed/g7?lang=it")).html;
    expect((await one(it_, `li#entry-${ids.done} .st`)).text).toBe("mantenuto");
    expect(seen((await one(it_, `li#entry-${ids.energy} .cm`)).text)).toContain("Due: 2025");
  });

  it("renders right to left for Arabic, Hebrew, Persian and Urdu, keeping German text left to right", async () => {
    for (const lang of ["ar", "he", "fa", "ur"]) {
      const { html } = await page(`/embed/g7?lang=${lang}`);
      expect((await one(html, "html")).attrs, lang).toMatchObject({ lang, dir: "rtl" });
      expect((await one(html, `li#entry-${ids.meeting} h3`)).attrs).toEqual({ lang: "de", dir: "ltr" });
    }
    const ar = (await page("/embed/g7?lang=ar")).html;
    expect((await one(ar, `li#entry-${ids.done} .st`)).text).toBe("منجز");
    expect(seen((await one(ar, `li#entry-${ids.energy} .cm`)).text)).toContain("الموعد النهائي: 2025");
    expect((await one(ar, "h1")).attrs).toEqual({ lang: "de", dir: "ltr" });
    // Stored text (names, places, dates written as text, source titles) keeps its own direction.
    expect((await one(ar, "style")).text).toContain("dd,time,.src a{unicode-bidi:plaintext}");
    expect((await one(ar, `li#entry-${ids.meeting} p.src bdi`)).text).toBe("(Präsidentschaft)");
    // German for German: no per-element language marks.
    expect((await one((await page("/embed/g7")).html, `li#entry-${ids.meeting} h3`)).attrs).toEqual({});
  });

  it("takes the theme from the query: light, dark or auto (the default)", async () => {
    for (const theme of ["light", "dark", "auto"]) {
      const { html } = await page(`/embed/g7?theme=${theme}`);
      expect((await one(html, "html")).attrs["data-theme"]).toBe(theme);
    }
    const { html } = await page("/embed/g7");
    const css = (await one(html, "style")).text;
    expect(css).toContain(":root[data-theme=dark]{color-scheme:dark;");
    expect(css).toContain("@media(prefers-color-scheme:dark){:root[data-theme=auto]{color-scheme:dark;");
    expect(css).toContain("@media(prefers-reduced-motion:no-preference)");
    expect(css).toContain(":focus-visible{outline:3px solid");
    expect(css).not.toMatch(/@import|@font-face|url\(/);
  });

  it("applies every entry filter, and says the view is filtered with a link back to all", async () => {
    const titles = async (query: string) => (await select((await page(`/embed/g7?${query}`)).html, "li[id] h3")).map((h) => h.text);
    expect(await titles("kind=commitment")).toEqual(["Erfüllt", "Energiehilfe", "Zukunft"]);
    expect(await titles("kind=event")).toEqual(["Abkommen", "Truppen", "Treffen der G7-Außenminister"]);
    expect(await titles("status=fulfilled")).toEqual(["Erfüllt"]);
    expect(await titles("tag=krieg")).toEqual(["Truppen"]);
    expect(await titles("actor=Italien")).toEqual(["Treffen der G7-Außenminister"]);
    // Overlap: the year 2024 ("Abkommen") reaches into the window too.
    expect(await titles("from=2024-11-21&to=2024-11-30")).toEqual(["Abkommen", "Treffen der G7-Außenminister", "Energiehilfe"]);
    expect(await titles("q=zeilenumbruch")).toEqual(["Treffen der G7-Außenminister"]);
    const { html } = await page("/embed/g7?tag=krieg&lang=en&theme=dark");
    expect((await one(html, "p.flt")).text).toBe("Filtered view · Show all");
    expect((await one(html, "p.flt a")).attrs.href).toBe("/embed/g7?lang=en&theme=dark");
    expect(await select((await page("/embed/g7")).html, "p.flt")).toHaveLength(0);
  });

  it("says so when nothing matches", async () => {
    const { res, html } = await page("/embed/g7?q=nichtsdergleichen");
    expect(res.status).toBe(200);
    expect(html).toContain("<p>Keine passenden Einträge.</p>");
    expect(await select(html, "li")).toHaveLength(0);
  });

  it("orders newest first with order=desc", async () => {
    const { html } = await page("/embed/g7?order=desc");
    const items = (await select(html, "li")).map((li) => li.attrs.id ?? "now");
    expect(items).toEqual(
      [`entry-${ids.future}`, "now", ...[ids.energy, ids.meeting, ids.done, ids.troops, ids.decade].map((id) => `entry-${id}`)],
    );
    expect((await select(html, "section > h2")).map((h) => h.text)).toEqual(["2099", thisYear, "2024"]);
  });

  it("pages with limit: a plain 'more' link to the next cursor, which keeps every option", async () => {
    const seenIds: string[] = [];
    let path: string | null = "/embed/g7?limit=2&lang=en&theme=dark&order=desc";
    let pages = 0;
    let markers = 0;
    while (path) {
      const { res, html } = await page(path);
      expect(res.status).toBe(200);
      pages++;
      const items = await select(html, "li[id]");
      expect(items.length).toBeLessThanOrEqual(2);
      seenIds.push(...items.map((i) => i.attrs.id!));
      markers += (await select(html, "li.now")).length;
      expect((await one(html, "html")).attrs).toMatchObject({ lang: "en", "data-theme": "dark" });
      const more = await select(html, "a.more");
      if (more.length === 0) break;
      expect(more[0]!.attrs.rel).toBe("next");
      expect(more[0]!.text).toBe("Show more");
      const next = new URL(more[0]!.attrs.href!, "https://timeline.test");
      expect(next.pathname).toBe("/embed/g7");
      expect(Object.fromEntries(next.searchParams)).toMatchObject({ limit: "2", lang: "en", theme: "dark", order: "desc" });
      expect(next.searchParams.get("cursor")).toBeTruthy();
      path = next.pathname + next.search;
    }
    expect(pages).toBe(3);
    expect(markers).toBe(1);
    expect(seenIds).toEqual([ids.future, ids.energy, ids.meeting, ids.done, ids.troops, ids.decade].map((id) => `entry-${id}`));
  });

  it("places the today marker on the page where today falls, even at a page boundary", async () => {
    // Ascending, five per page: [decade, troops, done, meeting, energy] [future]: today opens page two.
    const first = await page("/embed/g7?limit=5");
    expect(await select(first.html, "li.now")).toHaveLength(0);
    const next = (await one(first.html, "a.more")).attrs.href!;
    const second = await page(next);
    const order = (await select(second.html, "li")).map((li) => li.attrs.id ?? "now");
    expect(order).toEqual(["now", `entry-${ids.future}`]);
  });
});

describe("the widget's query", () => {
  beforeAll(async () => {
    await createTimeline("q", { language: "de" });
    await createEntry("q", { title: "Eins", start: "2024" });
  });

  it("answers a bad query with a readable HTML page naming each parameter, never a 500", async () => {
    for (const query of ["limit=0", "limit=abc", "order=sideways", "theme=neon", "kind=x", "from=2024-02-30", "cursor=nonsense", "lang=!!", "from=2025&to=2024", "tag=a&tag=b", "q=%22%22"]) {
      const { res, html } = await page(`/embed/q?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("Content-Type"), query).toMatch(/^text\/html/);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect((await one(html, "h1")).text).toBe("This timeline cannot be shown");
      expect((await select(html, "li code")).length, query).toBeGreaterThan(0);
    }
    const { html } = await page("/embed/q?limit=500&lang=de");
    expect((await one(html, "h1")).text).toBe("Diese Zeitleiste kann nicht angezeigt werden");
    expect((await one(html, "li")).text).toBe("limit: must be a whole number from 1 to 200");
  });

  it("answers problem+json to clients that are not browsers", async () => {
    for (const accept of ["application/problem+json", "*/*", ""]) {
      const res = await call("GET", "/embed/q?limit=0", { token: null, headers: accept ? { Accept: accept } : {} });
      expect(res.status).toBe(400);
      expect(res.headers.get("Content-Type"), accept).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 400, errors: [{ parameter: "limit" }] });
    }
    const missing = await call("GET", "/embed/nope", { token: null });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  });

  it("answers unknown slugs and paths with a 404 page", async () => {
    for (const path of ["/embed/nope", "/embed/Not_A_Slug"]) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect((await one(html, "h1")).text).toBe("This timeline cannot be shown");
    }
  });

  it("ignores parameters it does not know", async () => {
    const { res } = await page("/embed/q?utm_source=x");
    expect(res.status).toBe(200);
  });
});
