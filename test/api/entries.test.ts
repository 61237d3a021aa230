import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const path = "/v1/timelines/entries-tl/entries";

describe("entries", () => {
  beforeAll(async () => {
    await createTimeline("entries-tl", { language: "de", time_zone: "Europe/Berlin" });
  });

  it("creates an event with normalised text and reads it back", async () => {
    const res = await call("POST", path, {
      body: {
        kind: "event",
        title: "  Treffen der G7-Au\u00DFenminister, Gespra\u0308che u\u0308ber A\u0308gypten  ",
        body: "Erster Absatz.\r\n\r\nZweiter Absatz mit https://www.g7italy.it/ Link.",
        start: "2024-11-25",
        end: "2024-11-26",
        tags: ["G7", "g7", "Diplomatie", "A\u0308gypten", "\u00C4gypten"],
        actors: ["Antony Blinken"],
        location: "Fiuggi",
        importance: 5,
        sources: [{ url: "https://www.g7italy.it/", title: "G7 Italien" }],
      },
    });
    expect(res.status).toBe(201);
    const entry = await json(res);
    expect(entry.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get("Location")).toBe(`https://timeline.test${path}/${entry.id}`);
    expect(res.headers.get("ETag")).toBe(`"e.${entry.id}.1"`);
    expect(entry).toMatchObject({
      timeline: "entries-tl",
      title: "Treffen der G7-Au\u00DFenminister, Gespr\u00E4che \u00FCber \u00C4gypten",
      body: "Erster Absatz.\n\nZweiter Absatz mit https://www.g7italy.it/ Link.",
      precision: { start: "day", end: "day" },
      tags: ["G7", "Diplomatie", "\u00C4gypten"],
      commitment: null,
      revision: 1,
      sources: [{ url: "https://www.g7italy.it/", title: "G7 Italien", publisher: null, published: null }],
    });
    const read = await call("GET", `${path}/${entry.id}`, { token: null });
    expect(read.status).toBe(200);
    expect(await json(read)).toEqual(entry);
    expect(read.headers.get("ETag")).toMatch(new RegExp(`^"e\\.${entry.id}\\.1\\.`));
  });

  it("creates a commitment with amounts, derived progress and overdue, and a first history record", async () => {
    const entry = await createEntry("entries-tl", {
      kind: "commitment",
      title: "Über 2 Milliarden Dollar für den Energiesektor",
      start: "2024-11-26",
      commitment: {
        status: "in_progress",
        due: "2025",
        amount: { value: 2e9, currency: "USD" },
        delivered: { value: 5e8, currency: "USD" },
        made_by: ["G7"],
        beneficiary: "Ukraine",
        status_note: "Zusage beim Treffen",
      },
    });
    expect(entry.commitment).toMatchObject({
      status: "in_progress",
      due: "2025",
      progress: 0.25,
      overdue: true, // the due year 2025 has passed (the suite runs after it)
      made_by: ["G7"],
      beneficiary: "Ukraine",
    });
    expect(entry.commitment.history).toEqual([
      { at: entry.created_at, from: null, status: "in_progress", note: "Zusage beim Treffen", source: null },
    ]);
    expect(entry.commitment).not.toHaveProperty("status_note");
  });

  it("gives a commitment without commitment data the status announced", async () => {
    const entry = await createEntry("entries-tl", { kind: "commitment", title: "Zusage", start: "2030" });
    expect(entry.commitment).toMatchObject({ status: "announced", due: null, overdue: false, progress: null });
  });

  it("rejects what does not make sense, naming each field", async () => {
    const res = await call("POST", path, {
      body: {
        kind: "event",
        title: "x".repeat(201),
        start: "2024-02-30",
        end: "2024",
        date_qualifier: "maybe",
        importance: 6,
        tags: ["ok", ""],
        sources: [{ url: "javascript:alert(1)", title: "bad" }],
        media: { url: "ftp://x.example/a.png" },
        commitment: { status: "announced" },
      },
    });
    expect(res.status).toBe(400);
    const pointers = (await json(res)).errors.map((e: any) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        "/title",
        "/start",
        "/date_qualifier",
        "/importance",
        "/tags/1",
        "/sources/0/url",
        "/media/url",
      ]),
    );
  });

  it("applies cross-field rules: span order, events without commitment data, one currency", async () => {
    const span = await json(await call("POST", path, { body: { kind: "event", title: "x", start: "2024-11-26", end: "2024-11-25" } }));
    expect(span.errors).toEqual([{ pointer: "/end", detail: "must not be before start" }]);
    const event = await json(
      await call("POST", path, { body: { kind: "event", title: "x", start: "2024", commitment: { status: "missed" } } }),
    );
    expect(event.errors[0].pointer).toBe("/commitment");
    const currency = await json(
      await call("POST", path, {
        body: {
          kind: "commitment",
          title: "x",
          start: "2024",
          commitment: { amount: { value: 1, currency: "USD" }, delivered: { value: 1, currency: "EUR" } },
        },
      }),
    );
    expect(currency.errors[0].pointer).toBe("/commitment/delivered/currency");
  });

  it("patches fields, merges commitment data and appends a status change to the history", async () => {
    const created = await createEntry("entries-tl", {
      kind: "commitment",
      title: "USA erhöhen Sicherheitsunterstützung",
      start: "2024-11-26",
      tags: ["USA"],
      commitment: { status: "announced", made_by: ["USA"], due: "2025-12" },
    });
    const res = await call("PATCH", `${path}/${created.id}`, {
      body: {
        body: "Neue Einzelheiten.",
        commitment: {
          status: "fulfilled",
          status_note: "Paket geliefert",
          status_source: { url: "https://www.state.gov/", title: "State Department" },
          status_date: "2025-06-01",
        },
      },
    });
    expect(res.status).toBe(200);
    const patched = await json(res);
    expect(patched).toMatchObject({ body: "Neue Einzelheiten.", tags: ["USA"], revision: 2 });
    expect(patched.commitment).toMatchObject({ status: "fulfilled", made_by: ["USA"], due: "2025-12", overdue: false });
    expect(patched.commitment.history).toHaveLength(2);
    expect(patched.commitment.history[1]).toEqual({
      at: "2025-06-01",
      from: "announced",
      status: "fulfilled",
      note: "Paket geliefert",
      source: { url: "https://www.state.gov/", title: "State Department", publisher: null, published: null },
    });

    const again = await json(await call("PATCH", `${path}/${created.id}`, { body: { title: "USA liefern" } }));
    expect(again.commitment.history).toHaveLength(2);
    const cleared = await json(await call("PATCH", `${path}/${created.id}`, { body: { body: null } }));
    expect(cleared.body).toBeNull();
    const toEvent = await call("PATCH", `${path}/${created.id}`, { body: { kind: "event" } });
    expect(toEvent.status).toBe(400);
    const converted = await json(await call("PATCH", `${path}/${created.id}`, { body: { kind: "event", commitment: null } }));
    expect(converted).toMatchObject({ kind: "event", commitment: null });
  });

  it("keeps every revision readable for token holders", async () => {
    const created = await createEntry("entries-tl", { title: "v1", start: "2024" });
    await call("PATCH", `${path}/${created.id}`, { body: { title: "v2" } });
    await call("DELETE", `${path}/${created.id}`);
    const res = await call("GET", `${path}/${created.id}/revisions`);
    expect(res.status).toBe(200);
    const { items } = await json(res);
    expect(items.map((r: any) => [r.revision, r.action, r.entry.title])).toEqual([
      [3, "delete", "v2"],
      [2, "update", "v2"],
      [1, "create", "v1"],
    ]);
    expect(items[0].token_id).toBe("root");
    expect((await call("GET", `${path}/${created.id}/revisions`, { token: null })).status).toBe(401);
  });

  it("deletes softly and restores", async () => {
    const created = await createEntry("entries-tl", { title: "Vorläufig", start: "2024-01" });
    expect((await call("DELETE", `${path}/${created.id}`)).status).toBe(204);
    expect((await call("GET", `${path}/${created.id}`, { token: null })).status).toBe(404);
    const list = await json(await call("GET", `${path}?limit=200`, { token: null }));
    expect(list.items.map((e: any) => e.id)).not.toContain(created.id);
    expect((await call("DELETE", `${path}/${created.id}`)).status).toBe(404);
    const restored = await call("POST", `${path}/${created.id}/restore`);
    expect(restored.status).toBe(200);
    expect(await json(restored)).toMatchObject({ id: created.id, title: "Vorläufig", revision: 3 });
    expect((await call("GET", `${path}/${created.id}`, { token: null })).status).toBe(200);
  });

  it("answers 404 for entries of other timelines and malformed ids", async () => {
    await createTimeline("other-tl");
    const foreign = await createEntry("other-tl", { title: "Fremd", start: "2024" });
    expect((await call("GET", `${path}/${foreign.id}`, { token: null })).status).toBe(404);
    expect((await call("PATCH", `${path}/${foreign.id}`, { body: { title: "x" } })).status).toBe(404);
    const malformed = await call("GET", `${path}/not-an-id`, { token: null });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).errors[0]).toEqual({ parameter: "id", detail: "is not an entry id" });
    expect((await call("POST", "/v1/timelines/nope/entries", { body: { kind: "event", title: "x", start: "2024" } })).status).toBe(404);
  });
});
