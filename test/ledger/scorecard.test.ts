import { env, exports } from "cloudflare:workers";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, call, createEntry, createTimeline, json } from "../support/api";

const slug = "ledger-card";
const api = `/v1/timelines/${slug}`;

const tranche = (phase: string, value: number, currency: string, made_by: string | null = null, date = "2024-11-26") => ({
  phase,
  date,
  amount: { value, currency },
  made_by,
});

const ECB = `Date,USD,GBP,CYP,
2024-11-26,1.0487,0.83618,N/A,
2024-11-25,1.0479,0.83515,N/A,
2024-11-22,1.0412,0.83188,N/A,
`;

const postRates = (body: string, contentType = "text/csv", s = slug) =>
  call("POST", `/v1/timelines/${s}/rates`, { body, headers: { "Content-Type": contentType } });

let energy: { id: string };

describe("the scorecard", () => {
  beforeAll(async () => {
    await createTimeline(slug, { language: "en", reporting_currency: "EUR" });
    energy = await createEntry(slug, {
      kind: "commitment",
      title: "Energy fund",
      start: "2024-11-26",
      tags: ["energy"],
      commitment: {
        status: "in_progress",
        due: "2025",
        made_by: ["G7"],
        beneficiary: "Ukraine",
        tranches: [tranche("committed", 1.0487e9, "USD", "USA"), tranche("committed", 2e9, "EUR", "Germany"), tranche("delivered", 5e8, "EUR", "Germany", "2025-01-10")],
      },
    });
    await createEntry(slug, {
      kind: "commitment",
      title: "Tanks",
      start: "2024-11-23",
      commitment: { status: "stalled", made_by: ["Germany"], beneficiary: "Ukraine", tranches: [tranche("committed", 40, "tanks"), tranche("delivered", 10, "tanks")] },
    });
    await createEntry(slug, { kind: "event", title: "Not a commitment", start: "2024-11-26" });
  });

  it("counts commitments by status, overdue, and totals per currency and unit, from the aggregates", async () => {
    const res = await call("GET", `${api}/scorecard`, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const card = await json(res);
    expect(card.computed).toEqual({ from: "aggregates" });
    expect(card.summary).toMatchObject({ commitments: 2, overdue: 1, by_status: { in_progress: 1, stalled: 1, fulfilled: 0 } });
    expect(card.summary.totals).toEqual([
      { currency: "EUR", committed: 2e9, allocated: 0, delivered: 5e8, progress: 0.25 },
      { currency: "USD", committed: 1.0487e9, allocated: 0, delivered: 0, progress: 0 },
      { currency: "tanks", committed: 40, allocated: 0, delivered: 10, progress: 0.25 },
    ]);
    // No rates yet: dollars stay dollars, named as unconverted, and no made-up progress.
    expect(card.summary.reporting).toMatchObject({ currency: "EUR", committed: 2e9, progress: null, approximate: false });
    expect(card.summary.reporting.unconverted).toEqual([{ currency: "USD", committed: 1.0487e9, allocated: 0, delivered: 0, progress: null }]);
    expect(card.makers.map((m: { maker: string }) => m.maker)).toEqual(["Germany", "G7", "USA"]);
  });

  it("converts with imported ECB rates, recomputing in the same write, approximate with the rates' days", async () => {
    const res = await postRates(ECB);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await json(res)).toMatchObject({ format: "ecb", imported: 6, gaps: 3, series: [{ base: "EUR", currency: "GBP" }, { base: "EUR", currency: "USD" }] });
    const card = await json(await call("GET", `${api}/scorecard`));
    expect(card.summary.reporting).toMatchObject({ currency: "EUR", committed: 3e9, delivered: 5e8, approximate: true, unconverted: [] });
    expect(card.summary.reporting.progress).toBeCloseTo(5e8 / 3e9, 12);
    expect(card.rates_used).toEqual({ from: "2024-11-26", to: "2024-11-26" });
    const usa = card.makers.find((m: { maker: string }) => m.maker === "USA");
    expect(usa.reporting).toMatchObject({ committed: 1e9, approximate: true });
  });

  it("keeps the aggregates in step with every write: update, delete, restore", async () => {
    const read = async () => (await json(await call("GET", `${api}/scorecard`))).summary;
    await call("PATCH", `${api}/entries/${energy.id}`, { body: { commitment: { status: "fulfilled" } } });
    expect(await read()).toMatchObject({ commitments: 2, overdue: 0, by_status: { fulfilled: 1, in_progress: 0 } });
    await call("DELETE", `${api}/entries/${energy.id}`);
    expect((await read()).commitments).toBe(1);
    expect((await read()).totals.map((t: { currency: string }) => t.currency)).toEqual(["tanks"]);
    await call("POST", `${api}/entries/${energy.id}/restore`);
    expect(await read()).toMatchObject({ commitments: 2, by_status: { fulfilled: 1 } });
    await call("PATCH", `${api}/entries/${energy.id}`, { body: { commitment: { status: "in_progress" } } });
  });

  it("gives one maker's scorecard", async () => {
    const card = await json(await call("GET", `${api}/scorecard?maker=germany`));
    expect(card.makers.map((m: { maker: string }) => m.maker)).toEqual(["Germany"]);
    expect(card.summary).toMatchObject({ commitments: 2, by_status: { in_progress: 1, stalled: 1 } });
    expect(card.summary.totals.map((t: { currency: string; committed: number }) => [t.currency, t.committed])).toEqual([
      ["EUR", 2e9],
      ["tanks", 40],
    ]);
    expect(card.beneficiaries).toEqual([]);
  });

  it("filters by tag from an index range, and says so", async () => {
    const card = await json(await call("GET", `${api}/scorecard?tag=Energy`));
    expect(card.computed).toEqual({ from: "entries", commitments: 1 });
    expect(card.summary.commitments).toBe(1);
    expect(card.summary.reporting.committed).toBe(3e9);
    const none = await json(await call("GET", `${api}/scorecard?tag=nothing`));
    expect(none.summary.commitments).toBe(0);
  });

  it("recomputes when the reporting currency changes, and drops conversion when it is removed", async () => {
    const patched = await call("PATCH", api, { body: { reporting_currency: "usd" } });
    expect((await json(patched)).reporting_currency).toBe("USD");
    const card = await json(await call("GET", `${api}/scorecard`));
    expect(card.reporting_currency).toBe("USD");
    expect(card.summary.reporting.committed).toBeCloseTo(1.0487e9 + 2e9 * 1.0487, 2);
    await call("PATCH", api, { body: { reporting_currency: null } });
    expect((await json(await call("GET", `${api}/scorecard`))).summary.reporting).toBeNull();
    await call("PATCH", api, { body: { reporting_currency: "EUR" } });
  });

  it("is a CSV for spreadsheets too", async () => {
    const res = await call("GET", `${api}/scorecard.csv`);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.group === "all" && r.figure === "total" && r.currency === "EUR")).toMatchObject({ committed: "2000000000", delivered: "500000000", commitments: "2" });
    expect(rows.find((r) => r.group === "all" && r.figure === "reporting")).toMatchObject({ currency: "EUR", approximate: "true" });
    expect(rows.filter((r) => r.group === "maker").map((r) => r.name)).toContain("Germany");
  });

  it("has one spelling per URL: another order or an unknown parameter is redirected to it", async () => {
    const get = (path: string) => exports.default.fetch(new Request(`${BASE}${path}`, { redirect: "manual" }));
    const res = await get(`${api}/scorecard?tag=energy&maker=Germany`);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(`${api}/scorecard?maker=Germany&tag=energy`);
    expect((await get(`${api}/scorecard?maker=Germany&tag=energy`)).status).toBe(200);
    const widget = await get(`/embed/${slug}?maker=Germany&view=scorecard`);
    expect(widget.status).toBe(301);
    expect(widget.headers.get("Location")).toBe(`/embed/${slug}?view=scorecard&maker=Germany`);
  });

  it("refuses a bad query", async () => {
    expect((await call("GET", `${api}/scorecard?from=2025&to=2024`)).status).toBe(400);
    expect((await call("GET", `/v1/timelines/nope/scorecard`)).status).toBe(404);
  });
});

