import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const slug = "ledger-entries";
const base = `/v1/timelines/${slug}/entries`;
const source = { url: "https://www.state.gov/", title: "State Department" };

const pledge = (extra: Record<string, unknown> = {}) => ({
  kind: "commitment",
  title: "Energy fund",
  start: "2024-11-26",
  commitment: {
    status: "in_progress",
    made_by: ["Germany"],
    beneficiary: "Ukraine",
    tranches: [
      { phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "EUR" }, source },
      { phase: "delivered", date: "2025-03", amount: { value: 5e8, currency: "EUR" }, note: "First tranche" },
    ],
    ...extra,
  },
});

describe("commitments with tranches", () => {
  beforeAll(async () => {
    await createTimeline(slug, { language: "de" });
  });

  it("derive amount, delivered, progress and totals from the tranches", async () => {
    const created = await createEntry(slug, pledge());
    const c = created.commitment;
    expect(c.amount).toEqual({ value: 2e9, currency: "EUR" });
    expect(c.delivered).toEqual({ value: 5e8, currency: "EUR" });
    expect(c.progress).toBe(0.25);
    expect(c.totals).toEqual([{ currency: "EUR", committed: 2e9, allocated: 0, delivered: 5e8, progress: 0.25 }]);
    expect(c.tranches).toHaveLength(2);
    expect(c.tranches[0]).toMatchObject({ phase: "committed", date: "2024-11-26", made_by: null, note: null, source: { ...source, publisher: null } });
    expect(c.tranches[1].recorded_at).toBe(created.created_at);
  });

  it("refuse a direct write of amount or delivered once there are tranches, saying to write a tranche", async () => {
    const created = await createEntry(slug, pledge());
    const res = await call("PATCH", `${base}/${created.id}`, { body: { commitment: { delivered: { value: 1e9, currency: "EUR" } } } });
    expect(res.status).toBe(400);
    const problem = await json(res);
    expect(problem.errors).toEqual([{ pointer: "/commitment/delivered", detail: expect.stringMatching(/tranche/) }]);
    const refused = await call("POST", base, { body: pledge({ amount: { value: 1, currency: "EUR" } }) });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors[0].pointer).toBe("/commitment/amount");
  });

  it("accept the totals repeated as read, and recompute them when tranches change", async () => {
    const created = await createEntry(slug, pledge());
    const again = await call("PATCH", `${base}/${created.id}`, {
      body: { commitment: { amount: created.commitment.amount, delivered: created.commitment.delivered, status: "in_progress" } },
    });
    expect(again.status).toBe(200);
    const more = [...created.commitment.tranches, { phase: "delivered", date: "2025-06-01", amount: { value: 5e8, currency: "EUR" } }];
    const patched = await json(await call("PATCH", `${base}/${created.id}`, { body: { commitment: { tranches: more } } }));
    expect(patched.commitment.delivered).toEqual({ value: 1e9, currency: "EUR" });
    expect(patched.commitment.progress).toBe(0.5);
    // Tranches sent back as read keep when they were recorded; the new one is recorded now.
    expect(patched.commitment.tranches.slice(0, 2).map((t: { recorded_at: string }) => t.recorded_at)).toEqual(
      created.commitment.tranches.map((t: { recorded_at: string }) => t.recorded_at),
    );
    expect(patched.commitment.tranches[2].recorded_at).toBe(patched.updated_at);
  });

  it("give null amount and delivered beside per-currency totals when tranches mix currencies and units", async () => {
    const created = await createEntry(
      slug,
      pledge({
        tranches: [
          { phase: "committed", date: "2024-11-26", amount: { value: 2e9, currency: "EUR" }, made_by: "Germany" },
          { phase: "committed", date: "2024-11-26", amount: { value: 1e9, currency: "USD" }, made_by: "USA" },
          { phase: "delivered", date: "2025", amount: { value: 40, currency: "tanks" }, made_by: "Germany" },
        ],
      }),
    );
    expect(created.commitment).toMatchObject({ amount: null, delivered: null, progress: null });
    expect(created.commitment.totals.map((t: { currency: string }) => t.currency)).toEqual(["EUR", "USD", "tanks"]);
  });

  it("refuse bad tranches with a pointer to the field", async () => {
    const res = await call("POST", base, {
      body: pledge({
        tranches: [
          { phase: "promised", date: "2024-11-26", amount: { value: 1, currency: "EUR" } },
          { phase: "delivered", date: "2024-02-30", amount: { value: 0, currency: "EUR" } },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const pointers = (await json(res)).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/commitment/tranches/0/phase", "/commitment/tranches/1/date", "/commitment/tranches/1/amount/value"]));
  });

  it("keep commitments without tranches working as before", async () => {
    const created = await createEntry(slug, {
      kind: "commitment",
      title: "Plain pledge",
      start: "2024-11-26",
      commitment: { amount: { value: 2e9, currency: "USD" }, delivered: { value: 1e9, currency: "USD" } },
    });
    expect(created.commitment).toMatchObject({ amount: { value: 2e9, currency: "USD" }, progress: 0.5, tranches: [] });
    const patched = await json(await call("PATCH", `${base}/${created.id}`, { body: { commitment: { delivered: { value: 2e9, currency: "USD" } } } }));
    expect(patched.commitment.progress).toBe(1);
  });
});

describe("statuses", () => {
  beforeAll(async () => {
    await createTimeline("ledger-statuses");
  });
  const statuses = "/v1/timelines/ledger-statuses/entries";

  it("know stalled, and keep a reason for missed or withdrawn in the commitment and its history", async () => {
    const created = await createEntry("ledger-statuses", { kind: "commitment", title: "Grid", start: "2024-11-26", commitment: { status: "stalled" } });
    expect(created.commitment.status).toBe("stalled");
    const missed = await json(
      await call("PATCH", `${statuses}/${created.id}`, { body: { commitment: { status: "missed", reason: "Budget frozen", status_date: "2025-12-31" } } }),
    );
    expect(missed.commitment.reason).toBe("Budget frozen");
    expect(missed.commitment.history.at(-1)).toMatchObject({ status: "missed", reason: "Budget frozen", at: "2025-12-31" });
    const resumed = await json(await call("PATCH", `${statuses}/${created.id}`, { body: { commitment: { status: "in_progress" } } }));
    expect(resumed.commitment.reason).toBeNull();
  });

  it("refuse a reason for a status that has none", async () => {
    const res = await call("POST", statuses, { body: { kind: "commitment", title: "X", start: "2024", commitment: { status: "announced", reason: "Why" } } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([{ pointer: "/commitment/reason", detail: "only a missed or withdrawn commitment has a reason" }]);
  });

  it("date the first status to the entry's start and read the history in date order", async () => {
    const created = await createEntry("ledger-statuses", { kind: "commitment", title: "History", start: "2024-11-26", commitment: { status: "announced" } });
    expect(created.commitment.history[0].at).toBe("2024-11-26");
    const changed = await json(
      await call("PATCH", `${statuses}/${created.id}`, { body: { commitment: { status: "partially_fulfilled", status_date: "2025-03-01" } } }),
    );
    expect(changed.commitment.history.map((h: { at: string; status: string }) => [h.at, h.status])).toEqual([
      ["2024-11-26", "announced"],
      ["2025-03-01", "partially_fulfilled"],
    ]);
  });
});
