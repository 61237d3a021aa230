/**
 * Timelines in the studio: the overview (with deleted ones to restore), creating one, its
 * settings, deleting, restoring and duplicating.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { can } from "../domain/auth";
import { copyEntry } from "../domain/entry";
import { uuidv7 } from "../domain/ids";
import { LIMITS } from "../domain/limits";
import { type Timeline, VISIBILITIES } from "../domain/timeline";
import { collectEntries } from "../db/transfer";
import { findTimeline, listTimelinesIn } from "../db/timelines";
import type { AppEnv } from "../env";
import { fill } from "../i18n";
import { TimelineCreate, TimelinePatch } from "../http/schemas/timeline";
import { jsonPointer } from "../http/problem";
import { notAllowed, studioTimeline } from "./access";
import { type FieldErrors, readForm } from "./form";
import { signedIn } from "./guard";
import { field, type Html, notice, page, postButton, select, ui } from "./layout";
import { doneNotice, spelledDate, tabs } from "./parts";
import { writeEntries, writeNewTimeline, writeRates, writeTimelineChange } from "../http/write";
import { allRates, rateSeries } from "../db/ledger";
import { parseRatesCsv, ratesRefusal } from "../domain/rates";

const LANGUAGES = ["de", "en", "fr", "es", "it", "uk", "pl", "nl", "ar", "he"];
const ZONES = ["UTC", "Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/London", "Europe/Paris", "Europe/Kyiv", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"];

/** Offered while typing the reporting currency (any ISO 4217 code is taken). */
const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "UAH", "PLN", "SEK", "NOK", "DKK"];

const redirect = (c: Context<AppEnv>, to: string) => c.redirect(to, 303);

/** `GET /studio`: the timelines this session may work on. */
export async function overview(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { lang, w } = ui(c);
  const all = await listTimelinesIn(c.var.db, who.timelines.includes("*") ? "*" : who.timelines);
  const live = all.filter((t) => !t.deleted_at);
  const deleted = all.filter((t) => t.deleted_at && can(who, "timeline:manage", t.slug));
  const changed = (t: Timeline) => fill(w.timelines.changed, { date: spelledDate(t.updated_at.slice(0, 10), lang) });
  const body = html`<h1>${w.timelines.title}</h1>${doneNotice(c, w)}${
    who.role === "admin" ? html`<p><a class="btn" href="/studio/new">${w.timelines.create}</a></p>` : ""
  }${
    live.length
      ? html`<ul class="entries">${live.map(
          (t) => html`<li><a href="/studio/t/${t.slug}"><strong>${t.title}</strong></a> <span class="tag">${w.timelines.visibility[t.visibility]}</span><br><span class="when">/${t.slug} · ${t.language} · ${changed(t)}</span></li>`,
        )}</ul>`
      : html`<p>${w.timelines.none}</p>`
  }${
    deleted.length
      ? html`<h2>${w.timelines.deleted}</h2><ul class="entries">${deleted.map(
          (t) => html`<li><strong>${t.title}</strong> <span class="when">/${t.slug}</span> ${postButton(`/studio/t/${t.slug}/restore`, w.timeline.restore, { className: "sec" })}</li>`,
        )}</ul>`
      : ""
  }`;
  return page(c, { title: w.timelines.title, body, signedIn: true });
}

interface TimelineValues {
  slug: string;
  title: string;
  description: string;
  language: string;
  /** The other published languages, separated by spaces. */
  languages: string;
  time_zone: string;
  visibility: string;
  embed_origins: string;
  /** ISO 4217, or empty for none. */
  reporting_currency: string;
}

const valuesOf = (t: Timeline): TimelineValues => ({
  slug: t.slug,
  title: t.title,
  description: t.description,
  language: t.language,
  languages: t.languages.filter((l) => l !== t.language).join(" "),
  time_zone: t.time_zone,
  visibility: t.visibility,
  embed_origins: t.embed_origins.join("\n"),
  reporting_currency: t.reporting_currency ?? "",
});

