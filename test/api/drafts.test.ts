/**
 * Drafts: stored like any entry, shown only to tokens that can edit the timeline; never in public
 * reads, feeds, the widget, pages or oEmbed. Publishing one shows it at once, whatever was cached.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";

const SLUG = "drafty";
const SECRET = "Unpublished scoop";
let draft: any;
let editor: string;
let outsider: string;

async function token(timelines: string[]) {
  const res = await call("POST", "/v1/tokens", { body: { name: `editor of ${timelines}`, role: "editor", timelines } });
  expect(res.status).toBe(201);
  return (await json(res)).token as string;
}

const PUBLIC_READS = [
  `/v1/timelines/${SLUG}/entries`,
  `/v1/timelines/${SLUG}/entries?q=scoop`,
  `/v1/timelines/${SLUG}/entries?tag=exclusive`,
  `/v1/timelines/${SLUG}/entries?kind=commitment`,
  `/v1/timelines/${SLUG}/feed.json`,
  `/v1/timelines/${SLUG}/feed.atom`,
  `/v1/timelines/${SLUG}/calendar.ics`,
  `/v1/timelines/${SLUG}/timelinejs.json`,
  `/v1/timelines/${SLUG}/entries.csv`,
  `/embed/${SLUG}`,
  `/t/${SLUG}`,
  `/oembed?url=${encodeURIComponent(`https://timeline.test/t/${SLUG}`)}`,
];

describe("drafts", () => {
  beforeAll(async () => {
    await createTimeline(SLUG, { language: "en" });
    await createTimeline("elsewhere");
    await createEntry(SLUG, { title: "Public event", start: "2024-01-01", tags: ["exclusive"] });
    draft = await createEntry(SLUG, {
      kind: "commitment",
      title: SECRET,
      body: "The scoop itself",
      start: "2024-02-01",
      tags: ["exclusive"],
      draft: true,
      commitment: { status: "missed", due: "2024" },
    });
    editor = await token([SLUG]);
    outsider = await token(["elsewhere"]);
  });

  it("is stored with draft: true; entries default to published", async () => {
    expect(draft.draft).toBe(true);
    const plain = await createEntry(SLUG, { title: "Plain", start: "2023" });
    expect(plain.draft).toBe(false);
    await call("DELETE", `/v1/timelines/${SLUG}/entries/${plain.id}`);
    const bad = await call("POST", `/v1/timelines/${SLUG}/entries`, { body: { kind: "event", title: "x", start: "2024", draft: "yes" } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors).toContainEqual(expect.objectContaining({ pointer: "/draft" }));
  });

  it("never appears in a public read: API lists, search, filters, feeds, widget, page, oEmbed", async () => {
    for (const path of PUBLIC_READS) {
      const res = await call("GET", path, { token: null, headers: { Accept: path.startsWith("/v1") || path.startsWith("/oembed") ? "*/*" : BROWSER_ACCEPT } });
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).not.toContain(SECRET);
      expect(text, path).not.toContain(draft.id);
    }
    const single = await call("GET", `/v1/timelines/${SLUG}/entries/${draft.id}`, { token: null });
    expect(single.status).toBe(404);
  });

  it("is left out of the widget's commitment counts", async () => {
    const html = await (await call("GET", `/embed/${SLUG}?lang=en`, { token: null, headers: { Accept: BROWSER_ACCEPT } })).text();
    expect(html).not.toContain(`class="sum"`);
    expect(html).not.toContain(`class="st s-missed"`);
  });

  it("is listed for tokens that can edit the timeline, privately, and hidden from tokens of other timelines", async () => {
    for (const who of [undefined, editor]) {
      const res = await call("GET", `/v1/timelines/${SLUG}/entries`, { token: who });
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      const titles = (await json(res)).items.map((e: any) => e.title);
      expect(titles).toEqual(["Public event", SECRET]);
      const one = await call("GET", `/v1/timelines/${SLUG}/entries/${draft.id}`, { token: who });
      expect(one.status).toBe(200);
      expect(one.headers.get("Cache-Control")).toBe("private, no-store");
      expect((await json(one)).draft).toBe(true);
    }
    const other = await call("GET", `/v1/timelines/${SLUG}/entries`, { token: outsider });
    expect((await json(other)).items.map((e: any) => e.title)).toEqual(["Public event"]);
    expect((await call("GET", `/v1/timelines/${SLUG}/entries/${draft.id}`, { token: outsider })).status).toBe(404);
    // A token that is not valid reads as the public does.
    const wrong = await call("GET", `/v1/timelines/${SLUG}/entries`, { token: "et_wrong" });
    expect(wrong.status).toBe(200);
    expect((await json(wrong)).items.map((e: any) => e.title)).toEqual(["Public event"]);
  });

  it("is kept by export and import", async () => {
    const doc = await json(await call("GET", `/v1/timelines/${SLUG}/export`));
    const exported = doc.entries.find((e: any) => e.id === draft.id);
    expect(exported.draft).toBe(true);
    await createTimeline("drafty-copy");
    const copy = await call("POST", "/v1/timelines/drafty-copy/import", {
      body: { ...doc, entries: doc.entries.map(({ id: _id, ...e }: any) => e) },
    });
    expect(copy.status).toBe(200);
    const listed = await json(await call("GET", "/v1/timelines/drafty-copy/entries"));
    expect(listed.items.find((e: any) => e.title === SECRET).draft).toBe(true);
    const publicCopy = await json(await call("GET", "/v1/timelines/drafty-copy/entries", { token: null }));
    expect(publicCopy.items.map((e: any) => e.title)).toEqual(["Public event"]);
  });

  it("shows up everywhere at once when published, however the public reads were cached", async () => {
    const warm = await call("GET", `/v1/timelines/${SLUG}/feed.json`, { token: null });
    expect(await warm.text()).not.toContain(SECRET);
    const published = await call("PATCH", `/v1/timelines/${SLUG}/entries/${draft.id}`, { body: { draft: false } });
    expect(published.status).toBe(200);
    expect((await json(published)).draft).toBe(false);
    for (const path of [`/v1/timelines/${SLUG}/feed.json`, `/v1/timelines/${SLUG}/entries?q=scoop`, `/embed/${SLUG}`]) {
      const res = await call("GET", path, { token: null, headers: { Accept: path.startsWith("/v1") ? "*/*" : BROWSER_ACCEPT } });
      expect(await res.text(), path).toContain(SECRET);
    }
  });
});
