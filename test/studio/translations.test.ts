/**
 * Translations in the studio: an entry's languages side by side with the original, what is
 * missing or stale, writing one language, and the entry's own form leaving translations be.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { select } from "../widget/html";
import { call, createEntry, createTimeline, json } from "../support/api";
import { entryFields, location, StudioClient } from "../support/studio";

const SLUG = "desk-languages";
let studio: StudioClient;
let id = "";
const page = () => `/studio/t/${SLUG}/e/${id}/translations`;
const stored = async () => json(await call("GET", `/v1/timelines/${SLUG}/entries/${id}`));

beforeAll(async () => {
  studio = new StudioClient();
  await studio.signIn();
  await createTimeline(SLUG, { language: "de", languages: ["en", "uk"] });
  id = (
    await createEntry(SLUG, {
      kind: "commitment",
      title: "Hilfe für das Stromnetz",
      body: "Zwei Milliarden Dollar.",
      start: "2024-11-26",
      location: "Fiuggi",
      commitment: { status: "announced", status_note: "Angekündigt in Fiuggi" },
      translations: { en: { title: "Aid for the power grid", machine: true } },
    })
  ).id;
});

describe("the studio's translation view", () => {
  it("shows each published language beside the original, with what is missing", async () => {
    const res = await studio.get(page());
    expect(res.status).toBe(200);
    const html = await res.text();
    const sections = await select(html, "section[id^=lang-] h2");
    expect(sections.map((s) => s.text.replace(/\s+/g, " ").trim())).toEqual([
      "English (en) 3 of 4 missing machine-made",
      "Ukrainian (uk) missing",
    ]);
    // Original and translation side by side: the original text in its language, the translation in a labelled field.
    const cells = await select(html, "#lang-en td[lang=de]");
    expect(cells.map((c) => c.text)).toEqual(["Hilfe für das Stromnetz", "Zwei Milliarden Dollar.", "Fiuggi", "Angekündigt in Fiuggi"]);
    const title = (await select(html, "#lang-en input[name=title]"))[0]!;
    expect(title.attrs).toMatchObject({ value: "Aid for the power grid", lang: "en" });
    expect((await select(html, `#lang-en label[for="${title.attrs.id}"]`))[0]!.text).toBe("Headline (English)");
  });

  it("writes one language, notes included, and marks it up to date", async () => {
    const { revision } = await stored();
    const res = await studio.post(`${page()}/en`, {
      revision: String(revision),
      title: "Aid for the power grid",
      body: "Two billion dollars.",
      location: "Fiuggi, Italy",
      "status_notes.0": "Announced in Fiuggi",
    });
    expect(res.status).toBe(303);
    expect(location(res)).toBe(`${page()}?done=translationSaved#lang-en`);
    const entry = await stored();
    expect(entry.translations.en).toMatchObject({
      title: "Aid for the power grid",
      body: "Two billion dollars.",
      location: "Fiuggi, Italy",
      status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" },
      machine: false,
      stale: false,
    });
    const html = await (await studio.get(page())).text();
    expect((await select(html, "#lang-en h2 .tag")).map((t) => t.text)).toEqual(["up to date"]);
  });

  it("keeps translations when the entry's own form is saved, and shows them stale once the original changed", async () => {
    const { revision } = await stored();
    const res = await studio.post(
      `/studio/t/${SLUG}/e/${id}`,
      entryFields({ kind: "commitment", title: "Hilfe für das ukrainische Stromnetz", body: "Zwei Milliarden Dollar.", location: "Fiuggi", status: "announced", revision: String(revision) }),
    );
    expect(res.status).toBe(303);
    const entry = await stored();
    expect(entry.translations.en).toMatchObject({ title: "Aid for the power grid", stale: true });
    const html = await (await studio.get(page())).text();
    expect((await select(html, "#lang-en h2 .tag")).map((t) => t.text)).toContain("original changed since");
    // The entry's own page summarises it too.
    const own = await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text();
    expect(own).toContain("original changed since");
  });

  it("refuses an empty translation beside the form, and a form opened before someone else saved", async () => {
    const { revision } = await stored();
    const empty = await studio.post(`${page()}/uk`, { revision: String(revision), title: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("must translate at least one field");
    const late = await studio.post(`${page()}/uk`, { revision: String(revision - 1), title: "Допомога" });
    expect(late.status).toBe(409);
    expect((await stored()).translations).not.toHaveProperty("uk");
  });

  it("removes a translation, and refuses the source language", async () => {
    const { revision } = await stored();
    const res = await studio.post(`${page()}/en/delete`, { revision: String(revision) });
    expect(res.status).toBe(303);
    expect((await stored()).translations).toEqual({});
    expect((await studio.post(`${page()}/de`, { revision: String(revision + 1), title: "x" })).status).toBe(404);
  });

  it("takes the published languages in the timeline's settings", async () => {
    const settings = await studio.get(`/studio/t/${SLUG}/settings`);
    expect(await settings.text()).toMatch(/name="languages"[^>]*value="en uk"/);
    const res = await studio.post(`/studio/t/${SLUG}/settings`, {
      title: "Desk",
      description: "",
      language: "de",
      languages: "en fr",
      time_zone: "UTC",
      visibility: "public",
      embed_origins: "",
    });
    expect(res.status).toBe(303);
    expect((await json(await call("GET", `/v1/timelines/${SLUG}`))).languages).toEqual(["de", "en", "fr"]);
  });
});