function timelineForm(c: Context<AppEnv>, o: { action: string; values: TimelineValues; errors: FieldErrors; creating: boolean; button: string }): Html {
  const { w } = ui(c);
  const t = w.timeline;
  const v = o.values;
  const err = (name: string) => o.errors.get(name) ?? null;
  return html`<form method="post" action="${o.action}" novalidate>${
    o.creating
      ? field({ label: t.slug, name: "slug", value: v.slug, help: t.slugHelp, error: err("slug"), required: true, attrs: html` pattern="[a-z0-9-]{1,64}" autocapitalize="off" spellcheck="false"` })
      : ""
  }${field({ label: t.title, name: "title", value: v.title, error: err("title"), required: true })}${field({
    label: t.description,
    name: "description",
    value: v.description,
    error: err("description"),
    multiline: true,
  })}<div class="row"><div>${field({ label: t.language, name: "language", value: v.language, error: err("language"), list: "languages", attrs: html` autocapitalize="off"` })}</div><div>${field({
    label: t.timeZone,
    name: "time_zone",
    value: v.time_zone,
    error: err("time_zone"),
    list: "zones",
    attrs: html` autocapitalize="off"`,
  })}</div></div>${field({
    label: t.languages,
    name: "languages",
    value: v.languages,
    help: t.languagesHelp,
    error: err("languages"),
    attrs: html` autocapitalize="off" spellcheck="false"`,
  })}<datalist id="languages">${LANGUAGES.map((l) => html`<option value="${l}">`)}</datalist><datalist id="zones">${ZONES.map(
    (z) => html`<option value="${z}">`,
  )}</datalist>${select({
    label: t.visibility,
    name: "visibility",
    value: v.visibility,
    options: VISIBILITIES.map((vis): [string, string] => [vis, w.timelines.visibility[vis]]),
    error: err("visibility"),
  })}${field({ label: t.embedOrigins, name: "embed_origins", value: v.embed_origins, help: t.embedOriginsHelp, error: err("embed_origins"), multiline: true, rows: 3 })}${field({
    label: w.ledger.reportingCurrency,
    name: "reporting_currency",
    value: v.reporting_currency,
    help: w.ledger.reportingCurrencyHelp,
    error: err("reporting_currency"),
    list: "currencies",
    attrs: html` autocapitalize="characters" spellcheck="false" maxlength="3"`,
  })}<datalist id="currencies">${CURRENCIES.map((code) => html`<option value="${code}">`)}</datalist><button>${o.button}</button></form>`;
}

function timelineInput(values: TimelineValues, creating: boolean): Record<string, unknown> {
  return {
    ...(creating ? { slug: values.slug.trim() } : {}),
    title: values.title,
    description: values.description,
    language: values.language.trim(),
    languages: values.languages.split(/[\s,;]+/).filter(Boolean),
    time_zone: values.time_zone.trim(),
    visibility: values.visibility,
    embed_origins: values.embed_origins
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean),
    reporting_currency: values.reporting_currency.trim() || null,
  };
}

function issuesToFields(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const issue of issues) {
    const name = jsonPointer(issue.path).split("/")[1] || "title";
    if (!errors.has(name)) errors.set(name, issue.message);
  }
  return errors;
}

const formValues = async (c: Context<AppEnv>): Promise<TimelineValues> => {
  const form = await readForm(c);
  return {
    slug: form.text("slug"),
    title: form.text("title"),
    description: form.text("description"),
    language: form.text("language"),
    languages: form.text("languages"),
    time_zone: form.text("time_zone"),
    visibility: form.text("visibility"),
    embed_origins: form.text("embed_origins"),
    reporting_currency: form.text("reporting_currency"),
  };
};

/** `GET /studio/new` */
export async function newTimeline(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  if (who.role !== "admin") throw notAllowed();
  const { lang, w } = ui(c);
  const values: TimelineValues = { slug: "", title: "", description: "", language: lang, languages: "", time_zone: "UTC", visibility: "public", embed_origins: "", reporting_currency: "" };
  const body = html`<h1>${w.timelines.create}</h1>${timelineForm(c, { action: "/studio/new", values, errors: new Map(), creating: true, button: w.timeline.create })}`;
  return page(c, { title: w.timelines.create, body, signedIn: true });
}

/** `POST /studio/new` */
export async function createTimeline(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { w } = ui(c);
  const values = await formValues(c);
  const parsed = TimelineCreate.safeParse(timelineInput(values, true));
  let errors: FieldErrors = parsed.success ? new Map() : issuesToFields(parsed.error.issues);
  if (parsed.success) {
    if (!can(who, "timeline:create", parsed.data.slug)) errors.set("slug", w.errors.forbidden);
    else {
      const created = await writeNewTimeline(c, parsed.data, { by: who.id });
      if (created) return redirect(c, `/studio/t/${created.slug}?done=timelineCreated`);
      const existing = await findTimeline(c.var.db, parsed.data.slug);
      errors = new Map([["slug", existing?.deleted_at ? w.timeline.slugDeleted : w.timeline.slugTaken]]);
    }
  }
  const body = html`<h1>${w.timelines.create}</h1>${notice(fill(w.entry.notSaved, { n: String(errors.size) }), "bad")}${timelineForm(c, {
    action: "/studio/new",
    values,
    errors,
    creating: true,
    button: w.timeline.create,
  })}`;
  return page(c, { title: w.timelines.create, body, status: 400, signedIn: true });
}

