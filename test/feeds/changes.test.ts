/**
 * changes.json and changes.atom, read by the same clients as the other feeds: the rules of JSON
 * Feed 1.1, and fast-xml-parser against RFC 4287's required elements.
 */
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";
import { atomParser as parser, expectValidJsonFeed, getFeed, HOSTILE_TITLE, RFC3339 } from "./fixture";

const SLUG = "changes-feed";
const api = `/v1/timelines/${SLUG}`;
const text = (node: any): string => (typeof node === "string" ? node : (node?.["#text"] ?? ""));
const seen = (s: string) => s.replace(/\s/g, " ");

let energy: { id: string };
let hostile: { id: string };
let doc: any;
let atom: any;
let atomXml: string;

beforeAll(async () => {
  await createTimeline(SLUG, { language: "de", time_zone: "Europe/Berlin" });
  energy = await createEntry(SLUG, {
    kind: "commitment",
    title: "Energiefonds",
    start: "2024-11-26",
    commitment: {
      status: "announced",
      made_by: ["G7"],
      tranches: [
        { phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "EUR" }, made_by: "Deutschland" },
        { phase: "committed", date: "2024-11-26", amount: { value: 1e9, currency: "EUR" }, made_by: "Frankreich" },
      ],
    },
  });
  // Later writes are later recordings: the feed shows them first.
  const read = await json(await call("GET", `${api}/entries/${energy.id}`));
  const delivered = { phase: "delivered", date: "2025-01-10", amount: { value: 5e8, currency: "EUR" }, made_by: "Deutschland", note: "Erste Tranche" };
  await call("PATCH", `${api}/entries/${energy.id}`, {
    body: { commitment: { status: "partially_fulfilled", status_date: "2025-01-10", tranches: [...read.commitment.tranches, delivered] } },
  });
  hostile = await createEntry(SLUG, { kind: "commitment", title: HOSTILE_TITLE, start: "2025", commitment: { status: "announced" } });
  await call("PATCH", `${api}/entries/${hostile.id}`, { body: { commitment: { status: "missed", reason: "Haushalt <gesperrt> & \"vertagt\"" } } });
  const gone = await createEntry(SLUG, { kind: "commitment", title: "Gelöscht", start: "2025", commitment: { status: "announced" } });
  await call("DELETE", `${api}/entries/${gone.id}`);
  await createEntry(SLUG, { kind: "event", title: "Kein Versprechen", start: "2025" });

  const res = await getFeed(`${api}/changes.json`);
  expect(res.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
  expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  doc = await res.json();
  const atomRes = await getFeed(`${api}/changes.atom`);
  expect(atomRes.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  atomXml = await atomRes.text();
  expect(XMLValidator.validate(atomXml)).toBe(true);
  atom = parser.parse(atomXml).feed;
});

describe("changes.json", () => {
  it("is a valid JSON Feed 1.1 in the timeline's language", () => {
    expectValidJsonFeed(doc);
    expect(doc.language).toBe("de");
    expect(doc.title).toBe(`Timeline ${SLUG}: Änderungen`);
  });

  it("has one item per new commitment, later status change and tranche, newest recorded first, no deleted entry and no event", () => {
    const kinds = doc.items.map((i: any) => [i._change.kind, i._change.entry_id]);
    expect(kinds.filter(([, id]: string[]) => id === energy.id).map(([k]: string[]) => k).sort()).toEqual(["commitment", "status", "tranche", "tranche", "tranche"].sort());
    expect(kinds.filter(([, id]: string[]) => id === hostile.id).map(([k]: string[]) => k).sort()).toEqual(["commitment", "status"]);
    expect(doc.items).toHaveLength(7);
    const published = doc.items.map((i: any) => i.date_published);
    expect([...published].sort().reverse()).toEqual(published);
    expect(doc.items[0]._change).toMatchObject({ kind: "status", status: "missed", reason: 'Haushalt <gesperrt> & "vertagt"' });
  });

  it("tells each change in a sentence, and shows the change's own date", () => {
    const delivery = doc.items.find((i: any) => i._change.kind === "tranche" && i._change.phase === "delivered");
    expect(seen(delivery.title)).toBe("Deutschland hat 500 Millionen € von 2 Milliarden € geliefert (25 %)");
    expect(seen(delivery.content_text)).toBe("10. Januar 2025: Deutschland hat 500 Millionen € von 2 Milliarden € geliefert (25 %) — Energiefonds\n\nErste Tranche".replace(/\s/g, " "));
    expect(delivery._change).toMatchObject({ date: "2025-01-10", amount: { value: 5e8, currency: "EUR" }, made_by: "Deutschland" });
    expect(delivery.url).toBe(`https://timeline.test/t/${SLUG}#entry-${energy.id}`);
    const created = doc.items.find((i: any) => i._change.kind === "commitment" && i._change.entry_id === energy.id);
    expect(created.title).toBe("Neue Zusage von G7: Energiefonds");
    const status = doc.items.find((i: any) => i._change.kind === "status" && i._change.entry_id === energy.id);
    expect(status.title).toBe("Energiefonds: jetzt teilweise erfüllt");
  });

  it("keeps item ids when later writes leave a change alone", async () => {
    const before = doc.items.map((i: any) => i.id);
    await call("PATCH", `${api}/entries/${energy.id}`, { body: { title: "Energiefonds (G7)" } });
    const after = ((await (await getFeed(`${api}/changes.json`)).json()) as any).items.map((i: any) => i.id);
    expect(after.sort()).toEqual(before.sort());
    await call("PATCH", `${api}/entries/${energy.id}`, { body: { title: "Energiefonds" } });
  });

  it("honours limit and refuses a bad one", async () => {
    expect(((await (await getFeed(`${api}/changes.json?limit=2`)).json()) as any).items).toHaveLength(2);
    expect((await call("GET", `${api}/changes.json?limit=0`)).status).toBe(400);
  });
});

describe("changes.atom", () => {
  it("is well-formed Atom with the required elements and the same items", () => {
    expect(atom["@xml:lang"]).toBe("de");
    expect(text(atom.id)).toMatch(/^tag:timeline\.test,\d{4}-\d{2}-\d{2}:timelines\/changes-feed\/changes$/);
    expect(text(atom.updated)).toMatch(RFC3339);
    expect(atom.entry).toHaveLength(doc.items.length);
    const ids = atom.entry.map((e: any) => text(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(doc.items.map((i: any) => i.id));
    for (const e of atom.entry) {
      expect(text(e.updated)).toMatch(RFC3339);
      expect(e.link.find((l: any) => l["@rel"] === "alternate")["@href"]).toMatch(/#entry-/);
    }
  });

  it("escapes every text: a hostile title and reason stay text", () => {
    expect(atomXml).not.toContain("<script>");
    const missed = atom.entry.find((e: any) => text(e.title).includes("jetzt verfehlt"));
    expect(text(missed.title)).toBe(`${HOSTILE_TITLE}: jetzt verfehlt (Haushalt <gesperrt> & "vertagt")`);
  });
});
