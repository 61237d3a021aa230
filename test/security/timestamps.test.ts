/**
 * Service timestamps (`created_at` of an imported entry) accept the years 0001–9999 only, as the
 * instant in UTC, and are stored in the one form the service writes itself
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`). No feed ever prints NaN or an expanded year for them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

const SLUG = "stamps";
const doc = (created_at: string, title = "Eintrag") => ({
  format: "edge-timeline/1",
  entries: [{ kind: "event", title, start: "2024", created_at }],
});

describe("imported created_at", () => {
  beforeAll(async () => {
    await createTimeline(SLUG);
  });

  it.each([
    "+012345-01-01T00:00:00Z",
    "-0044-03-15T12:00:00Z",
    "0000-06-01T00:00:00Z",
    "0001-01-01T00:30:00+01:00", // 0000-12-31 in UTC
    "+010000-01-01T00:00:00Z",
    "9999-12-31T23:00:00-02:00", // 10000-01-01 in UTC
    "2024-11-26",
  ])("refuses %s with a pointer", async (created_at) => {
    const res = await call("POST", `/v1/timelines/${SLUG}/import`, { body: doc(created_at) });
    expect(res.status).toBe(422);
    expect((await json(res)).errors).toEqual([{ pointer: "/entries/0/created_at", detail: expect.stringMatching(/0001.*9999/) }]);
  });

  it("stores an accepted one normalised to UTC, and every feed writes it as a date of four-digit years", async () => {
    const res = await call("POST", `/v1/timelines/${SLUG}/import`, {
      body: {
        format: "edge-timeline/1",
        entries: [
          { kind: "event", title: "Berlin", start: "2024", created_at: "2024-11-26T13:00:00+01:00" },
          { kind: "event", title: "Früh", start: "2023", created_at: "0001-01-01T00:00:00Z" },
          { kind: "event", title: "Spät", start: "2025", created_at: "9999-12-31T23:59:59.999Z" },
        ],
      },
    });
    expect(res.status).toBe(200);
    const items = (await json(await call("GET", `/v1/timelines/${SLUG}/entries`))).items;
    expect(items.map((e: any) => e.created_at)).toEqual(["0001-01-01T00:00:00.000Z", "2024-11-26T12:00:00.000Z", "9999-12-31T23:59:59.999Z"]);

    const ics = await (await call("GET", `/v1/timelines/${SLUG}/calendar.ics`)).text();
    const created = ics.split("\r\n").filter((l) => l.startsWith("CREATED:"));
    expect(created).toHaveLength(3);
    for (const line of created) expect(line).toMatch(/^CREATED:\d{8}T\d{6}Z$/);
    const atom = await (await call("GET", `/v1/timelines/${SLUG}/feed.atom`)).text();
    for (const [, stamp] of atom.matchAll(/<published>([^<]*)<\/published>/g)) {
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(ics + atom).not.toMatch(/NaN/);
  });
});
