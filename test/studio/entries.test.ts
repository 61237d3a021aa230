/**
 * The studio's forms, without a browser: timelines created and configured, entries typed the way
 * people write dates and amounts, shown back before saving, errors beside their fields, the
 * "changed meanwhile" page, status updates appended to the history, drafts, trash and versions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, json } from "../support/api";
import { entryFields, entryIdIn, location, StudioClient } from "../support/studio";

let studio: StudioClient;
const SLUG = "desk";

const api = async (path: string) => json(await call("GET", path));
const entries = async () => (await api(`/v1/timelines/${SLUG}/entries?limit=200`)).items as any[];

describe("studio forms", () => {
  beforeAll(async () => {
    studio = new StudioClient();
    await studio.signIn();
  });

  it("creates a timeline, refusing a bad slug beside its field", async () => {
    const bad = await studio.post("/studio/new", { slug: "Not A Slug", title: "", language: "de", time_zone: "Europe/Berlin", visibility: "public", embed_origins: "" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-slug"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="f-slug-error"');
    expect(html).toContain('id="f-title-error"');
    const ok = await studio.post("/studio/new", {
      slug: SLUG,
      title: "Energy desk",
      description: "Pledges",
      language: "de",
      time_zone: "Europe/Berlin",
      visibility: "unlisted",
      embed_origins: "https://news.example\nhttps://other.example/",
    });
    expect(ok.status).toBe(303);
    expect(location(ok)).toBe(`/studio/t/${SLUG}?done=timelineCreated`);
    expect(await api(`/v1/timelines/${SLUG}`)).toMatchObject({ title: "Energy desk", language: "de", visibility: "unlisted", embed_origins: ["https://news.example", "https://other.example"] });
    const taken = await studio.post("/studio/new", { slug: SLUG, title: "Again", language: "en", time_zone: "UTC", visibility: "public" });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("This short name is taken.");
  });

  it("reads dates as people type them and shows them back before saving", async () => {
    const typed = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "G7 meeting", start: "26.11.2024", end: "", dates_checked: "" }), {
      Origin: "https://timeline.test",
      "Sec-Fetch-Site": "same-origin",
      "Accept-Language": "de-DE,de;q=0.9",
    });
    expect(typed.status).toBe(200);
    const html = await typed.text();
    expect(html).toContain("Prüfen Sie die Daten");
    expect(html).toMatch(/id="f-start"[^>]*value="2024-11-26"/);
    expect(html).toContain("26. November 2024 · Tag");
    expect(await entries()).toHaveLength(0);

    const ambiguous = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "x", start: "3/4/2024", dates_checked: "" }));
    const text = await ambiguous.text();
    expect(text).toMatch(/id="f-start"[^>]*value="2024-03-04"/);
    expect(text).toContain("March 4, 2024 · day (day and month could also be read the other way round)");

    const saved = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "G7 meeting", start: "2024-11-26", tags: "G7, Diplomatie, g7" }));
    expect(saved.status).toBe(303);
    expect(location(saved)).toMatch(/\/studio\/t\/desk\/e\/[0-9a-f-]{36}\?done=created$/);
    const [stored] = await entries();
    expect(stored).toMatchObject({ title: "G7 meeting", start: "2024-11-26", tags: ["G7", "Diplomatie"], draft: false });
  });

  it("takes a qualifier typed with the date", async () => {
    const res = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "Founded", start: "ca. 1990" }));
    expect(res.status).toBe(303);
    expect((await entries()).find((e) => e.title === "Founded")).toMatchObject({ start: "1990", date_qualifier: "circa" });
  });

  it("shows every problem beside its field and stores nothing", async () => {
    const before = (await entries()).length;
    const res = await studio.post(
      `/studio/t/${SLUG}/new`,
      entryFields({ title: " ", start: "31.2.2024", src_url: ["notaurl", ""], src_title: ["", ""], src_publisher: ["", ""], src_published: ["", ""], importance: "9" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const id of ["f-title", "f-start", "f-src_url_0", "f-src_title_0", "f-importance"]) {
      expect(html, id).toContain(`id="${id}-error"`);
    }
    expect(html).toMatch(/id="f-title"[^>]*aria-describedby="[^"]*f-title-error/);
    expect(html).toContain("has no such day");
    expect((await entries()).length).toBe(before);
  });

  it("adds a source row without saving when asked to (no script needed)", async () => {
    const res = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "Sourced", src_url: "https://a.example/", src_title: "A", src_publisher: "", src_published: "", add_source: "1" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="f-src_url_1"');
    expect(html).toMatch(/id="f-src_url_0"[^>]*value="https:\/\/a.example\/"/);
    expect((await entries()).some((e) => e.title === "Sourced")).toBe(false);
  });

  it("answers a stale save with both versions and never overwrites silently", async () => {
    const created = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "Original headline", start: "2024-05" }));
    const id = entryIdIn(location(created));
    // Someone else saves first (through the API).
    await call("PATCH", `/v1/timelines/${SLUG}/entries/${id}`, { body: { title: "Their headline" } });
    const mine = await studio.post(`/studio/t/${SLUG}/e/${id}`, entryFields({ title: "My headline", start: "2024-05", revision: "1" }));
    expect(mine.status).toBe(409);
    const html = await mine.text();
    expect(html).toContain("Changed meanwhile");
    expect(html).toContain("My headline");
    expect(html).toContain("Their headline");
    expect((await api(`/v1/timelines/${SLUG}/entries/${id}`)).title).toBe("Their headline");
    // "Save mine over it" carries the form with the revision now current.
    expect(html).toMatch(/name="revision" value="2"/);
    const keep = await studio.post(`/studio/t/${SLUG}/e/${id}`, entryFields({ title: "My headline", start: "2024-05", revision: "2" }));
    expect(keep.status).toBe(303);
    expect((await api(`/v1/timelines/${SLUG}/entries/${id}`))).toMatchObject({ title: "My headline", revision: 3 });
  });

  it("records a commitment's status change with a delivered amount, appended to its history", async () => {
    const created = await studio.post(
      `/studio/t/${SLUG}/new`,
      entryFields({ kind: "commitment", title: "Grid repair fund", start: "26.11.2024", status: "announced", due: "2025", amount: "2 Mrd.", amount_unit: "USD", made_by: "G7" }),
      { Origin: "https://timeline.test", "Sec-Fetch-Site": "same-origin", "Accept-Language": "de" },
    );
    expect(created.status).toBe(303);
    const id = entryIdIn(location(created));
    expect((await api(`/v1/timelines/${SLUG}/entries/${id}`)).commitment).toMatchObject({ amount: { value: 2e9, currency: "USD" }, made_by: ["G7"] });
    const update = await studio.post(`/studio/t/${SLUG}/e/${id}/status`, {
      status: "partially_fulfilled",
      status_date: "1 March 2025",
      status_note: "First tranche paid",
      status_source_url: "https://example.org/tranche",
      status_source_title: "Ministry",
      delivered: "500,000,000",
      delivered_unit: "",
    });
    expect(update.status).toBe(303);
    const stored = await api(`/v1/timelines/${SLUG}/entries/${id}`);
    expect(stored.commitment).toMatchObject({ status: "partially_fulfilled", delivered: { value: 5e8, currency: "USD" }, progress: 0.25 });
    expect(stored.commitment.history).toEqual([
      expect.objectContaining({ from: null, status: "announced" }),
      { at: "2025-03-01", from: "announced", status: "partially_fulfilled", note: "First tranche paid", source: { url: "https://example.org/tranche", title: "Ministry", publisher: null, published: null } },
    ]);
    const page = await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text();
    expect(page).toContain("First tranche paid");
    const bad = await studio.post(`/studio/t/${SLUG}/e/${id}/status`, { status: "missed", status_date: "soon", delivered: "" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="s-date-error"');
    expect((await api(`/v1/timelines/${SLUG}/entries/${id}`)).commitment.status).toBe("partially_fulfilled");
  });

  it("keeps drafts out of public reads until they are published", async () => {
    const created = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "Embargoed", start: "2025-01-01", draft: "1" }));
    const id = entryIdIn(location(created));
    const publicTitles = async () => (await json(await call("GET", `/v1/timelines/${SLUG}/entries?limit=200`, { token: null }))).items.map((e: any) => e.title);
    expect(await publicTitles()).not.toContain("Embargoed");
    const list = await (await studio.get(`/studio/t/${SLUG}`)).text();
    expect(list).toContain("Embargoed");
    expect(list).toContain("Publish all 1 drafts");
    const published = await studio.post(`/studio/t/${SLUG}/publish`, {});
    expect(location(published)).toBe(`/studio/t/${SLUG}?done=published`);
    expect(await publicTitles()).toContain("Embargoed");
    expect((await api(`/v1/timelines/${SLUG}/entries/${id}`)).draft).toBe(false);
  });

  it("deletes into the trash and restores from it", async () => {
    const created = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "Mistake", start: "2020" }));
    const id = entryIdIn(location(created));
    expect(location(await studio.post(`/studio/t/${SLUG}/e/${id}/delete`, {}))).toBe(`/studio/t/${SLUG}?done=deleted`);
    expect((await entries()).some((e) => e.id === id)).toBe(false);
    const trash = await (await studio.get(`/studio/t/${SLUG}/trash`)).text();
    expect(trash).toContain("Mistake");
    expect(trash).toContain(`/studio/t/${SLUG}/e/${id}/restore`);
    const restored = await studio.post(`/studio/t/${SLUG}/e/${id}/restore`, {});
    expect(location(restored)).toBe(`/studio/t/${SLUG}/e/${id}?done=restored`);
    expect((await entries()).some((e) => e.id === id)).toBe(true);
  });

  it("lists every saved version and restores an older one as a new version", async () => {
    const created = await studio.post(`/studio/t/${SLUG}/new`, entryFields({ title: "First wording", start: "2021" }));
    const id = entryIdIn(location(created));
    await studio.post(`/studio/t/${SLUG}/e/${id}`, entryFields({ title: "Second wording", start: "2021", revision: "1" }));
    const history = await (await studio.get(`/studio/t/${SLUG}/e/${id}/history`)).text();
    expect(history).toContain("First wording");
    expect(history).toContain("Second wording");
    const restored = await studio.post(`/studio/t/${SLUG}/e/${id}/history/1`, {});
    expect(restored.status).toBe(303);
    expect(await api(`/v1/timelines/${SLUG}/entries/${id}`)).toMatchObject({ title: "First wording", revision: 3 });
    const revisions = await api(`/v1/timelines/${SLUG}/entries/${id}/revisions`);
    expect(revisions.items.map((r: any) => r.entry.title)).toEqual(["First wording", "Second wording", "First wording"]);
  });

  it("searches and filters the list like the API, drafts included", async () => {
    const search = await (await studio.get(`/studio/t/${SLUG}?q=grid`)).text();
    expect(search).toContain("Grid repair fund");
    expect(search).not.toContain("First wording");
    const commitments = await (await studio.get(`/studio/t/${SLUG}?kind=commitment&status=&from=Nov.+2024`)).text();
    expect(commitments).toContain("Grid repair fund");
    expect(commitments).not.toContain("G7 meeting");
  });

  it("changes settings, duplicates, deletes and restores a timeline", async () => {
    const saved = await studio.post(`/studio/t/${SLUG}/settings`, { title: "Energy desk (2025)", description: "", language: "de", time_zone: "Europe/Berlin", visibility: "public", embed_origins: "" });
    expect(location(saved)).toBe(`/studio/t/${SLUG}/settings?done=settingsSaved`);
    expect(await api(`/v1/timelines/${SLUG}`)).toMatchObject({ title: "Energy desk (2025)", visibility: "public", embed_origins: [] });

    const original = await json(await call("GET", `/v1/timelines/${SLUG}/export`));
    const copy = await studio.post(`/studio/t/${SLUG}/duplicate`, { slug: "desk-copy" });
    expect(location(copy)).toBe("/studio/t/desk-copy?done=duplicated");
    const copied = await json(await call("GET", "/v1/timelines/desk-copy/export"));
    expect(copied.timeline).toMatchObject({ title: "Energy desk (2025)", language: "de" });
    expect(copied.entries.map((e: any) => e.title).sort()).toEqual(original.entries.map((e: any) => e.title).sort());
    const originalIds = new Set(original.entries.map((e: any) => e.id));
    for (const e of copied.entries) {
      expect(originalIds.has(e.id)).toBe(false);
      expect(originalIds.has(e.external_id)).toBe(true);
    }

    expect(location(await studio.post("/studio/t/desk-copy/delete", {}))).toBe("/studio?done=timelineDeleted");
    expect((await call("GET", "/v1/timelines/desk-copy")).status).toBe(404);
    const overview = await (await studio.get("/studio")).text();
    expect(overview).toContain("Deleted timelines");
    expect(location(await studio.post("/studio/t/desk-copy/restore", {}))).toBe("/studio/t/desk-copy?done=timelineRestored");
    expect((await call("GET", "/v1/timelines/desk-copy")).status).toBe(200);
  });
});
