/**
 * Tranche notes in several languages, end to end: written with the entry or per language, read
 * with `?lang=` (an untranslated note falls back and is marked), stale once the source note
 * changes, and shown by the widget and the calendar in the language they are written in.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";
import { select } from "../widget/html";

const SLUG = "tranche-notes";
const api = `/v1/timelines/${SLUG}`;
const tranche = (phase: string, date: string, value: number, note: string | null) => ({ phase, date, amount: { value, currency: "EUR" }, made_by: "Deutschland", note });
const read = async (path: string) => json(await call("GET", path, { token: null }));

let id: string;

beforeAll(async () => {
  await createTimeline(SLUG, { title: "Zusagen", language: "de", languages: ["en"], time_zone: "Europe/Berlin" });
  id = (
    await createEntry(SLUG, {
      kind: "commitment",
      title: "Energiefonds",
      start: "2024-11-26",
      commitment: {
        status: "in_progress",
        made_by: ["Deutschland"],
        tranches: [
          tranche("committed", "2024-11-26", 2e9, null),
          tranche("delivered", "2025-01-10", 5e8, "Erste Tranche"),
          tranche("delivered", "2025-02-10", 1e8, "Zweite Tranche"),
        ],
      },
      // Written with the entry: the title and one of the two notes.
      translations: { en: { title: "Energy fund", tranche_notes: { "Erste Tranche": "First tranche" } } },
    })
  ).id;
});

describe("tranche notes through the API", () => {
  it("are stored with the translation and read back with lang, an untranslated one falling back, marked", async () => {
    const stored = await read(`${api}/entries/${id}`);
    expect(stored.translations.en).toMatchObject({ tranche_notes: { "Erste Tranche": "First tranche" }, stale: false });
    expect(stored.commitment.tranches.map((t: any) => t.note)).toEqual([null, "Erste Tranche", "Zweite Tranche"]);

    const en = await read(`${api}/entries/${id}?lang=en`);
    expect(en.title).toBe("Energy fund");
    expect(en.commitment.tranches.map((t: any) => t.note)).toEqual([null, "First tranche", "Zweite Tranche"]);
    expect(en.fallback).toEqual({ tranche_notes: "de" });
    expect(en.translation).toEqual({ lang: "en", machine: false, stale: false });

    const list = await read(`${api}/entries?lang=en`);
    expect(list.items[0].commitment.tranches[1].note).toBe("First tranche");
  });

  it("refuse a note that is not one of the entry's tranche notes, pointing at it, and write nothing", async () => {
    const put = await call("PUT", `${api}/entries/${id}/translations/en`, { body: { title: "Energy fund", tranche_notes: { "Dritte Tranche": "Third tranche" } } });
    expect(put.status).toBe(400);
    expect((await json(put)).errors).toEqual([{ pointer: "/tranche_notes/Dritte Tranche", detail: "is not one of the entry's tranche notes (give the note exactly as written)" }]);
    const patch = await call("PATCH", `${api}/entries/${id}`, { body: { translations: { en: { tranche_notes: { "erste tranche": "First tranche" } } } } });
    expect(patch.status).toBe(400);
    expect((await json(patch)).errors[0].pointer).toBe("/translations/en/tranche_notes/erste tranche");
    expect((await read(`${api}/entries/${id}`)).revision).toBe(1);
  });

  it("takes the second note per language, and then nothing falls back", async () => {
    const put = await call("PUT", `${api}/entries/${id}/translations/en`, {
      body: { title: "Energy fund", tranche_notes: { "Erste Tranche": "First tranche", "Zweite Tranche": "Second tranche" } },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const en = await read(`${api}/entries/${id}?lang=en`);
    expect(en.commitment.tranches.map((t: any) => t.note)).toEqual([null, "First tranche", "Second tranche"]);
    expect(en.fallback).toEqual({});
  });
});

describe("tranche notes in the widget and the calendar", () => {
  beforeAll(async () => {
    await call("PUT", `${api}/entries/${id}/translations/en`, { body: { title: "Energy fund", tranche_notes: { "Erste Tranche": "First tranche" } } });
  });

  it("widget: the translated note is the page's own text, the fallen-back one carries lang=de", async () => {
    const res = await call("GET", `/embed/${SLUG}?lang=en`, { token: null, headers: { Accept: BROWSER_ACCEPT } });
    const html = await res.text();
    const items = await select(html, `#entry-${id} ul.tr li`);
    expect(items.map((i) => i.text)).toEqual([
      expect.not.stringContaining("tranche"),
      expect.stringMatching(/· First tranche$/),
      expect.stringMatching(/· Zweite Tranche$/),
    ]);
    const marked = await select(html, `#entry-${id} ul.tr li [lang]`);
    expect(marked.map((m) => [m.attrs.lang, m.text])).toEqual([["de", "Zweite Tranche"]]);

    // In German nothing is marked.
    const source = await (await call("GET", `/embed/${SLUG}`, { token: null, headers: { Accept: BROWSER_ACCEPT } })).text();
    expect((await select(source, `#entry-${id} ul.tr li`)).map((i) => i.text)[1]).toMatch(/· Erste Tranche$/);
    expect(await select(source, `#entry-${id} ul.tr li [lang]`)).toEqual([]);
  });

  it("iCalendar: tranche events describe the note in English, an untranslated one with LANGUAGE=de", async () => {
    const body = await (await call("GET", `${api}/calendar.ics?lang=en`, { token: null })).text();
    const events = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents("vevent");
    const byDate = (date: string) => events.find((e) => String(e.getFirstPropertyValue("dtstart")) === date && e.getFirstPropertyValue("categories") === "Tranches")!;
    const first = byDate("2025-01-10").getFirstProperty("description")!;
    expect(first.getFirstValue()).toMatch(/First tranche$/);
    expect(first.getParameter("language")).toBeUndefined();
    const second = byDate("2025-02-10").getFirstProperty("description")!;
    expect(second.getFirstValue()).toMatch(/Zweite Tranche$/);
    expect(second.getParameter("language")).toBe("de");
    expect(byDate("2025-01-10").getFirstPropertyValue("summary")).toMatch(/^Deutschland delivered /);
  });

  it("changes feed: the tranche's item carries the translated note", async () => {
    const feed = await read(`${api}/changes.json?lang=en`);
    const delivered = feed.items.filter((i: any) => i._change.kind === "tranche" && i._change.phase === "delivered");
    expect(delivered.map((i: any) => i.content_text.split("\n\n")[1])).toEqual(expect.arrayContaining(["First tranche", "Zweite Tranche"]));
  });
});

describe("a tranche note edited in the source", () => {
  it("makes its translation stale: the old note's translation no longer applies, the new note falls back, marked", async () => {
    const current = await read(`${api}/entries/${id}`);
    expect(current.translations.en.stale).toBe(false);
    const tranches = current.commitment.tranches.map((t: any) => (t.note === "Erste Tranche" ? { ...t, note: "Erste Auszahlung" } : t));
    const res = await call("PATCH", `${api}/entries/${id}`, { body: { commitment: { tranches } } });
    expect(res.status, await res.clone().text()).toBe(200);

    const stored = await read(`${api}/entries/${id}`);
    expect(stored.translations.en.stale).toBe(true);
    expect(stored.translations.en).not.toHaveProperty("tranche_notes");
    const en = await read(`${api}/entries/${id}?lang=en`);
    expect(en.title).toBe("Energy fund");
    expect(en.commitment.tranches.map((t: any) => t.note)).toEqual([null, "Erste Auszahlung", "Zweite Tranche"]);
    expect(en.fallback).toEqual({ tranche_notes: "de" });
    expect(en.translation).toEqual({ lang: "en", machine: false, stale: true });

    // Translating the new note brings the translation up to date.
    const put = await call("PUT", `${api}/entries/${id}/translations/en`, { body: { title: "Energy fund", tranche_notes: { "Erste Auszahlung": "First payout" } } });
    expect(put.status).toBe(200);
    expect((await read(`${api}/entries/${id}`)).translations.en).toMatchObject({ stale: false, tranche_notes: { "Erste Auszahlung": "First payout" } });
  });

  it("leaves a translation fresh when an untranslated note changes", async () => {
    const current = await read(`${api}/entries/${id}`);
    const tranches = current.commitment.tranches.map((t: any) => (t.note === "Zweite Tranche" ? { ...t, note: "Zweite Auszahlung" } : t));
    expect((await call("PATCH", `${api}/entries/${id}`, { body: { commitment: { tranches } } })).status).toBe(200);
    expect((await read(`${api}/entries/${id}`)).translations.en).toMatchObject({ stale: false, tranche_notes: { "Erste Auszahlung": "First payout" } });
  });
});
