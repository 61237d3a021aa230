import { describe, expect, it } from "vitest";
import { buildEntry, changedTranslations, type EntryInput } from "../../src/domain/entry";
import {
  fallbackChain,
  isStale,
  localize,
  publishedLanguages,
  type SourceText,
  translationJson,
  translationsAsInput,
  type Translations,
  unknownNotes,
  writeTranslations,
} from "../../src/domain/translations";

const source = (changes: Partial<SourceText> = {}): SourceText & { translations: Translations } => ({
  title: "Gipfel in Fiuggi",
  body: "Die Außenminister treffen sich.",
  display_date: "Ende November",
  location: "Fiuggi, Italien",
  commitment: null,
  translations: {},
  ...changes,
});

describe("the fallback chain", () => {
  it("goes from the most specific tag to its language, then to the source language", () => {
    expect(fallbackChain("en-GB", "de")).toEqual(["en-GB", "en", "de"]);
    expect(fallbackChain("zh-Hant-TW", "de")).toEqual(["zh-Hant-TW", "zh-Hant", "zh", "de"]);
    expect(fallbackChain("en", "de")).toEqual(["en", "de"]);
  });

  it("stops at the source language and never repeats it", () => {
    expect(fallbackChain("de-AT", "de")).toEqual(["de-AT", "de"]);
    expect(fallbackChain("de", "de")).toEqual(["de"]);
    expect(fallbackChain("DE", "de")).toEqual(["de"]);
    expect(fallbackChain(null, "de")).toEqual(["de"]);
  });

  it("drops a single-letter subtag left dangling (RFC 4647 lookup)", () => {
    expect(fallbackChain("en-x-news", "de")).toEqual(["en-x-news", "en", "de"]);
  });
});

describe("published languages", () => {
  it("put the source language first and list each language once", () => {
    expect(publishedLanguages("de", ["en", "uk", "EN", "de"])).toEqual(["de", "en", "uk"]);
    expect(publishedLanguages("de", [])).toEqual(["de"]);
  });
});

describe("localize: field by field", () => {
  const entry = source();
  entry.translations = writeTranslations(
    null,
    {
      en: { title: "Summit in Fiuggi", body: "The foreign ministers meet.", machine: false },
      "en-GB": { display_date: "Late November" },
    },
    entry,
    1,
  );

  it("takes each field from the most specific translation that has it, else the source", () => {
    const { entry: shown, origin } = localize(entry, fallbackChain("en-GB", "de"));
    expect(shown).toMatchObject({
      title: "Summit in Fiuggi",
      body: "The foreign ministers meet.",
      display_date: "Late November",
      location: "Fiuggi, Italien",
    });
    expect(origin.languages).toEqual({ title: "en", body: "en", display_date: "en-GB", location: "de" });
    // Every field not in en-GB itself is marked with the language it is in.
    expect(origin.fallback).toEqual({ title: "en", body: "en", location: "de" });
    expect(origin.translation).toEqual({ lang: "en-GB", machine: false, stale: false });
  });

  it("marks nothing when the source language is asked for, and leaves the entry as it is", () => {
    const { entry: shown, origin } = localize(entry, fallbackChain("de", "de"));
    expect(shown).toEqual(entry);
    expect(origin.fallback).toEqual({});
    expect(origin.translation).toBeNull();
  });

  it("marks every field when no translation exists, except fields without text", () => {
    const { entry: shown, origin } = localize(source({ location: null }), fallbackChain("fr", "de"));
    expect(shown.title).toBe("Gipfel in Fiuggi");
    expect(origin.fallback).toEqual({ title: "de", body: "de", display_date: "de" });
    expect(origin.translation).toBeNull();
  });

  it("translates status notes keyed by the note they translate; an untranslated note falls back", () => {
    const commitment = {
      history: [
        { note: "Angekündigt in Fiuggi" },
        { note: null },
        { note: "Erste Tranche ausgezahlt" },
      ],
    };
    const withNotes = source({ commitment });
    withNotes.translations = writeTranslations(null, { en: { status_notes: { "Angekündigt in Fiuggi": "Announced in Fiuggi" } } }, withNotes, 1);
    const { entry: shown, origin } = localize(withNotes, fallbackChain("en", "de"));
    expect(shown.commitment!.history.map((h) => h.note)).toEqual(["Announced in Fiuggi", null, "Erste Tranche ausgezahlt"]);
    expect(origin.fallback.status_notes).toBe("de");
  });
});

