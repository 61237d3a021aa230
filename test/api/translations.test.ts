/**
 * One timeline, several languages through the API: published languages, translations written
 * with the entry or one language at a time, reads with `?lang=` falling back field by field,
 * stale translations after a source edit, and search in the language asked for.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const read = (path: string) => call("GET", path, { token: null });
const entryPath = (slug: string, id: string) => `/v1/timelines/${slug}/entries/${id}`;

describe("a timeline's languages", () => {
  it("put the source language first, whether listed or not, each once and canonical", async () => {
    const created = await createTimeline("langs", { language: "de", languages: ["en-gb", "uk", "de", "EN-GB"] });
    expect(created.languages).toEqual(["de", "en-GB", "uk"]);
    const plain = await createTimeline("langs-plain", { language: "fr" });
    expect(plain.languages).toEqual(["fr"]);
  });

  it("follow a change of the source language, which takes the old one's place", async () => {
    const res = await call("PATCH", "/v1/timelines/langs", { body: { language: "en" } });
    expect((await json(res)).languages).toEqual(["en", "en-GB", "uk"]);
    const listed = await call("PATCH", "/v1/timelines/langs", { body: { languages: ["de"] } });
    expect((await json(listed)).languages).toEqual(["en", "de"]);
  });

  it("refuse what is not a language tag", async () => {
    const res = await call("PATCH", "/v1/timelines/langs", { body: { languages: ["en", "not a tag"] } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].pointer).toBe("/languages/1");
  });
});

describe("translations written with the entry", () => {
  let id = "";

  beforeAll(async () => {
    await createTimeline("g7-tr", { language: "de", languages: ["en", "uk"] });
    id = (
      await createEntry("g7-tr", {
        kind: "commitment",
        title: "Hilfe für das Energienetz",
        body: "Mehr als zwei Milliarden Dollar für die Energieversorgung.",
        start: "2024-11-26",
        display_date: "Ende November",
        location: "Fiuggi",
        tags: ["Energie"],
        commitment: { status: "announced", status_note: "Angekündigt in Fiuggi" },
        translations: {
          en: {
            title: "Aid for the power grid",
            body: "More than two billion dollars for the energy supply.",
            status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" },
          },
          "en-gb": { display_date: "Late November", machine: true },
        },
      })
    ).id;
  });

  it("are all shown, with machine, stale and the revision they translate, when read without lang", async () => {
    const entry = await json(await read(entryPath("g7-tr", id)));
    expect(entry.title).toBe("Hilfe für das Energienetz");
    expect(entry).not.toHaveProperty("lang");
    expect(entry.translations).toEqual({
      en: {
        title: "Aid for the power grid",
        body: "More than two billion dollars for the energy supply.",
        display_date: null,
        location: null,
        status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" },
        machine: false,
        stale: false,
        source_revision: 1,
      },
      "en-GB": { title: null, body: null, display_date: "Late November", location: null, machine: true, stale: false, source_revision: 1 },
    });
  });

  it("are read field by field with lang, each fallen-back field marked with its language", async () => {
    const en = await json(await read(`${entryPath("g7-tr", id)}?lang=en`));
    expect(en).toMatchObject({
      title: "Aid for the power grid",
      body: "More than two billion dollars for the energy supply.",
      display_date: "Ende November",
      location: "Fiuggi",
      tags: ["Energie"],
      lang: "en",
      fallback: { display_date: "de", location: "de" },
      translation: { lang: "en", machine: false, stale: false },
    });
    expect(en.commitment.history[0].note).toBe("Announced in Fiuggi");
    expect(en).not.toHaveProperty("translations");

    const gb = await json(await read(`${entryPath("g7-tr", id)}?lang=en-GB`));
    expect(gb).toMatchObject({ title: "Aid for the power grid", display_date: "Late November", location: "Fiuggi" });
    expect(gb.fallback).toEqual({ title: "en", body: "en", location: "de", status_notes: "en" });
    expect(gb.translation).toEqual({ lang: "en-GB", machine: true, stale: false });

    const uk = await json(await read(`${entryPath("g7-tr", id)}?lang=uk`));
    expect(uk.title).toBe("Hilfe für das Energienetz");
    expect(uk.fallback).toEqual({ title: "de", body: "de", display_date: "de", location: "de", status_notes: "de" });
    expect(uk.translation).toBeNull();
  });

  it("are read in lists too, and the source language needs no marks", async () => {
    const list = await json(await read("/v1/timelines/g7-tr/entries?lang=en"));
    expect(list.items.map((e: any) => e.title)).toEqual(["Aid for the power grid"]);
    const source = await json(await read("/v1/timelines/g7-tr/entries?lang=de"));
    expect(source.items[0]).toMatchObject({ title: "Hilfe für das Energienetz", fallback: {}, translation: null });
  });

  it("name the language asked for in Content-Language", async () => {
    expect((await read(`${entryPath("g7-tr", id)}?lang=en`)).headers.get("Content-Language")).toBe("en");
    expect((await read(entryPath("g7-tr", id))).headers.get("Content-Language")).toBeNull();
  });

  it("refuse the source language, unknown notes and bad tags, pointing at each", async () => {
    const send = (translations: unknown) =>
      call("POST", "/v1/timelines/g7-tr/entries", {
        body: { kind: "commitment", title: "X", start: "2025", commitment: { status: "announced", status_note: "Notiz" }, translations },
      });
    const source = await send({ de: { title: "Y" } });
    expect(source.status).toBe(400);
    expect((await json(source)).errors).toEqual([{ pointer: "/translations/de", detail: expect.stringMatching(/source language/) }]);
    const note = await send({ en: { status_notes: { Notitz: "Note" } } });
    expect((await json(note)).errors[0]).toMatchObject({ pointer: "/translations/en/status_notes/Notitz" });
    const tag = await send({ "not a tag": { title: "Y" } });
    expect((await json(tag)).errors[0]).toMatchObject({ pointer: "/translations/not a tag" });
    const empty = await send({ en: { machine: true } });
    expect((await json(empty)).errors[0]).toMatchObject({ pointer: "/translations/en", detail: "must translate at least one field" });
    expect((await json(await read("/v1/timelines/g7-tr/entries"))).items).toHaveLength(1);
  });
});

describe("one language at a time: PUT and DELETE …/translations/{lang}", () => {
  let id = "";
  let etag = "";
  const path = () => `${entryPath("tr-put", id)}/translations`;

  beforeAll(async () => {
    await createTimeline("tr-put", { language: "de", languages: ["en"] });
    const res = await call("POST", "/v1/timelines/tr-put/entries", { body: { kind: "event", title: "Gipfel", body: "Die Minister treffen sich.", start: "2024-11-25" } });
    etag = res.headers.get("ETag")!;
    id = (await json(res)).id;
  });

  it("creates (201) and replaces (200) one language's text, honouring If-Match", async () => {
    const created = await call("PUT", `${path()}/en`, { body: { title: "Summit", machine: true }, headers: { "If-Match": etag } });
    expect(created.status).toBe(201);
    const entry = await json(created);
    expect(entry.translations.en).toMatchObject({ title: "Summit", machine: true, stale: false, source_revision: 2 });
    expect(entry.revision).toBe(2);

    // The ETag read before is stale now.
    const late = await call("PUT", `${path()}/en`, { body: { title: "Summit!" }, headers: { "If-Match": etag } });
    expect(late.status).toBe(412);
    etag = created.headers.get("ETag")!;
    const replaced = await call("PUT", `${path()}/en`, { body: { title: "Summit", body: "The ministers meet." }, headers: { "If-Match": etag } });
    expect(replaced.status).toBe(200);
    expect((await json(replaced)).translations.en).toMatchObject({ title: "Summit", body: "The ministers meet.", machine: false });
  });

  it("refuses the source language and what is not a language tag", async () => {
    const source = await call("PUT", `${path()}/de`, { body: { title: "Gipfel" } });
    expect(source.status).toBe(400);
    expect((await json(source)).errors[0]).toMatchObject({ parameter: "lang" });
    expect((await call("PUT", `${path()}/x-1`, { body: { title: "T" } })).status).toBe(400);
    expect((await call("PUT", `${path()}/en`, { body: { title: "T", extra: 1 } })).status).toBe(400);
    expect((await call("PUT", `${entryPath("tr-put", "0193652a-7c00-7000-8000-00000000dead")}/translations/en`, { body: { title: "T" } })).status).toBe(404);
    expect((await call("PUT", `${path()}/en`, { body: { title: "T" }, token: null })).status).toBe(401);
  });

  it("marks a translation stale when the source text it covers changes, keeping it published, until it is written again", async () => {
    await call("PATCH", entryPath("tr-put", id), { body: { body: "Die Außenminister treffen sich zwei Tage lang." } });
    const after = await json(await read(entryPath("tr-put", id)));
    expect(after.translations.en).toMatchObject({ body: "The ministers meet.", stale: true });
    const en = await json(await read(`${entryPath("tr-put", id)}?lang=en`));
    expect(en).toMatchObject({ body: "The ministers meet.", translation: { lang: "en", stale: true } });

    // A change to what the translation leaves to the source does not make it stale.
    await call("PUT", `${path()}/en`, { body: { title: "Summit", body: "The foreign ministers meet for two days." } });
    await call("PATCH", entryPath("tr-put", id), { body: { location: "Anagni" } });
    expect((await json(await read(entryPath("tr-put", id)))).translations.en.stale).toBe(false);
  });

  it("deletes one language (204), then knows it no more (404)", async () => {
    const res = await call("DELETE", `${path()}/EN`);
    expect(res.status).toBe(204);
    expect((await json(await read(entryPath("tr-put", id)))).translations).toEqual({});
    expect((await call("DELETE", `${path()}/en`)).status).toBe(404);
  });
});

describe("translations in a patch", () => {
  it("replace the languages named, remove those set to null, and keep the others", async () => {
    await createTimeline("tr-patch", { language: "de" });
    const { id } = await createEntry("tr-patch", {
      title: "Gipfel",
      start: "2024",
      translations: { en: { title: "Summit" }, fr: { title: "Sommet" }, uk: { title: "Саміт" } },
    });
    const res = await call("PATCH", entryPath("tr-patch", id), { body: { translations: { en: { title: "The summit" }, fr: null } } });
    expect(res.status).toBe(200);
    const { translations } = await json(res);
    expect(Object.keys(translations).sort()).toEqual(["en", "uk"]);
    expect(translations.en.title).toBe("The summit");
    expect(translations.uk.title).toBe("Саміт");
  });
});

describe("search with lang", () => {
  beforeAll(async () => {
    await createTimeline("tr-search", { language: "de", languages: ["en"] });
    await createEntry("tr-search", {
      title: "Hilfe für das Stromnetz",
      start: "2024-11-26",
      translations: { en: { title: "Aid for the power grid", body: "Transformers and repairs." } },
    });
    await createEntry("tr-search", { title: "Sanktionen gegen Gazprom", start: "2024-11-27" });
  });

  const titles = async (query: string) =>
    (await json(await read(`/v1/timelines/tr-search/entries?${query}`))).items.map((e: any) => e.title);

  it("finds an entry by its English title in English, and by its German one too", async () => {
    expect(await titles("lang=en&q=power+grid")).toEqual(["Aid for the power grid"]);
    expect(await titles("lang=en-GB&q=transformers")).toEqual(["Aid for the power grid"]);
    expect(await titles("lang=en&q=stromnetz")).toEqual(["Aid for the power grid"]);
    expect(await titles("lang=en&q=gazprom")).toEqual(["Sanktionen gegen Gazprom"]);
  });

  it("searches only the source language without lang, and not another language's translation", async () => {
    expect(await titles("q=power+grid")).toEqual([]);
    expect(await titles("lang=fr&q=power+grid")).toEqual([]);
  });

  it("forgets a translation's words once it is changed or removed", async () => {
    const [entry] = (await json(await read("/v1/timelines/tr-search/entries?q=stromnetz"))).items;
    await call("PUT", `${entryPath("tr-search", entry.id)}/translations/en`, { body: { title: "Help for the electricity network" } });
    expect(await titles("lang=en&q=power+grid")).toEqual([]);
    expect(await titles("lang=en&q=electricity")).toEqual(["Help for the electricity network"]);
    await call("DELETE", `${entryPath("tr-search", entry.id)}/translations/en`);
    expect(await titles("lang=en&q=electricity")).toEqual([]);
  });
});
