/**
 * The demo timeline `g7-ukraine` (scripts/demo/g7-ukraine.json), checked the way a journalist
 * would check it before publishing: dates as precise as the article allows and no more, honest
 * commitments, real sources, stable ids, plain text.
 */
import { describe, expect, it } from "vitest";
import raw from "../scripts/demo/g7-ukraine.json";
import {
  COMMITMENT_STATUSES,
  type CommitmentData,
  isOverdue,
  progress,
  type StatusChangeInput,
} from "../src/domain/commitments";
import { isEndBeforeStart, isValidTimeZone, mustParseDate, parseDate, type Precision } from "../src/domain/dates";
import { DATE_QUALIFIERS, ENTRY_KINDS, type Entry } from "../src/domain/entry";
import { LIMITS } from "../src/domain/limits";
import { compatibleAmounts, type Tranche, trancheTotals } from "../src/domain/ledger";
import { hasForbiddenCharacters, isHttpUrl } from "../src/domain/text";
import { SLUG_PATTERN, type Timeline, VISIBILITIES } from "../src/domain/timeline";
import { TEXT_FIELDS, type TranslationInput } from "../src/domain/translations";
import { BROWSER_ACCEPT, call, createTimeline, json } from "./support/api";
import { select } from "./widget/html";

const ENTRY_KEYS = [
  "id",
  "kind",
  "title",
  "body",
  "start",
  "end",
  "date_qualifier",
  "display_date",
  "tags",
  "actors",
  "location",
  "importance",
  "media",
  "sources",
  "commitment",
  "translations",
] as const;

/** Our export/import format: what the service keeps to itself (revision, history, times) left out. */
interface ExportFile {
  format: string;
  timeline: Pick<Timeline, "slug" | "title" | "description" | "language" | "languages" | "time_zone" | "visibility" | "embed_origins">;
  entries: (Pick<Entry, Exclude<(typeof ENTRY_KEYS)[number], "commitment" | "translations">> & {
    commitment:
      | (Omit<CommitmentData, "history" | "tranches" | "reason" | "amount" | "delivered"> &
          Partial<Pick<CommitmentData, "amount" | "delivered">> &
          Pick<StatusChangeInput, "status_note" | "status_source"> & { tranches?: Omit<Tranche, "recorded_at">[] })
      | null;
    translations: Record<string, TranslationInput>;
  })[];
}

// The JSON's strings are checked against the literal types at run time below.
const demo = raw as ExportFile;
const entries = demo.entries;
const byTitle = (fragment: string) => {
  const found = entries.filter((e) => e.title.includes(fragment));
  expect(found, `exactly one entry titled like "${fragment}"`).toHaveLength(1);
  return found[0]!;
};
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the timeline", () => {
  it("is the public German demo timeline in Berlin time", () => {
    expect(demo.format).toBe("edge-timeline/1");
    expect(demo.timeline.slug).toBe("g7-ukraine");
    expect(demo.timeline.slug).toMatch(SLUG_PATTERN);
    expect(demo.timeline.language).toBe("de");
    expect(demo.timeline.time_zone).toBe("Europe/Berlin");
    expect(isValidTimeZone(demo.timeline.time_zone)).toBe(true);
    expect(demo.timeline.visibility).toBe("public");
    expect(VISIBILITIES).toContain(demo.timeline.visibility);
    expect(demo.timeline.embed_origins).toEqual([]);
    expect(demo.timeline.title.trim().length).toBeGreaterThan(0);
    expect(demo.timeline.description.length).toBeLessThanOrEqual(LIMITS.description);
  });

  it("holds every event and commitment the article states", () => {
    expect(entries).toHaveLength(9);
    expect(entries.filter((e) => e.kind === "commitment")).toHaveLength(4);
  });
});