describe("the rates import", () => {
  beforeAll(async () => {
    await createTimeline("ledger-rates", { reporting_currency: "EUR" });
  });

  it("refuses a bad file as a whole, naming each line", async () => {
    const res = await postRates("date,currency,rate,base\n2024-11-26,USD,1.05,EUR\n2024-13-01,USD,1.05,EUR\n2024-11-27,USD,-2,EUR\n", "text/csv", "ledger-rates");
    expect(res.status).toBe(400);
    const problem = await json(res);
    expect(problem.errors).toEqual([
      { pointer: "/lines/3/date", detail: 'line 3, date: "2024-13-01" is not a date (YYYY-MM-DD)' },
      { pointer: "/lines/4/rate", detail: 'line 4, rate: "-2" is not a positive number' },
    ]);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM exchange_rates r JOIN timelines t ON t.id = r.timeline_id WHERE t.slug = 'ledger-rates'").first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });

  it("takes the JSON the export writes, and refuses other media types", async () => {
    const res = await postRates(JSON.stringify({ rates: [{ date: "2024-11-26", currency: "USD", rate: 1.0487, base: "EUR" }] }), "application/json", "ledger-rates");
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).imported).toBe(1);
    expect((await postRates("x", "text/plain", "ledger-rates")).status).toBe(415);
  });

  it("needs a token that may write the timeline", async () => {
    const res = await call("POST", "/v1/timelines/ledger-rates/rates", { body: ECB, token: null, headers: { "Content-Type": "text/csv" } });
    expect(res.status).toBe(401);
  });

  it("travel in the export, and POST …/rates takes them back as they are", async () => {
    const exported = await json(await call("GET", "/v1/timelines/ledger-card/export"));
    expect(exported.timeline.reporting_currency).toBe("EUR");
    expect(exported.exchange_rates).toHaveLength(6);
    expect(exported.exchange_rates[0]).toEqual({ date: "2024-11-22", currency: "GBP", rate: 0.83188, base: "EUR" });
    await createTimeline("ledger-rates-copy");
    const res = await postRates(JSON.stringify({ rates: exported.exchange_rates }), "application/json", "ledger-rates-copy");
    expect(res.status).toBe(200);
    const again = await json(await call("GET", "/v1/timelines/ledger-rates-copy/export"));
    expect(again.exchange_rates).toEqual(exported.exchange_rates);
  });

  it("lists the pairs it holds", async () => {
    const list = await json(await call("GET", "/v1/timelines/ledger-rates/rates"));
    expect(list.series).toEqual([{ base: "EUR", currency: "USD", first_date: "2024-11-26", last_date: "2024-11-26", rates: 1 }]);
  });
});
