/**
 * The ledger in the studio's entry form: tranches added, edited and removed through plain forms
 * (and stored as the API stores them), each problem beside its field in the page's language,
 * pledged and delivered giving way to the tranches' totals, the reason of a missed or withdrawn
 * commitment, and the status update of a commitment with tranches.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";
import { entryFields, entryIdIn, type Fields, location, StudioClient } from "../support/studio";

const SLUG = "desk-ledger";
const GERMAN = { Origin: "https://timeline.test", "Sec-Fetch-Site": "same-origin", "Accept-Language": "de" };
let studio: StudioClient;

const stored = async (id: string) => json(await call("GET", `/v1/timelines/${SLUG}/entries/${id}`));

/** Tranche rows as the form sends them: `tr_{field}_{row}`, with `tranche_rows` saying how many. */
function trancheFields(rows: Record<string, string>[]): Fields {
  const fields: Fields = { tranche_rows: String(rows.length) };
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) fields[`tr_${k}_${i}`] = v;
  });
  return fields;
}

const commitment = (fields: Fields = {}) =>
  entryFields({ kind: "commitment", title: "Grid repair fund", start: "2024-11-26", status: "announced", made_by: "Germany, France", ...fields });

beforeAll(async () => {
  studio = new StudioClient();
  await studio.signIn();
  await createTimeline(SLUG, { language: "en", time_zone: "Europe/Berlin" });
});