/** What a refused rates import shows: the problems, and the text to correct (a pasted one). */
interface RatesForm {
  problems: string[];
  text: string;
}

/**
 * `GET /studio/t/{slug}/rates`: the reporting currency, the exchange rates held by pair (as
 * `GET …/rates` answers) and the form to import more. Whoever may write entries may import rates,
 * as in the API; the reporting currency is a setting of the timeline.
 */
export async function ratesPage(c: Context<AppEnv>, form?: RatesForm): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const { lang, w } = ui(c);
  const l = w.ledger;
  const series = await rateSeries(c.var.db, timeline.id);
  const day = (d: string) => spelledDate(d, lang);
  const count = new Intl.NumberFormat(lang);
  const held = series.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${l.ratesPair}</th><th scope="col">${l.ratesFrom}</th><th scope="col">${l.ratesTo}</th><th scope="col">${
        l.ratesCount
      }</th></tr></thead><tbody>${series.map(
        (s) => html`<tr><th scope="row">${s.currency} / ${s.base}</th><td>${day(s.first_date)}</td><td>${day(s.last_date)}</td><td>${count.format(s.rates)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${l.ratesNone}</p>`;
  const problems = form?.problems.length
    ? html`<div class="note bad" role="alert" id="rates-errors"><p>${l.ratesRefused}</p><ul>${form.problems.map((p) => html`<li>${p}</li>`)}</ul></div>`
    : "";
  const currency = html`<p>${l.reportingCurrency}: <strong>${timeline.reporting_currency ?? "–"}</strong>${
    can(who, "timeline:manage", timeline.slug) ? html` <a href="/studio/t/${timeline.slug}/settings#f-reporting_currency">${w.tabs.settings}</a>` : ""
  }</p><p class="help">${l.reportingCurrencyHelp}</p>`;
  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "rates")}${doneNotice(c, w)}<h2 id="rates">${l.rates}</h2>${currency}${held}${problems}<form method="post" action="/studio/t/${timeline.slug}/rates" enctype="multipart/form-data" novalidate><p class="help">${
    l.ratesIntro
  }</p><label for="f-rates_file">${l.ratesFile}</label><input type="file" id="f-rates_file" name="rates_file" accept=".csv,text/csv,text/plain"${
    form?.problems.length ? html` aria-describedby="rates-errors"` : ""
  }>${field({ label: l.ratesText, name: "rates_text", value: form?.text ?? "", help: l.ratesTextHelp, multiline: true, rows: 5, attrs: html` class="paste" spellcheck="false"` })}<button>${l.ratesImport}</button></form>`;
  return page(c, { title: `${l.rates}: ${timeline.title}`, body, status: form?.problems.length ? 400 : 200, signedIn: true });
}

/** `GET /studio/t/{slug}/settings` */
export async function settings(c: Context<AppEnv>, errors: FieldErrors = new Map(), values?: TimelineValues): Promise<Response> {
  const slug = c.req.param("slug")!;
  const timeline = await studioTimeline(c, slug, "timeline:manage");
  const { w } = ui(c);
  const t = w.timeline;
  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "settings")}${doneNotice(c, w)}${
    errors.size ? notice(fill(w.entry.notSaved, { n: String(errors.size) }), "bad") : ""
  }${timelineForm(c, { action: `/studio/t/${slug}/settings`, values: values ?? valuesOf(timeline), errors, creating: false, button: t.save })}<h2>${t.duplicate}</h2><form method="post" action="/studio/t/${slug}/duplicate">${field(
    { label: t.duplicateSlug, name: "slug", id: "f-copy-slug", value: `${slug}-copy`.slice(0, LIMITS.slug), help: t.duplicateHelp, error: errors.get("copy_slug") ?? null, attrs: html` autocapitalize="off" spellcheck="false"` },
  )}<button class="sec">${t.duplicate}</button></form><h2>${t.delete}</h2>${postButton(`/studio/t/${slug}/delete`, t.delete, { className: "dan", confirm: t.deleteConfirm })}`;
  return page(c, { title: `${t.save}: ${timeline.title}`, body, status: errors.size ? 400 : 200, signedIn: true });
}