describe("dates", () => {
  it("every start, end and due date parses", () => {
    for (const e of entries) {
      for (const date of [e.start, e.end, e.commitment?.due]) {
        if (date === null || date === undefined) continue;
        const result = parseDate(date);
        expect(result.ok, `${e.title}: ${date} ${result.ok ? "" : result.error}`).toBe(true);
        if (result.ok) expect(result.date.text, "stored in canonical form").toBe(date);
      }
    }
  });

  it("each date has the precision the article supports, and no more", () => {
    const expected: [string, Precision, string | null][] = [
      // [title fragment, start precision, qualifier]
      ["Nordkoreanische Truppen", "month", "circa"],
      ["Treffen der G7-Außenminister", "day", null],
      ["Zweibahnstraße", "day", null],
      ["unerschütterliche Unterstützung", "day", null],
      ["Sicherheitsunterstützung", "day", null],
      ["Gazprom", "day", "before"],
      ["Energiesektors", "day", "before"],
      ["Sicherheitsabkommen", "year", null],
      ["nukleare Rhetorik", "day", null],
    ];
    for (const [fragment, precision, qualifier] of expected) {
      const e = byTitle(fragment);
      expect(mustParseDate(e.start).precision, fragment).toBe(precision);
      expect(e.date_qualifier, fragment).toBe(qualifier);
    }
  });

  it("North Korean troops are dated to autumn 2024 at month precision, marked as approximate", () => {
    const e = byTitle("Nordkoreanische Truppen");
    expect(e.start).toBe("2024-10");
    expect(e.date_qualifier).toBe("circa");
  });

  it("what Blinken said and what the ministers condemned falls on the last day of the meeting", () => {
    for (const fragment of ["Zweibahnstraße", "unerschütterliche Unterstützung", "Sicherheitsunterstützung", "nukleare Rhetorik"]) {
      expect(byTitle(fragment).start, fragment).toBe("2024-11-26");
    }
  });

  it("the meeting is a span from 25 to 26 November 2024", () => {
    const e = byTitle("Treffen der G7-Außenminister");
    expect(e.start).toBe("2024-11-25");
    expect(e.end).toBe("2024-11-26");
  });

  it("every span ends after it starts", () => {
    const spans = entries.filter((e) => e.end !== null);
    expect(spans.length).toBeGreaterThan(0);
    for (const e of spans) {
      const start = mustParseDate(e.start);
      const end = mustParseDate(e.end!);
      expect(isEndBeforeStart(start, end), e.title).toBe(false);
      expect(end.startMs, e.title).toBeGreaterThan(start.startMs);
    }
  });

  it("qualifiers and display texts are of the allowed kinds", () => {
    for (const e of entries) {
      if (e.date_qualifier !== null) expect(DATE_QUALIFIERS).toContain(e.date_qualifier);
      if (e.display_date !== null) {
        expect(e.display_date.trim().length).toBeGreaterThan(0);
        expect(e.display_date.length).toBeLessThanOrEqual(LIMITS.displayDate);
      }
    }
  });

  it("no day is invented where the article gives only a year or a decade", () => {
    const e = byTitle("Sicherheitsabkommen");
    expect(e.display_date).toContain("nächste Jahrzehnt");
    expect(mustParseDate(e.commitment!.due!).precision).toBe("year");
  });
});

