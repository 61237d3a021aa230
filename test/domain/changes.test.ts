import { describe, expect, it } from "vitest";
import { type ChangeSource, type ChangeVocabulary, changeSentence, commitmentChanges, lastDayOf, overdueChange, overdueChangeOfKey } from "../../src/domain/changes";
import type { CommitmentData } from "../../src/domain/commitments";
import { formatAmount } from "../../src/domain/format";
import type { Tranche } from "../../src/domain/ledger";

const status = {
  announced: "announced",
  in_progress: "in progress",
  stalled: "stalled",
  fulfilled: "fulfilled",
  partially_fulfilled: "partially fulfilled",
  missed: "missed",
  withdrawn: "withdrawn",
};
const en: ChangeVocabulary = {
  status,
  changes: {
    created: "New commitment by {makers}: {title}",
    createdAnonymous: "New commitment: {title}",
    statusChanged: "{title}: now {status}",
    statusChangedReason: "{title}: now {status} ({reason})",
    tranche: { committed: "{maker} committed {amount}", allocated: "{maker} allocated {amount}", delivered: "{maker} delivered {amount}" },
    trancheOfTotal: { allocated: "{maker} allocated {amount} of {total} ({share})", delivered: "{maker} delivered {amount} of {total} ({share})" },
    turnedOverdue: '{makers}\'s commitment "{title}" is overdue: due {date}',
    turnedOverdueAnonymous: 'Commitment "{title}" is overdue: due {date}',
  },
};
const de: ChangeVocabulary = {
  status,
  changes: {
    ...en.changes,
    created: "Neue Zusage von {makers}: {title}",
    tranche: { committed: "{maker} hat {amount} zugesagt", allocated: "{maker} hat {amount} bereitgestellt", delivered: "{maker} hat {amount} geliefert" },
    trancheOfTotal: {
      allocated: "{maker} hat {amount} von {total} bereitgestellt ({share})",
      delivered: "{maker} hat {amount} von {total} geliefert ({share})",
    },
  },
};

const seen = (text: string) => text.replace(/\s/g, " ");

const tranche = (phase: Tranche["phase"], value: number, made_by: string | null, recorded_at: string, date = "2025-01-10"): Tranche => ({
  phase,
  date,
  amount: { value, currency: "EUR" },
  made_by,
  note: null,
  source: null,
  recorded_at,
});

const commitment: CommitmentData = {
  status: "partially_fulfilled",
  reason: null,
  due: "2025",
  amount: null,
  delivered: null,
  made_by: ["Germany", "France"],
  beneficiary: "Ukraine",
  tranches: [
    tranche("committed", 2e9, "Germany", "2024-11-26T12:00:00Z", "2024-11-26"),
    tranche("committed", 1e9, "France", "2024-11-26T12:00:00Z", "2024-11-26"),
    tranche("delivered", 5e8, "Germany", "2025-01-12T09:00:00Z"),
    tranche("delivered", 5e8, "Germany", "2025-03-02T09:00:00Z", "2025-03-01"),
  ],
  history: [
    { at: "2024-11-26", from: null, status: "announced", note: null, source: null, recorded_at: "2024-11-26T12:00:00Z" },
    { at: "2025-01-10", from: "announced", status: "partially_fulfilled", note: "First tranche", source: null, recorded_at: "2025-01-12T09:00:00Z" },
  ],
};
const entry: ChangeSource = { id: "e1", title: "Energy fund", start: "2024-11-26", created_at: "2024-11-26T12:00:00Z", commitment };

describe("commitmentChanges", () => {
  const changes = commitmentChanges(entry);

  it("has one change for the new commitment, one per later status change and one per tranche", () => {
    expect(changes.map((c) => [c.kind, c.date])).toEqual([
      ["commitment", "2024-11-26"],
      ["tranche", "2024-11-26"],
      ["tranche", "2024-11-26"],
      ["status", "2025-01-10"],
      ["tranche", "2025-01-10"],
      ["tranche", "2025-03-01"],
    ]);
  });

  it("gives each change a key unique within the entry", () => {
    expect(new Set(changes.map((c) => c.key)).size).toBe(changes.length);
  });

  it("keeps keys across a later write that leaves the changes alone", () => {
    const later = commitmentChanges({ ...entry, commitment: { ...commitment, tranches: [...commitment.tranches, tranche("allocated", 1, "France", "2025-06-01T00:00:00Z")] } });
    expect(later.map((c) => c.key)).toEqual(expect.arrayContaining(changes.map((c) => c.key)));
  });

  it("dates status changes recorded before the ledger by their own time, or the entry's creation", () => {
    const legacy = commitmentChanges({
      ...entry,
      commitment: {
        ...commitment,
        tranches: [],
        history: [
          { at: "2024-11-26", from: null, status: "announced", note: null, source: null },
          { at: "2025-02-01T10:00:00.000Z", from: "announced", status: "stalled", note: null, source: null },
          { at: "2025-01", from: "stalled", status: "in_progress", note: null, source: null },
        ],
      },
    });
    expect(legacy.map((c) => c.recorded_at)).toEqual(["2024-11-26T12:00:00Z", "2024-11-26T12:00:00Z", "2025-02-01T10:00:00.000Z"]);
  });
});