/** `POST /studio/t/{slug}/settings` */
export async function saveSettings(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const slug = c.req.param("slug")!;
  const timeline = await studioTimeline(c, slug, "timeline:manage");
  const values = await formValues(c);
  const parsed = TimelinePatch.safeParse(timelineInput(values, false));
  if (!parsed.success) return settings(c, issuesToFields(parsed.error.issues), { ...values, slug });
  // As in the API: an unchanged reporting currency is no change (the ledger recomputes only for a new one).
  const { reporting_currency, ...fields } = parsed.data;
  const changes = reporting_currency !== undefined && reporting_currency !== timeline.reporting_currency ? { ...fields, reporting_currency } : fields;
  await writeTimelineChange(c, timeline, "update", changes, { by: who.id });
  return redirect(c, `/studio/t/${slug}/settings?done=settingsSaved`);
}

/** `POST /studio/t/{slug}/delete` */
export async function deleteTimeline(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "timeline:manage");
  await writeTimelineChange(c, timeline, "delete", { deleted_at: c.var.now.toISOString() }, { by: who.id });
  return redirect(c, "/studio?done=timelineDeleted");
}

/** `POST /studio/t/{slug}/restore` */
export async function restoreTimeline(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "timeline:manage", { deleted: true });
  await writeTimelineChange(c, timeline, "restore", { deleted_at: null }, { by: who.id });
  return redirect(c, `/studio/t/${timeline.slug}?done=timelineRestored`);
}

/** `POST /studio/t/{slug}/duplicate`: a new timeline with the same settings and copies of every entry. */
export async function duplicateTimeline(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { w } = ui(c);
  const source = await studioTimeline(c, c.req.param("slug")!, "timeline:manage");
  const slug = (await readForm(c)).text("slug").trim();
  const parsed = TimelineCreate.safeParse({ ...timelineInput(valuesOf(source), false), slug });
  const refuse = (message: string) => settings(c, new Map([["copy_slug", message]]));
  if (!parsed.success) return refuse(issuesToFields(parsed.error.issues).values().next().value ?? w.timeline.slugTaken);
  if (!can(who, "timeline:create", slug)) return refuse(w.errors.forbidden);
  const created = await writeNewTimeline(c, parsed.data, { by: who.id });
  if (!created) return refuse(w.timeline.slugTaken);
  const { entries } = await collectEntries(c.var.db, source.id, { includeDrafts: true }, { order: "asc", max: Number.POSITIVE_INFINITY });
  // The exchange rates come along: the copy's scorecard converts as the original's does.
  const rates = await allRates(c.var.db, source.id);
  const now = c.var.now.toISOString();
  const copies = entries.map((e) => ({ entry: copyEntry(e, { id: uuidv7(), now }), previous: null, action: "import" as const }));
  if (copies.length > 0) await writeEntries(c, created, copies, { by: who.id, rates });
  else if (rates.length > 0) await writeRates(c, created, rates, { by: who.id });
  return redirect(c, `/studio/t/${created.slug}?done=duplicated`);
}

/**
 * `POST /studio/t/{slug}/rates`: an uploaded or pasted rates CSV, read and checked as the API's
 * `POST …/rates` reads it; all or nothing, a refused file changes no stored rate.
 */
export async function importRates(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { w } = ui(c);
  const l = w.ledger;
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const form = await readForm(c);
  const file = form.file("rates_file");
  const pasted = form.text("rates_text");
  const refuse = (problems: string[]) => ratesPage(c, { problems, text: pasted });
  let text = pasted;
  if (file && file.size > 0) {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await file.arrayBuffer());
    } catch {
      return refuse([l.ratesNotUtf8]);
    }
  }
  if (text.trim() === "") return refuse([l.ratesEmpty]);
  const parsed = parseRatesCsv(text);
  const refusal = ratesRefusal(parsed, LIMITS.ratesPerImport);
  if (refusal?.kind === "problems") {
    const shown = refusal.problems.slice(0, 20).map((p) => `${fill(l.ratesLine, { line: String(p.line) })}${p.column ? `, ${p.column}` : ""}: ${p.detail}`);
    return refuse(refusal.problems.length > shown.length ? [...shown, "…"] : shown);
  }
  if (refusal?.kind === "empty") return refuse([l.ratesNothing]);
  if (refusal?.kind === "too-many") return refuse([fill(l.ratesTooMany, { n: String(refusal.count), max: String(refusal.max) })]);
  await writeRates(c, timeline, parsed.rates, { by: who.id });
  return redirect(c, `/studio/t/${timeline.slug}/rates?done=ratesImported`);
}