describe("stale translations", () => {
  const written = () => {
    const entry = source();
    entry.translations = writeTranslations(null, { en: { title: "Summit in Fiuggi", body: "The ministers meet.", machine: true } }, entry, 1);
    return entry;
  };

  it("are fresh when written, and keep the revision they translate", () => {
    const entry = written();
    expect(translationJson(entry.translations.en!, entry)).toMatchObject({ machine: true, stale: false, source_revision: 1 });
  });

  it("become stale when a source field they translate changes, and fresh again when it is undone", () => {
    const entry = written();
    const edited = { ...entry, body: "Die Außenminister treffen sich zwei Tage lang." };
    // The write that edits the source carries the translation over unchanged.
    edited.translations = writeTranslations(entry.translations, translationsAsInput(entry.translations), edited, 2);
    expect(isStale(edited.translations.en!, edited)).toBe(true);
    expect(edited.translations.en!.source_revision).toBe(1);
    const undone = { ...edited, body: entry.body };
    expect(isStale(edited.translations.en!, undone)).toBe(false);
  });

  it("do not go stale when a field they leave to the source changes", () => {
    const entry = written();
    expect(isStale(entry.translations.en!, { ...entry, location: "Anagni" })).toBe(false);
  });

  it("become fresh when rewritten or confirmed with stale: false", () => {
    const entry = written();
    const edited = { ...entry, title: "Gipfel in Fiuggi und Anagni" };
    const rewritten = writeTranslations(entry.translations, { en: { title: "Summit in Fiuggi and Anagni", body: "The ministers meet." } }, edited, 2);
    expect(isStale(rewritten.en!, edited)).toBe(false);
    expect(rewritten.en!.source_revision).toBe(2);
    const confirmed = writeTranslations(entry.translations, { en: { ...translationsAsInput(entry.translations).en, stale: false } }, edited, 2);
    expect(isStale(confirmed.en!, edited)).toBe(false);
  });

  it("can be imported as stale (an older, unknown source text) and stay so", () => {
    const entry = source();
    const imported = writeTranslations(null, { en: { title: "Summit", stale: true } }, entry, 1);
    expect(translationJson(imported.en!, entry)).toMatchObject({ stale: true, source_revision: null });
    const again = writeTranslations(imported, translationsAsInput(imported), entry, 2);
    expect(isStale(again.en!, entry)).toBe(true);
  });

  it("leave out languages the write leaves out", () => {
    const entry = written();
    expect(writeTranslations(entry.translations, {}, entry, 2)).toEqual({});
  });
});

describe("notes a writer names", () => {
  it("must be source notes exactly as written; others are reported (and dropped when stored)", () => {
    const entry = source({ commitment: { history: [{ note: "Angekündigt" }] } });
    const input = { status_notes: { Angekündigt: "Announced", Angekündigt2: "typo" } };
    expect(unknownNotes(input, entry)).toEqual([["status_notes", "Angekündigt2"]]);
    expect(writeTranslations(null, { en: input }, entry, 1).en!.status_notes).toEqual({ Angekündigt: "Announced" });
  });
});

describe("tranche notes", () => {
  const withTranches = (notes: (string | null)[]) => source({ commitment: { history: [{ note: null }], tranches: notes.map((note) => ({ note })) } });

  it("are read note by note, each with the language it is shown in", () => {
    const entry = withTranches(["Erste Tranche", null, "Zweite Tranche"]);
    entry.translations = writeTranslations(null, { en: { tranche_notes: { "Erste Tranche": "First tranche" } } }, entry, 1);
    const { entry: shown, origin } = localize(entry, fallbackChain("en-GB", "de"));
    expect(shown.commitment!.tranches!.map((t) => t.note)).toEqual(["First tranche", null, "Zweite Tranche"]);
    expect(origin.notes.tranche_notes).toEqual(["en", null, "de"]);
    expect(origin.fallback.tranche_notes).toBe("de");
    expect(localize(entry, fallbackChain(null, "de")).origin.notes.tranche_notes).toEqual(["de", null, "de"]);
  });

  it("make a translation stale when the source note it translates is edited, not when another one is", () => {
    const entry = withTranches(["Erste Tranche", "Zweite Tranche"]);
    entry.translations = writeTranslations(null, { en: { title: "Summit", tranche_notes: { "Erste Tranche": "First tranche" } } }, entry, 1);
    const otherEdited = withTranches(["Erste Tranche", "Zweite Auszahlung"]);
    const kept = writeTranslations(entry.translations, translationsAsInput(entry.translations), otherEdited, 2);
    expect(isStale(kept.en!, otherEdited)).toBe(false);
    const edited = withTranches(["Erste Auszahlung", "Zweite Tranche"]);
    const after = writeTranslations(entry.translations, translationsAsInput(entry.translations), edited, 2);
    expect(after.en!.tranche_notes).toBeUndefined();
    expect(isStale(after.en!, edited)).toBe(true);
    expect(after.en!.source_revision).toBe(1);
  });
});

describe("a write that changes only translations", () => {
  const input: EntryInput = {
    external_id: null, kind: "event", title: "Gipfel", body: null, start: "2024", end: null, date_qualifier: null,
    display_date: null, tags: [], actors: [], location: null, importance: null, media: null, sources: [], commitment: null,
    draft: false, translations: { en: { title: "Summit" }, uk: { title: "Саміт" } },
  };
  const before = buildEntry(null, input, { id: "e1", now: "2026-01-01T00:00:00.000Z" });
  const later = { id: "e1", now: "2026-01-02T00:00:00.000Z" };

  it("names the languages it changed", () => {
    const after = buildEntry(before, { ...input, translations: { en: { title: "The summit" }, uk: { title: "Саміт" } } }, later);
    expect(changedTranslations(before, after)).toEqual(["en"]);
    const removed = buildEntry(before, { ...input, translations: { en: { title: "Summit" } } }, later);
    expect(changedTranslations(before, removed)).toEqual(["uk"]);
  });

  it("is not one when anything else changed too", () => {
    const after = buildEntry(before, { ...input, title: "Gipfeltreffen", translations: { en: { title: "The summit" }, uk: { title: "Саміт" } } }, later);
    expect(changedTranslations(before, after)).toBeNull();
  });
});