describe("changeSentence", () => {
  const changes = commitmentChanges(entry);
  const byDate = (date: string) => changes.filter((c) => c.kind === "tranche" && c.date === date);

  it("tells a delivery with the pledge beside it, as the issue's example reads", () => {
    expect(seen(changeSentence(byDate("2025-01-10")[0]!, entry, en, "en"))).toBe("Germany delivered €500 million of €2 billion (25%)");
    expect(seen(changeSentence(byDate("2025-01-10")[0]!, entry, de, "de"))).toBe("Germany hat 500 Millionen € von 2 Milliarden € geliefert (25 %)");
  });

  it("gives the share delivered so far for a later tranche", () => {
    expect(seen(changeSentence(byDate("2025-03-01")[0]!, entry, en, "en"))).toBe("Germany delivered €500 million of €2 billion (50%)");
  });

  it("tells a new commitment, a pledge and a status change", () => {
    expect(changeSentence(changes[0]!, entry, en, "en")).toBe("New commitment by Germany and France: Energy fund");
    expect(changeSentence(changes[0]!, entry, de, "de")).toBe("Neue Zusage von Germany und France: Energy fund");
    expect(seen(changeSentence(byDate("2024-11-26")[1]!, entry, en, "en"))).toBe("France committed €1 billion");
    expect(changeSentence(changes.find((c) => c.kind === "status")!, entry, en, "en")).toBe("Energy fund: now partially fulfilled");
  });

  it("names the reason of a missed or withdrawn commitment", () => {
    const missed = {
      ...entry,
      commitment: {
        ...commitment,
        history: [
          ...commitment.history,
          { at: "2025-06-01", from: "partially_fulfilled" as const, status: "missed" as const, note: null, source: null, reason: "Budget cut", recorded_at: "2025-06-02T00:00:00Z" },
        ],
      },
    };
    const change = commitmentChanges(missed).at(-1)!;
    expect(changeSentence(change, missed, en, "en")).toBe("Energy fund: now missed (Budget cut)");
  });

  it("says only the amount when nothing was committed in its currency or unit", () => {
    const tanks: ChangeSource = {
      ...entry,
      commitment: { ...commitment, made_by: [], tranches: [{ ...tranche("delivered", 40, null, "2025-02-01T00:00:00Z"), amount: { value: 40, currency: "tanks" } }] },
    };
    const change = commitmentChanges(tanks).find((c) => c.kind === "tranche")!;
    expect(changeSentence(change, tanks, en, "en")).toBe("Energy fund delivered 40 tanks");
    expect(changeSentence(commitmentChanges(tanks)[0]!, tanks, en, "en")).toBe("New commitment: Energy fund");
  });
});

describe("overdue changes", () => {
  it("are dated to the last day of the due period and ordered by when they were recorded", () => {
    expect(overdueChange("2025", "2026-01-01T00:07:00.000Z")).toEqual({
      key: "overdue/2025",
      kind: "overdue",
      recorded_at: "2026-01-01T00:07:00.000Z",
      date: "2025-12-31",
      due: "2025",
    });
    expect(lastDayOf("2024-02")).toBe("2024-02-29");
    expect(lastDayOf("2025-02")).toBe("2025-02-28");
    expect(lastDayOf("2025-03-31")).toBe("2025-03-31");
    expect(lastDayOf("2025-03-31T18:00:00+02:00")).toBe("2025-03-31T18:00:00+02:00");
  });

  it("are read back from their key in the changes index, and only from theirs", () => {
    expect(overdueChangeOfKey("overdue/2025-03", "2025-04-01T00:07:00Z")).toMatchObject({ kind: "overdue", due: "2025-03", date: "2025-03-31" });
    expect(overdueChangeOfKey("tranche/2025-01-12T09:00:00Z/delivered", "2025-01-12T09:00:00Z")).toBeNull();
  });

  it("are told with the makers, the title and the due date in the reader's language", () => {
    const change = overdueChange("2025-03-31", "2025-03-31T22:07:00.000Z");
    expect(changeSentence(change, entry, en, "en")).toBe('Germany and France\'s commitment "Energy fund" is overdue: due March 31, 2025');
    const deWords = { ...de, changes: { ...de.changes, turnedOverdue: "Zusage von {makers} „{title}“ ist überfällig: fällig {date}" } };
    expect(changeSentence(change, entry, deWords, "de")).toBe("Zusage von Germany und France „Energy fund“ ist überfällig: fällig 31. März 2025");
    const anonymous = { ...entry, commitment: { ...commitment, made_by: [] } };
    expect(changeSentence(overdueChange("2025", "2026-01-01T00:07:00Z"), anonymous, en, "en")).toBe('Commitment "Energy fund" is overdue: due 2025');
  });
});

describe("formatAmount, long", () => {
  it("spells out the magnitude and keeps the symbol where the language puts it", () => {
    expect(seen(formatAmount({ value: 5e8, currency: "EUR" }, "en", { long: true }))).toBe("€500 million");
    expect(seen(formatAmount({ value: 2e9, currency: "USD" }, "de", { long: true }))).toBe("2 Milliarden $");
    expect(seen(formatAmount({ value: 5e8, currency: "EUR" }, "fr", { long: true }))).toBe("500 millions €");
    expect(seen(formatAmount({ value: 1500, currency: "EUR" }, "en", { long: true }))).toBe("€1,500");
    expect(seen(formatAmount({ value: 2e6, currency: "MW" }, "en", { long: true }))).toBe("2 million MW");
  });
});
