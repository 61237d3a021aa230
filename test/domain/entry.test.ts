/** Entry rules a writer meets: how a PATCH is merged, and which If-Match headers a write accepts. */
import { describe, expect, it } from "vitest";
import { buildEntry, type EntryInput, entryAsInput, ifMatchAccepts, mergeEntryPatch } from "../../src/domain/entry";

const NOW = "2026-01-01T00:00:00.000Z";

const pledge: EntryInput = {
  external_id: "p-1",
  kind: "commitment",
  title: "Grid repair fund",
  body: "Pledged at the G7.",
  start: "2024-11-26",
  end: null,
  date_qualifier: null,
  display_date: null,
  tags: ["Energie", "Ukraine"],
  actors: ["G7"],
  location: "Fiuggi",
  importance: 3,
  media: null,
  sources: [{ url: "https://www.g7italy.it/", title: "G7 Italy 2024", publisher: null, published: null }],
  commitment: {
    status: "announced",
    due: "2025",
    amount: { value: 2_000_000_000, currency: "USD" },
    delivered: null,
    made_by: ["G7"],
    beneficiary: "Ukraine",
  },
  draft: false,
  translations: { de: { title: "Fonds für die Netzreparatur", machine: false } },
};
const stored = buildEntry(null, pledge, { id: "0193652a-7c00-7000-8000-000000000001", now: NOW });
const base = entryAsInput(stored);

describe("mergeEntryPatch", () => {
  it("changes only the fields a patch names", () => {
    const merged = mergeEntryPatch(base, { title: "Grid repair fund (revised)" });
    expect(merged).toEqual({ ...base, title: "Grid repair fund (revised)" });
  });

  it("clears an optional field sent as null", () => {
    const merged = mergeEntryPatch(base, { body: null, location: null, importance: null });
    expect(merged.body).toBeNull();
    expect(merged.location).toBeNull();
    expect(merged.importance).toBeNull();
    expect(merged.title).toBe("Grid repair fund");
  });

  it("ignores fields given as undefined (absent), unlike null", () => {
    expect(mergeEntryPatch(base, { body: undefined })).toEqual(base);
  });

  it("replaces lists as a whole rather than appending", () => {
    expect(mergeEntryPatch(base, { tags: ["Sanktionen"] }).tags).toEqual(["Sanktionen"]);
    expect(mergeEntryPatch(base, { tags: [] }).tags).toEqual([]);
  });

  it("merges commitment one level deep: a status update keeps due date, amount and makers", () => {
    const merged = mergeEntryPatch(base, { commitment: { status: "partially_fulfilled", delivered: { value: 5e8, currency: "USD" } } });
    expect(merged.commitment).toEqual({
      ...pledge.commitment,
      tranches: [],
      status: "partially_fulfilled",
      delivered: { value: 5e8, currency: "USD" },
    });
  });

  it("does not carry totals derived from tranches into a patch that does not name them", () => {
    const tranches = [
      { phase: "committed" as const, date: "2024-11-26", amount: { value: 2e9, currency: "USD" }, made_by: null, note: null, source: null },
    ];
    const withTranches = entryAsInput(buildEntry(null, { ...pledge, commitment: { ...pledge.commitment!, amount: null, tranches } }, { id: stored.id, now: NOW }));
    expect((withTranches.commitment as any).amount).toEqual({ value: 2e9, currency: "USD" });
    const more = [...tranches, { ...tranches[0]!, amount: { value: 1e9, currency: "USD" } }];
    const merged = mergeEntryPatch(withTranches, { commitment: { tranches: more } }).commitment as any;
    expect(merged).not.toHaveProperty("amount");
    expect(merged).not.toHaveProperty("delivered");
    // Named in the patch, they stay (and are checked against the tranches' totals).
    expect((mergeEntryPatch(withTranches, { commitment: { amount: { value: 5, currency: "USD" } } }).commitment as any).amount).toEqual({ value: 5, currency: "USD" });
  });

  it("drops a reason when the status moves on without one, and keeps it otherwise", () => {
    const missed = entryAsInput(buildEntry(null, { ...pledge, commitment: { ...pledge.commitment!, status: "missed", reason: "Budget cut" } }, { id: stored.id, now: NOW }));
    expect((mergeEntryPatch(missed, { commitment: { status: "in_progress" } }).commitment as any).reason).toBeUndefined();
    expect((mergeEntryPatch(missed, { commitment: { due: "2026" } }).commitment as any).reason).toBe("Budget cut");
    expect((mergeEntryPatch(missed, { commitment: { status: "withdrawn", reason: "Cancelled" } }).commitment as any).reason).toBe("Cancelled");
  });

  it("replaces a commitment's amount as a whole, and clears it with null", () => {
    expect((mergeEntryPatch(base, { commitment: { amount: { value: 1, currency: "EUR" } } }).commitment as any).amount).toEqual({
      value: 1,
      currency: "EUR",
    });
    expect((mergeEntryPatch(base, { commitment: { amount: null } }).commitment as any).amount).toBeNull();
  });

  it("switches a commitment's data off with commitment: null", () => {
    const merged = mergeEntryPatch(base, { kind: "event", commitment: null });
    expect(merged.commitment).toBeNull();
    expect(merged.kind).toBe("event");
  });

  it("merges translations per language: one given replaces that language's, null removes it, others stay", () => {
    const withTwo = entryAsInput(buildEntry(null, { ...pledge, translations: { de: { title: "Fonds" }, uk: { title: "Фонд" } } }, { id: stored.id, now: NOW }));
    const merged = mergeEntryPatch(withTwo, { translations: { de: { title: "Reparaturfonds" }, uk: null, fr: { title: "Fonds de réparation" } } });
    expect(merged.translations).toEqual({ de: { title: "Reparaturfonds" }, fr: { title: "Fonds de réparation" } });
    expect(withTwo.translations).toHaveProperty("uk");
  });

  it("starts commitment data from nothing when the entry had none", () => {
    const event = entryAsInput(buildEntry(null, { ...pledge, kind: "event", commitment: null }, { id: stored.id, now: NOW }));
    expect(mergeEntryPatch(event, { kind: "commitment", commitment: { status: "announced" } }).commitment).toEqual({ status: "announced" });
  });

  it("never changes the entry it merges onto", () => {
    const copy = structuredClone(base);
    mergeEntryPatch(base, { title: "x", commitment: { status: "missed" }, tags: [] });
    expect(base).toEqual(copy);
  });

  it("reproduces the stored entry from its input when the patch changes nothing", () => {
    const again = buildEntry(stored, mergeEntryPatch(base, {}) as unknown as EntryInput, { id: stored.id, now: NOW });
    expect({ ...again, revision: stored.revision }).toEqual(stored);
  });
});