describe("commitments", () => {
  const commitments = entries.filter((e) => e.kind === "commitment");

  it("events carry no commitment; commitments carry a status, who made them and for whom", () => {
    for (const e of entries) {
      expect(ENTRY_KINDS).toContain(e.kind);
      if (e.kind === "event") {
        expect(e.commitment, e.title).toBeNull();
        continue;
      }
      const c = e.commitment!;
      expect(COMMITMENT_STATUSES, e.title).toContain(c.status);
      expect(c.made_by.length, e.title).toBeGreaterThan(0);
      for (const actor of c.made_by) expect(actor.trim().length).toBeGreaterThan(0);
      expect(c.beneficiary, e.title).toBe("Ukraine");
      expect(c.status_note?.trim().length ?? 0, `${e.title}: status note`).toBeGreaterThan(0);
    }
    expect(commitments).toHaveLength(4);
  });

  it("the G7 support runs through 2025", () => {
    const c = byTitle("unerschütterliche Unterstützung").commitment!;
    expect(c.made_by).toEqual(["G7"]);
    expect(c.due).toBe("2025");
    expect(c.status).toBe("announced");
  });

  it("the United States announce more security assistance, with no amount the article does not give", () => {
    const c = byTitle("Sicherheitsunterstützung").commitment!;
    expect(c.made_by).toEqual(["USA"]);
    expect(c.status).toBe("announced");
    expect(c.amount).toBeNull();
    expect(c.tranches ?? []).toEqual([]);
    expect(c.due).toBeNull();
  });

  it("the energy pledge is tranches of 2 billion US dollars committed and provided, none claimed as paid out", () => {
    const c = byTitle("Energiesektors").commitment!;
    const tranches = c.tranches!;
    expect(tranches.map((t) => [t.phase, t.date, t.amount])).toEqual([
      ["committed", "2024-11-26", { value: 2_000_000_000, currency: "USD" }],
      ["allocated", "2024-11-26", { value: 2_000_000_000, currency: "USD" }],
    ]);
    // "über 2 Milliarden": the lower bound, and the note says so; "bereitgestellt" is not "ausgezahlt".
    expect(tranches[0]!.note).toContain("Untergrenze");
    expect(tranches[1]!.note).toContain("bereitgestellt");
    expect(c.status).toBe("in_progress");
    expect(c).not.toHaveProperty("amount"); // derived from the tranches
    expect(compatibleAmounts(tranches)).toEqual({
      amount: { value: 2_000_000_000, currency: "USD" },
      delivered: { value: 0, currency: "USD" },
    });
    expect(progress(compatibleAmounts(tranches).amount, compatibleAmounts(tranches).delivered)).toBe(0);
  });

  it("the 27 security agreements are counted as a unit, never as money", () => {
    const c = byTitle("Sicherheitsabkommen").commitment!;
    expect(trancheTotals(c.tranches!)).toEqual([{ currency: "Sicherheitsabkommen", committed: 27, allocated: 0, delivered: 0, progress: 0 }]);
    expect(mustParseDate(c.tranches![0]!.date).precision).toBe("year");
  });

  it("the security agreements are made by the 27 signatories for a ten-year horizon", () => {
    const c = byTitle("Sicherheitsabkommen").commitment!;
    expect(c.made_by).toEqual(["27 Unterzeichnerstaaten"]);
    const signed = mustParseDate(byTitle("Sicherheitsabkommen").start);
    expect(mustParseDate(c.due!).year - signed.year).toBe(10);
  });

  it("no commitment was overdue when it was reported", () => {
    const pressConference = Date.UTC(2024, 10, 26, 12);
    for (const e of commitments) {
      expect(isOverdue(e.commitment!, pressConference, demo.timeline.time_zone), e.title).toBe(false);
    }
  });
});