describe("tranches in the entry form", () => {
  let id = "";

  it("offers an empty tranche row on a new commitment, and one more on request without script", async () => {
    const fresh = await (await studio.get(`/studio/t/${SLUG}/new?kind=commitment`)).text();
    expect(fresh).toContain('id="f-tr_phase_0"');
    expect(fresh).not.toContain('id="f-tr_phase_1"');
    expect(fresh).toContain('name="tranche_rows" value="1"');
    const more = await studio.post(`/studio/t/${SLUG}/new`, commitment({ ...trancheFields([{ phase: "committed", date: "Nov. 2024", value: "1 bn", unit: "EUR" }]), add_tranche: "1" }));
    expect(more.status).toBe(200);
    const html = await more.text();
    expect(html).toMatch(/id="f-tr_value_0"[^>]*value="1 bn"/);
    expect(html).toContain('id="f-tr_phase_1"');
    expect(html).not.toContain('id="f-tr_phase_2"');
    expect(html).toContain('name="tranche_rows" value="2"');
    expect((await json(await call("GET", `/v1/timelines/${SLUG}/entries`))).items).toHaveLength(0);
  });

  it("saves tranches typed as people type dates and amounts, and the API shows them with their totals", async () => {
    const res = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({
        ...trancheFields([
          { phase: "committed", date: "26.11.2024", value: "2 Mrd.", unit: "EUR", maker: "Germany", note: "Zusage in Fiuggi", src_url: "https://example.org/pledge", src_title: "Communiqué" },
          { phase: "delivered", date: "März 2025", value: "500 Mio.", unit: "EUR", maker: "Germany", note: "", src_url: "", src_title: "" },
          { phase: "committed", date: "", value: "", unit: "", maker: "", note: "", src_url: "", src_title: "" },
        ]),
      }),
      GERMAN,
    );
    expect(res.status).toBe(303);
    id = entryIdIn(location(res));
    const entry = await stored(id);
    expect(entry.commitment.tranches).toEqual([
      {
        phase: "committed",
        date: "2024-11-26",
        amount: { value: 2e9, currency: "EUR" },
        made_by: "Germany",
        note: "Zusage in Fiuggi",
        source: { url: "https://example.org/pledge", title: "Communiqué", publisher: null, published: null },
        recorded_at: entry.created_at,
      },
      { phase: "delivered", date: "2025-03", amount: { value: 5e8, currency: "EUR" }, made_by: "Germany", note: null, source: null, recorded_at: entry.created_at },
    ]);
    expect(entry.commitment).toMatchObject({ amount: { value: 2e9, currency: "EUR" }, delivered: { value: 5e8, currency: "EUR" }, progress: 0.25 });
  });

  it("shows the stored tranches, their totals read-only, and no pledged or delivered fields", async () => {
    const html = await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text();
    expect(html).toMatch(/id="f-tr_date_0"[^>]*value="2024-11-26"/);
    expect(html).toMatch(/id="f-tr_date_1"[^>]*value="2025-03"/);
    expect(html).toContain('id="f-tr_remove_1"');
    expect(html).toContain('id="f-tr_phase_2"');
    expect(html).toContain("Totals from the tranches");
    expect(html).toContain("EUR: committed €2B, allocated €0, delivered €500M (25% delivered)");
    expect(html).not.toContain('id="f-amount"');
    expect(html).not.toContain('id="f-delivered"');
    // The maker list offers the commitment's makers.
    expect(html).toMatch(/<datalist id="maker-list"><option value="Germany"><option value="France">/);
    // The status update takes deliveries as tranches now.
    expect(html).not.toContain('id="s-delivered"');
    expect(html).toContain("record a delivery as a delivered tranche");
  });

  it("edits one tranche, adds another and removes a third; unchanged ones keep when they were recorded", async () => {
    const before = await stored(id);
    const res = await studio.post(
      `/studio/t/${SLUG}/e/${id}`,
      commitment({
        revision: String(before.revision),
        ...trancheFields([
          { phase: "committed", date: "2024-11-26", value: "2000000000", unit: "EUR", maker: "Germany", note: "Zusage in Fiuggi", src_url: "https://example.org/pledge", src_title: "Communiqué" },
          { phase: "delivered", date: "2025-03", value: "500000000", unit: "EUR", maker: "Germany", note: "", src_url: "", src_title: "", remove: "1" },
          { phase: "allocated", date: "2025-01", value: "1.5 bn", unit: "EUR", maker: "France", note: "Contract signed", src_url: "", src_title: "" },
        ]),
      }),
    );
    expect(res.status).toBe(303);
    const entry = await stored(id);
    expect(entry.commitment.tranches.map((t: any) => [t.phase, t.date, t.amount.value, t.made_by, t.note])).toEqual([
      ["committed", "2024-11-26", 2e9, "Germany", "Zusage in Fiuggi"],
      ["allocated", "2025-01", 1.5e9, "France", "Contract signed"],
    ]);
    expect(entry.commitment.tranches[0].recorded_at).toBe(before.commitment.tranches[0].recorded_at);
    expect(entry.commitment.tranches[1].recorded_at).toBe(entry.updated_at);
    expect(entry.commitment.delivered).toEqual({ value: 0, currency: "EUR" });
    // An edit of an existing tranche: the amount changes, and that tranche is recorded anew.
    const edited = await studio.post(
      `/studio/t/${SLUG}/e/${id}`,
      commitment({
        revision: String(entry.revision),
        ...trancheFields([
          { phase: "committed", date: "2024-11-26", value: "2.5 bn", unit: "EUR", maker: "Germany", note: "Zusage in Fiuggi", src_url: "https://example.org/pledge", src_title: "Communiqué" },
          { phase: "allocated", date: "2025-01", value: "1.5 bn", unit: "EUR", maker: "France", note: "Contract signed", src_url: "", src_title: "" },
        ]),
      }),
    );
    expect(edited.status).toBe(303);
    expect((await stored(id)).commitment).toMatchObject({ amount: { value: 2.5e9, currency: "EUR" }, tranches: [{ amount: { value: 2.5e9 } }, { amount: { value: 1.5e9 } }] });
  });

  it("keeps the tranches when the rest of the form is saved", async () => {
    const before = await stored(id);
    const res = await studio.post(`/studio/t/${SLUG}/e/${id}`, { ...valuesOfPage(await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text()), title: "Grid repair fund (G7)" });
    expect(res.status).toBe(303);
    const after = await stored(id);
    expect(after.title).toBe("Grid repair fund (G7)");
    expect(after.commitment.tranches).toEqual(before.commitment.tranches);
  });

  it("shows each problem of a tranche beside its field, in the page's language, and stores nothing", async () => {
    const before = await stored(id);
    const res = await studio.post(
      `/studio/t/${SLUG}/e/${id}`,
      commitment({
        revision: String(before.revision),
        ...trancheFields([
          { phase: "committed", date: "31.2.2025", value: "viel", unit: "EUR", maker: "", note: "", src_url: "", src_title: "" },
          { phase: "delivered", date: "2025", value: "3", unit: "", maker: "", note: "", src_url: "kein-link", src_title: "Quelle" },
          { phase: "delivered", date: "", value: "0", unit: "tanks", maker: "", note: "", src_url: "", src_title: "" },
        ]),
      }),
      GERMAN,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    const errorOf = (id: string) => new RegExp(`id="${id}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
    expect(errorOf("f-tr_date_0")).toBe("diesen Tag gibt es nicht");
    expect(errorOf("f-tr_value_0")).toContain("ist kein Betrag");
    expect(errorOf("f-tr_unit_1")).toBe("braucht eine Währung oder Einheit, z. B. EUR oder Panzer");
    expect(errorOf("f-tr_src_url_1")).toBeTruthy();
    expect(errorOf("f-tr_date_2")).toBe("fehlt");
    expect(html).toMatch(/id="f-tr_value_1"[^>]*aria-invalid="true"|id="f-tr_unit_1"[^>]*aria-invalid="true"/);
    expect(html).toContain("Nichts wurde gespeichert");
    // What was typed is shown back.
    expect(html).toMatch(/id="f-tr_value_0"[^>]*value="viel"/);
    expect(await stored(id)).toMatchObject({ revision: before.revision, commitment: { tranches: before.commitment.tranches } });
  });

  it("refuses a value of zero beside the value field", async () => {
    const res = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({ title: "Zero", ...trancheFields([{ phase: "delivered", date: "2025", value: "0", unit: "tanks", maker: "", note: "", src_url: "", src_title: "" }]) }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="f-tr_value_0-error"[^>]*>must be more than zero</);
  });

  it("explains that pledged and delivered cannot be written once there are tranches", async () => {
    const res = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({
        title: "Tanks for the front",
        amount: "100",
        amount_unit: "tanks",
        ...trancheFields([{ phase: "committed", date: "2025-02", value: "40", unit: "tanks", maker: "Germany", note: "", src_url: "", src_title: "" }]),
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("This commitment has tranches: the pledged and delivered amounts are their totals and cannot be written here.");
    expect(html).toMatch(/id="f-amount-error"[^>]*>comes from the tranches once there are any: clear it and record the amount as a tranche</);
    // The same figures as the tranches' total are no conflict: nothing to clear.
    const same = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({
        title: "Tanks for the front",
        amount: "40",
        amount_unit: "tanks",
        ...trancheFields([{ phase: "committed", date: "2025-02", value: "40", unit: "tanks", maker: "Germany", note: "", src_url: "", src_title: "" }]),
      }),
    );
    expect(same.status).toBe(303);
    expect((await stored(entryIdIn(location(same)))).commitment).toMatchObject({ amount: { value: 40, currency: "tanks" }, tranches: [{ made_by: "Germany" }] });
  });
});

describe("status and reason", () => {
  it("keeps a reason with a missed or withdrawn commitment, and refuses it for another status beside its field", async () => {
    const wrong = await studio.post(`/studio/t/${SLUG}/new`, commitment({ title: "Stalled pledge", status: "stalled", reason: "Budget frozen" }));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/id="f-reason-error"[^>]*>only a missed or withdrawn commitment has a reason</);
    const stalled = await studio.post(`/studio/t/${SLUG}/new`, commitment({ title: "Stalled pledge", status: "stalled" }));
    expect(stalled.status).toBe(303);
    const id = entryIdIn(location(stalled));
    expect((await stored(id)).commitment).toMatchObject({ status: "stalled", reason: null });
    const page = await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text();
    expect(page).toContain('<option value="stalled" selected>stalled</option>');
    expect(page).toContain("Reason (only for missed or withdrawn)");

    const withdrawn = await studio.post(`/studio/t/${SLUG}/e/${id}/status`, { status: "withdrawn", status_date: "2025-06-01", status_note: "", reason: "Coalition collapsed", delivered: "" });
    expect(withdrawn.status).toBe(303);
    const entry = await stored(id);
    expect(entry.commitment).toMatchObject({ status: "withdrawn", reason: "Coalition collapsed" });
    expect(entry.commitment.history.at(-1)).toMatchObject({ from: "stalled", status: "withdrawn", reason: "Coalition collapsed" });
    const shown = await (await studio.get(`/studio/t/${SLUG}/e/${id}`)).text();
    expect(shown).toContain("(Coalition collapsed)");
    expect(shown).toMatch(/id="f-reason"[^>]*>Coalition collapsed</);

    const refused = await studio.post(`/studio/t/${SLUG}/e/${id}/status`, { status: "in_progress", reason: "Still no money", delivered: "" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/id="s-reason-error"/);
    expect((await stored(id)).commitment.status).toBe("withdrawn");
  });

  it("refuses a delivered amount in the status update once there are tranches, saying to add a tranche", async () => {
    const created = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({ title: "Shells", ...trancheFields([{ phase: "committed", date: "2025", value: "1000", unit: "shells", maker: "", note: "", src_url: "", src_title: "" }]) }),
    );
    const id = entryIdIn(location(created));
    const res = await studio.post(`/studio/t/${SLUG}/e/${id}/status`, { status: "in_progress", delivered: "300", delivered_unit: "shells" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/class="err" id="s-delivered-note">This commitment has tranches: record a delivery as a delivered tranche/);
    expect((await stored(id)).commitment).toMatchObject({ status: "announced", delivered: { value: 0, currency: "shells" } });
  });
});

describe("history, preview and translations with tranches", () => {
  it("lists versions, restores one, and previews the widget with the tranches", async () => {
    const created = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({ title: "Versioned pledge", ...trancheFields([{ phase: "committed", date: "2025", value: "10", unit: "MW", maker: "France", note: "First phase", src_url: "", src_title: "" }]) }),
    );
    const id = entryIdIn(location(created));
    await studio.post(
      `/studio/t/${SLUG}/e/${id}`,
      commitment({ title: "Versioned pledge", revision: "1", ...trancheFields([{ phase: "committed", date: "2025", value: "12", unit: "MW", maker: "France", note: "First phase", src_url: "", src_title: "" }]) }),
    );
    const history = await studio.get(`/studio/t/${SLUG}/e/${id}/history`);
    expect(history.status).toBe(200);
    const restored = await studio.post(`/studio/t/${SLUG}/e/${id}/history/1`, {});
    expect(restored.status).toBe(303);
    expect((await stored(id)).commitment.tranches).toMatchObject([{ amount: { value: 10, currency: "MW" }, note: "First phase" }]);
    expect((await studio.get(`/studio/t/${SLUG}/preview`)).status).toBe(200);
    const frame = await studio.get(`/studio/t/${SLUG}/preview/frame`);
    expect(frame.status).toBe(200);
    const widget = await frame.text();
    expect(widget).toContain("Versioned pledge");
    expect(widget).toContain("First phase");
  });

  it("shows tranche notes beside status notes in the translation view, and saves their translation", async () => {
    await call("PATCH", `/v1/timelines/${SLUG}`, { body: { languages: ["de"] } });
    const created = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({
        title: "Translated pledge",
        ...trancheFields([{ phase: "delivered", date: "2025-04", value: "5", unit: "MW", maker: "France", note: "Second turbine online", src_url: "", src_title: "" }]),
      }),
    );
    const id = entryIdIn(location(created));
    await studio.post(`/studio/t/${SLUG}/e/${id}/status`, { status: "in_progress", status_note: "Work started", delivered: "" });
    const view = await (await studio.get(`/studio/t/${SLUG}/e/${id}/translations`)).text();
    expect(view).toMatch(/<th scope="row">Note<\/th><td lang="en">Work started<\/td>/);
    expect(view).toMatch(/<th scope="row">Tranche note<\/th><td lang="en">Second turbine online<\/td>/);
    const revision = (await stored(id)).revision;
    const saved = await studio.post(`/studio/t/${SLUG}/e/${id}/translations/de`, {
      revision: String(revision),
      title: "Übersetzte Zusage",
      "tranche_notes.0": "Zweite Turbine am Netz",
    });
    expect(saved.status).toBe(303);
    expect((await stored(id)).translations.de).toMatchObject({ title: "Übersetzte Zusage", tranche_notes: { "Second turbine online": "Zweite Turbine am Netz" } });
    await call("PATCH", `/v1/timelines/${SLUG}`, { body: { languages: [] } });
  });
});

describe("timeline settings: reporting currency and exchange rates", () => {
  const settingsFields = (fields: Fields = {}) => ({
    title: "Ledger desk",
    description: "",
    language: "en",
    languages: "",
    time_zone: "Europe/Berlin",
    visibility: "public",
    embed_origins: "",
    reporting_currency: "",
    ...fields,
  });
  const timeline = async () => json(await call("GET", `/v1/timelines/${SLUG}`));
  const rates = async () => json(await call("GET", `/v1/timelines/${SLUG}/rates`));

  it("sets the reporting currency, refuses one that is not ISO 4217 beside its field, and clears it", async () => {
    const page = await (await studio.get(`/studio/t/${SLUG}/settings`)).text();
    expect(page).toMatch(/id="f-reporting_currency"[^>]*value=""/);
    const saved = await studio.post(`/studio/t/${SLUG}/settings`, settingsFields({ reporting_currency: " usd " }));
    expect(saved.status).toBe(303);
    expect((await timeline()).reporting_currency).toBe("USD");
    expect(await (await studio.get(`/studio/t/${SLUG}/settings`)).text()).toMatch(/id="f-reporting_currency"[^>]*value="USD"/);
    const bad = await studio.post(`/studio/t/${SLUG}/settings`, settingsFields({ reporting_currency: "tanks" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-reporting_currency-error"[^>]*>must be an ISO 4217 currency code such as EUR or USD</);
    expect((await timeline()).reporting_currency).toBe("USD");
    await studio.post(`/studio/t/${SLUG}/settings`, settingsFields({ reporting_currency: "" }));
    expect((await timeline()).reporting_currency).toBeNull();
    await studio.post(`/studio/t/${SLUG}/settings`, settingsFields({ reporting_currency: "EUR" }));
    expect((await timeline()).reporting_currency).toBe("EUR");
  });

  it("imports a pasted ECB file with gaps and shows the pairs held", async () => {
    const empty = await (await studio.get(`/studio/t/${SLUG}/rates`)).text();
    expect(empty).toContain("No exchange rates yet.");
    expect(empty).toContain("Reporting currency: <strong>EUR</strong>");
    const ecb = "Date,USD,GBP,\n2025-03-03,1.0465,0.8254,\n2025-02-28,N/A,0.8250,\n2025-02-27,1.0482,0.8263,\n";
    const res = await studio.post(`/studio/t/${SLUG}/rates`, { rates_text: ecb });
    expect(res.status).toBe(303);
    expect(location(res)).toBe(`/studio/t/${SLUG}/rates?done=ratesImported`);
    expect((await rates()).series).toEqual([
      { base: "EUR", currency: "GBP", first_date: "2025-02-27", last_date: "2025-03-03", rates: 3 },
      { base: "EUR", currency: "USD", first_date: "2025-02-27", last_date: "2025-03-03", rates: 2 },
    ]);
    const page = await (await studio.get(`/studio/t/${SLUG}/rates?done=ratesImported`)).text();
    expect(page).toContain("Exchange rates imported.");
    expect(page).toMatch(/<th scope="row">USD \/ EUR<\/th><td>February 27, 2025<\/td><td>March 3, 2025<\/td><td>2<\/td>/);
  });

  it("imports an uploaded date,currency,rate,base file", async () => {
    const form = new FormData();
    form.set("rates_file", new File(["date,currency,rate,base\n2025-03-03,UAH,43.5,EUR\n2025-03-04,UAH,43.6,EUR\n"], "rates.csv", { type: "text/csv" }));
    form.set("rates_text", "");
    const res = await studio.post(`/studio/t/${SLUG}/rates`, form);
    expect(res.status).toBe(303);
    expect((await rates()).series).toContainEqual({ base: "EUR", currency: "UAH", first_date: "2025-03-03", last_date: "2025-03-04", rates: 2 });
  });

  it("refuses a bad file as a whole, naming each bad line in the page's language, and keeps the rates held", async () => {
    const before = await rates();
    const bad = await studio.post(`/studio/t/${SLUG}/rates`, { rates_text: "date,currency,rate,base\n2025-03-05,UAH,43.7,EUR\n2025-03-06,UAH,-1,EUR\n05.03.2025,USD,1.05,EUR\n" }, GERMAN);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Die Kurse wurden nicht importiert; die vorhandenen Kurse sind unverändert.");
    expect(html).toContain("Zeile 3, rate: &quot;-1&quot; is not a positive number");
    expect(html).toContain("Zeile 4, date:");
    // The pasted text comes back to be corrected.
    expect(html).toContain("2025-03-06,UAH,-1,EUR");
    expect(await rates()).toEqual(before);

    const unknown = await studio.post(`/studio/t/${SLUG}/rates`, { rates_text: "when,what\n2025,1\n" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("expected the ECB reference-rate CSV");
    const empty = await studio.post(`/studio/t/${SLUG}/rates`, { rates_text: "  " });
    expect(await empty.text()).toContain("Choose a file or paste the CSV.");
    const onlyGaps = await studio.post(`/studio/t/${SLUG}/rates`, { rates_text: "Date,USD\n2025-03-01,N/A\n" });
    expect(await onlyGaps.text()).toContain("The file holds no rates.");
    const latin1 = new FormData();
    latin1.set("rates_file", new File([new Uint8Array([0x44, 0x61, 0x74, 0x65, 0x2c, 0xe4, 0x0a])], "rates.csv", { type: "text/csv" }));
    const notUtf8 = await studio.post(`/studio/t/${SLUG}/rates`, latin1);
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.text()).toContain("The file is not UTF-8 text");
    expect(await rates()).toEqual(before);
  });

  it("lets an editor of the timeline import rates, as the API does, but not change the reporting currency", async () => {
    const token = (await json(await call("POST", "/v1/tokens", { body: { name: "ledger editor", role: "editor", timelines: [SLUG] } }))).token;
    const editor = new StudioClient();
    await editor.signIn(token);
    const page = await editor.get(`/studio/t/${SLUG}/rates`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("/settings#f-reporting_currency");
    const res = await editor.post(`/studio/t/${SLUG}/rates`, { rates_text: "date,currency,rate,base\n2025-03-07,CHF,0.95,EUR\n" });
    expect(res.status).toBe(303);
    expect((await rates()).series).toContainEqual({ base: "EUR", currency: "CHF", first_date: "2025-03-07", last_date: "2025-03-07", rates: 1 });
    expect((await editor.post(`/studio/t/${SLUG}/settings`, settingsFields({ reporting_currency: "CHF" }))).status).toBe(403);
    expect((await timeline()).reporting_currency).toBe("EUR");
  });

  it("converts the scorecard into the reporting currency with the imported rates", async () => {
    const created = await studio.post(
      `/studio/t/${SLUG}/new`,
      commitment({ title: "Dollar pledge", ...trancheFields([{ phase: "committed", date: "2025-03-04", value: "104.65", unit: "USD", maker: "Canada", note: "", src_url: "", src_title: "" }]) }),
    );
    expect(created.status).toBe(303);
    const card = await json(await call("GET", `/v1/timelines/${SLUG}/scorecard`));
    expect(card.reporting_currency).toBe("EUR");
    // The rate of the tranche's day or the last one before it (2025-03-03), never a later one.
    expect(card.rates_used).toEqual({ from: "2025-03-03", to: "2025-03-03" });
  });

  it("duplicates a timeline with its exchange rates: the copy's scorecard converts as the original's", async () => {
    const res = await studio.post(`/studio/t/${SLUG}/duplicate`, { slug: "desk-ledger-copy" });
    expect(location(res)).toBe("/studio/t/desk-ledger-copy?done=duplicated");
    const copyRates = await json(await call("GET", "/v1/timelines/desk-ledger-copy/rates"));
    expect(copyRates.series).toEqual((await rates()).series);
    const card = async (slug: string) => {
      const { timeline: _t, computed: _c, ...rest } = await json(await call("GET", `/v1/timelines/${slug}/scorecard`));
      return rest;
    };
    expect(await card("desk-ledger-copy")).toEqual(await card(SLUG));
  });
});

/** The form's fields as a browser would send them (inputs, checked boxes, selected options, textareas). */
function valuesOfPage(html: string): Fields {
  const form = /<form method="post" action="\/studio\/t\/[^"]+\/e\/[^"/]+" novalidate>([\s\S]*?)<\/form>/.exec(html)![1]!;
  const fields: Fields = {};
  const add = (name: string, value: string) => {
    const old = fields[name];
    fields[name] = old === undefined ? value : [...(Array.isArray(old) ? old : [old]), value];
  };
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? "text";
    if ((type === "checkbox" || type === "radio") && !/ checked/.test(attrs)) continue;
    add(name, unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? ""));
  }
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1]!, unescape(m[2]!));
  for (const m of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    add(m[1]!, unescape(/<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? ""));
  }
  fields.dates_checked = "1";
  return fields;
}
