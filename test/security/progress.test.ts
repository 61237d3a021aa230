/**
 * An absurd but valid pair of amounts (a pledge of 5e-324, a delivery of 1e15) divides to
 * Infinity. Progress that is not a finite number is `null` everywhere: JSON, feeds, CSV, widget.
 */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { progress } from "../../src/domain/commitments";
import { BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";

const SLUG = "absurd-progress";

describe("progress that is not a finite number", () => {
  beforeAll(async () => {
    await createTimeline(SLUG);
    await createEntry(SLUG, {
      kind: "commitment",
      title: "Winzige Zusage, riesige Lieferung",
      start: "2024",
      commitment: { status: "fulfilled", amount: { value: 5e-324, currency: "USD" }, delivered: { value: 1e15, currency: "USD" } },
    });
  });

  it("is null as a rule", () => {
    expect(progress({ value: 5e-324, currency: "USD" }, { value: 1e15, currency: "USD" })).toBeNull();
    expect(progress({ value: 2, currency: "USD" }, { value: 1, currency: "USD" })).toBe(0.5);
  });

  it("is null in the API and the JSON Feed, empty in CSV, and absent from the widget", async () => {
    const [entry] = (await json(await call("GET", `/v1/timelines/${SLUG}/entries`))).items;
    expect(entry.commitment.progress).toBeNull();
    const feed = await json(await call("GET", `/v1/timelines/${SLUG}/feed.json`));
    expect(feed.items[0]._commitment.progress).toBeNull();
    const csv = (await (await call("GET", `/v1/timelines/${SLUG}/entries.csv`)).text()).replace(/^\uFEFF/, "");
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows[0]!.progress).toBe("");
    const page = await (await call("GET", `/embed/${SLUG}`, { token: null, headers: { Accept: BROWSER_ACCEPT } })).text();
    expect(page).not.toMatch(/Infinity|∞|NaN/);
  });
});