describe("ifMatchAccepts", () => {
  const entry = { id: "abc", revision: 3 };

  it("accepts the ETag a write answered with, strong or weak", () => {
    expect(ifMatchAccepts('"e.abc.3"', entry)).toBe(true);
    expect(ifMatchAccepts('W/"e.abc.3"', entry)).toBe(true);
  });

  it("accepts an ETag from reading the entry at this revision, whatever hour or URL it was read at", () => {
    expect(ifMatchAccepts('"e.abc.3.t12.1.k2h.9f3a01bc"', entry)).toBe(true);
    expect(ifMatchAccepts('W/"e.abc.3.t40.1.k2z.00000000"', entry)).toBe(true);
  });

  it("refuses an ETag of another revision, even one that starts with the same digits", () => {
    expect(ifMatchAccepts('"e.abc.2"', entry)).toBe(false);
    expect(ifMatchAccepts('"e.abc.4"', entry)).toBe(false);
    expect(ifMatchAccepts('"e.abc.30"', { id: "abc", revision: 3 })).toBe(false);
    expect(ifMatchAccepts('"e.abc.3"', { id: "abc", revision: 30 })).toBe(false);
  });

  it("refuses an ETag of another entry or of the timeline", () => {
    expect(ifMatchAccepts('"e.abd.3"', entry)).toBe(false);
    expect(ifMatchAccepts('"e.ab.3"', entry)).toBe(false);
    expect(ifMatchAccepts('"e.abc.3"', { id: "ab", revision: 3 })).toBe(false);
    expect(ifMatchAccepts('"t3.1.k2h.9f3a01bc"', entry)).toBe(false);
  });

  it("accepts * (any current state)", () => {
    expect(ifMatchAccepts("*", entry)).toBe(true);
    expect(ifMatchAccepts("  *  ", entry)).toBe(true);
  });

  it("accepts a list when any member matches", () => {
    expect(ifMatchAccepts('"e.abc.1", W/"e.abc.3"', entry)).toBe(true);
    expect(ifMatchAccepts('"e.abc.1","e.abc.2"', entry)).toBe(false);
  });

  it("refuses unquoted or empty values", () => {
    expect(ifMatchAccepts("e.abc.3", entry)).toBe(false);
    expect(ifMatchAccepts("", entry)).toBe(false);
    expect(ifMatchAccepts('""', entry)).toBe(false);
  });
});