describe("sources and text", () => {
  it("every source and status source is a real https home page, not an invented article URL", () => {
    const urls = entries.flatMap((e) => [
      ...e.sources,
      ...(e.commitment?.status_source ? [e.commitment.status_source] : []),
      ...(e.commitment?.tranches ?? []).flatMap((t) => (t.source ? [t.source] : [])),
    ]);
    expect(urls.length).toBeGreaterThan(0);
    for (const source of urls) {
      expect(isHttpUrl(source.url), source.url).toBe(true);
      const url = new URL(source.url);
      expect(url.protocol, source.url).toBe("https:");
      expect(url.pathname + url.search + url.hash, source.url).toBe("/");
      expect(source.title.trim().length).toBeGreaterThan(0);
    }
    for (const e of entries) expect(e.sources.length, e.title).toBeGreaterThan(0);
  });

  it("ids are unique UUIDv7", () => {
    const ids = entries.map((e) => e.id);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("bodies are plain text: no HTML tags or entities", () => {
    for (const e of entries) {
      expect(e.body, e.title).not.toBeNull();
      expect(e.body!, e.title).not.toMatch(/<\/?[a-z!][^>]*>/i);
      expect(e.body!, e.title).not.toMatch(/&(#\d+|#x[0-9a-f]+|[a-z]+);/i);
      expect(hasForbiddenCharacters(e.body!, true), e.title).toBe(false);
      expect(e.body!.length).toBeLessThanOrEqual(LIMITS.body);
    }
  });

  it("titles, tags, actors, places and importance stay within the contract", () => {
    for (const e of entries) {
      expect(Object.keys(e).sort(), e.title).toEqual([...ENTRY_KEYS].sort());
      const title = e.title.trim();
      expect(title.length).toBeGreaterThan(0);
      expect(title.length).toBeLessThanOrEqual(LIMITS.entryTitle);
      expect(hasForbiddenCharacters(e.title)).toBe(false);
      expect(e.tags.length).toBeGreaterThan(0);
      expect(e.actors.length).toBeGreaterThan(0);
      for (const tag of e.tags) expect(tag.length).toBeLessThanOrEqual(LIMITS.tag);
      for (const actor of e.actors) expect(actor.length).toBeLessThanOrEqual(LIMITS.actor);
      expect(Number.isInteger(e.importance)).toBe(true);
      expect(e.importance).toBeGreaterThanOrEqual(1);
      expect(e.importance).toBeLessThanOrEqual(5);
      expect(e.media).toBeNull();
    }
  });

  it("names the actors the article names", () => {
    const actors = new Set(entries.flatMap((e) => e.actors));
    for (const name of ["G7", "USA", "Antony Blinken", "Russland", "Nordkorea", "Ukraine", "Gazprom"]) {
      expect(actors, name).toContain(name);
    }
  });
});

describe("the English edition", () => {
  it("is published in German and English", () => {
    expect(demo.timeline.languages).toEqual(["de", "en"]);
  });

  it("translates every entry by hand: each text field the German has, and every status and tranche note", () => {
    for (const e of entries) {
      expect(Object.keys(e.translations), e.title).toEqual(["en"]);
      const en = e.translations.en!;
      expect(en.machine, e.title).toBe(false);
      for (const field of TEXT_FIELDS) {
        const german = e[field];
        const english = en[field] ?? null;
        expect(english === null, `${e.title}: ${field}`).toBe(german === null);
        if (german === null || english === null) continue;
        expect(english, `${e.title}: ${field} is translated`).not.toBe(german);
        expect(hasForbiddenCharacters(english, field === "body"), `${e.title}: ${field}`).toBe(false);
        expect(english.trim()).toBe(english);
      }
      expect(en.title!.length).toBeLessThanOrEqual(LIMITS.entryTitle);
      expect(en.body!).not.toMatch(/<\/?[a-z!][^>]*>/i);
      const note = e.commitment?.status_note;
      if (note) expect(en.status_notes?.[note], `${e.title}: status note`).toMatch(/\S/);
      else expect(en.status_notes, e.title).toBeUndefined();
      const trancheNotes = (e.commitment?.tranches ?? []).flatMap((t: { note?: string | null }) => (t.note ? [t.note] : []));
      for (const n of trancheNotes) expect(en.tranche_notes?.[n], `${e.title}: tranche note`).toMatch(/\S/);
      if (trancheNotes.length === 0) expect(en.tranche_notes, e.title).toBeUndefined();
    }
  });

  it("loads, and reads entirely in English: no text falls back, nothing is marked as the original", async () => {
    const { timeline } = demo;
    await createTimeline(timeline.slug, { ...timeline, slug: "demo-en" });
    const res = await call("POST", "/v1/timelines/demo-en/import", { body: demo });
    expect(res.status, await res.clone().text()).toBe(200);
    const list = await json(await call("GET", "/v1/timelines/demo-en/entries?lang=en", { token: null }));
    expect(list.items).toHaveLength(entries.length);
    for (const item of list.items) expect(item.fallback, item.title).toEqual({});
    const html = await (await call("GET", "/embed/demo-en?lang=en", { token: null, headers: { Accept: BROWSER_ACCEPT } })).text();
    expect(await select(html, "li .og")).toEqual([]);
    expect(await select(html, "li [lang]")).toEqual([]);
    expect((await select(html, "li h3")).map((h) => h.text)).toContain("G7 partners impose sanctions on Gazprom");
  });
});
