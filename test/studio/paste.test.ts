/**
 * Paste from a spreadsheet: a preview as the import's dry run would report it, a rejected row
 * corrected in the preview, all-or-nothing application, re-pasting that updates instead of
 * duplicating, near matches offered, columns assigned by hand, our own CSV read back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";
import { location, StudioClient } from "../support/studio";

const SLUG = "pasted";
let studio: StudioClient;

/** 20 rows as Google Sheets copies them (tab-separated, TimelineJS headers); row 8 has a bad year. */
function sheet(badYear = "20x4", headlineOf = (i: number) => `Event number ${i}`): string {
  const lines = ["Year\tMonth\tDay\tHeadline\tText\tGroup"];
  for (let i = 1; i <= 20; i++) lines.push(`${i === 7 ? badYear : "2024"}\t${((i - 1) % 12) + 1}\t${i}\t${headlineOf(i)}\tText ${i}\tTopic ${i % 3}`);
  return lines.join("\n");
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

const stored = async () => (await json(await call("GET", `/v1/timelines/${SLUG}/entries?limit=200`))).items as any[];

describe("paste from a spreadsheet", () => {
  beforeAll(async () => {
    await createTimeline(SLUG, { language: "en", time_zone: "Europe/Berlin" });
    studio = new StudioClient();
    await studio.signIn();
  });

  it("offers a paste form with a labelled text area", async () => {
    const html = await (await studio.get(`/studio/t/${SLUG}/paste`)).text();
    expect(html).toContain('<label for="f-text">');
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it("previews every row with its problems and stores nothing while one is rejected", async () => {
    const res = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: sheet(), action: "preview" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("19 new, 0 updated, 0 unchanged, 1 rejected");
    expect(html).toContain("Correct row 8");
    expect(html).toMatch(/name="cell\.7\.0"[^>]*value="20x4"/);
    expect(html).toContain("Year: is not a date we can read");
    expect(html).toContain("November 11, 2024");
    const apply = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: sheet(), action: "apply", stage: "preview", header: "1", drafts: "1" }));
    expect(apply.status).toBe(400);
    expect(await apply.text()).toContain("nothing is stored while a row is rejected");
    expect(await stored()).toHaveLength(0);
  });

  it("applies all rows at once once the rejected one is corrected in the preview, as drafts", async () => {
    const fields = { text: sheet(), stage: "preview", header: "1", drafts: "1", "cell.7.0": "2024", "map.0": "year", "map.1": "month", "map.2": "day", "map.3": "title", "map.4": "body", "map.5": "group" };
    const checked = await studio.post(`/studio/t/${SLUG}/paste`, form({ ...fields, action: "preview" }));
    expect(checked.status).toBe(200);
    const html = await checked.text();
    expect(html).toContain("20 new, 0 updated, 0 unchanged, 0 rejected");
    // The correction is carried in the cells text from now on.
    expect(html).not.toContain("20x4");
    const applied = await studio.post(`/studio/t/${SLUG}/paste`, form({ ...fields, action: "apply" }));
    expect(applied.status).toBe(303);
    expect(location(applied)).toBe(`/studio/t/${SLUG}?done=pasted`);
    const entries = await stored();
    expect(entries).toHaveLength(20);
    expect(entries.every((e) => e.draft)).toBe(true);
    expect(entries.find((e) => e.title === "Event number 7")).toMatchObject({ start: "2024-07-07", body: "Text 7", tags: ["Topic 1"] });
    expect((await json(await call("GET", `/v1/timelines/${SLUG}/entries`, { token: null }))).items).toHaveLength(0);
  });

  it("updates instead of duplicating when the same rows are pasted again", async () => {
    const res = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: sheet("2024"), action: "preview" }));
    expect(await res.text()).toContain("0 new, 0 updated, 20 unchanged, 0 rejected");
    const changed = sheet("2024").replace("Text 3\t", "Text three\t");
    const again = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: changed, action: "preview" }));
    expect(await again.text()).toContain("0 new, 1 updated, 19 unchanged, 0 rejected");
  });

  it("offers a similar headline on the same date as the entry to update", async () => {
    const corrected = sheet("2024", (i) => (i === 5 ? "Event numbr 5 (corrected)" : `Event number ${i}`));
    const res = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: corrected, action: "preview" }));
    const html = await res.text();
    expect(html).toContain("Same date, similar headline: “Event number 5”");
    expect(html).toContain("0 new, 1 updated, 19 unchanged, 0 rejected");
    const id = (await stored()).find((e) => e.title === "Event number 5").id;
    expect(html).toMatch(new RegExp(`name="choice\\.5" value="${id}"[^>]*checked`));
    // Choosing "add as new" instead creates a second entry.
    const asNew = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: corrected, action: "preview", stage: "preview", header: "1", "choice.5": "new", "map.0": "year", "map.1": "month", "map.2": "day", "map.3": "title", "map.4": "body", "map.5": "group" }));
    expect(await asNew.text()).toContain("1 new, 0 updated, 19 unchanged, 0 rejected");
    const applied = await studio.post(`/studio/t/${SLUG}/paste`, form({ text: corrected, action: "apply", stage: "preview", header: "1", drafts: "1", "map.0": "year", "map.1": "month", "map.2": "day", "map.3": "title", "map.4": "body", "map.5": "group" }));
    expect(applied.status).toBe(303);
    const entries = await stored();
    expect(entries).toHaveLength(20);
    expect(entries.find((e) => e.id === id).title).toBe("Event numbr 5 (corrected)");
  });

  it("lets columns it does not know be assigned in the preview", async () => {
    await createTimeline("pasted-free", { language: "de" });
    const text = "Wann genau\tWas geschah\n26.11.2024\tTreffen der G7\n27.11.2024\tAbschluss";
    const first = await studio.post("/studio/t/pasted-free/paste", form({ text, action: "preview" }));
    expect(await first.text()).toContain("No column holds the headline");
    const mapped = form({ text, action: "apply", stage: "preview", header: "1", "map.0": "start", "map.1": "title" });
    const res = await studio.post("/studio/t/pasted-free/paste", mapped);
    expect(res.status).toBe(303);
    const items = (await json(await call("GET", "/v1/timelines/pasted-free/entries"))).items;
    expect(items.map((e: any) => [e.start, e.title, e.draft])).toEqual([
      ["2024-11-26", "Treffen der G7", false],
      ["2024-11-27", "Abschluss", false],
    ]);
  });

  it("reads this service's own CSV back as unchanged rows", async () => {
    const csv = await (await call("GET", "/v1/timelines/pasted-free/entries.csv")).text();
    const res = await studio.post("/studio/t/pasted-free/paste", form({ text: csv, action: "preview" }));
    expect(await res.text()).toContain("0 new, 0 updated, 2 unchanged, 0 rejected");
  });
});
