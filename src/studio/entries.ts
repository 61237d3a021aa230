/**
 * Entries in the studio: the list with search and the API's filters, the form for events and
 * commitments, the commitment's status update with its history, the "changed meanwhile" page,
 * deleting, restoring and publishing.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { COMMITMENT_STATUSES } from "../domain/commitments";
import { commitmentTotals } from "../domain/ledger";
import { readDateInput } from "../domain/date-input";
import { buildEntry, type Entry, entryAsInput, mergeEntryPatch, nextState } from "../domain/entry";
import { translationsAsInput } from "../domain/translations";
import { stateTags, translationStates } from "./translations";
import { formatAmount } from "../domain/format";
import { uuidv7 } from "../domain/ids";
import { readAmount } from "../domain/number-input";
import type { Timeline } from "../domain/timeline";
import { countDrafts, getEntry, labelsInUse, listEntries } from "../db/entries";
import { StaleRevision, UniqueViolation } from "../db/errors";
import { collectEntries } from "../db/transfer";
import type { AppEnv } from "../env";
import { fill, language, type StudioWords } from "../i18n";
import { EntryId } from "../http/schemas/common";
import { EntryCreate } from "../http/schemas/entry";
import { EntryQuery, encodeCursor, toListRequest } from "../http/schemas/entry-query";
import { issuesToFields, validationProblem } from "../http/validation";
import { notHere, studioTimeline } from "./access";
import { type EntryValues, emptyValues, entryForm, isFilledTranche, readEntry, valuesFrom, valuesOf } from "./entry-form";
import { type FieldErrors, readForm } from "./form";
import { signedIn } from "./guard";
import { field, type Html, notice, page, postButton, select, ui } from "./layout";
import { doneNotice, entryWhen, spelledDate, tabs } from "./parts";
import { previewPanel } from "./preview";
import { imageForm, uploadImage } from "./media";
import { writeEntries } from "../http/write";

const redirect = (c: Context<AppEnv>, to: string) => c.redirect(to, 303);

function entryId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!EntryId.safeParse(id).success) throw notHere();
  return id;
}

async function storedEntry(c: Context<AppEnv>, timeline: Timeline, id: string, includeDeleted = false): Promise<Entry> {
  const entry = await getEntry(c.var.db, timeline.id, id, { includeDeleted });
  if (!entry) throw notHere();
  return entry;
}

/** Whether a write failed because the entry changed since it was read. */
const isStale = (err: unknown) => err instanceof StaleRevision;

/** Whether a write failed because the external id is taken in this timeline. */
const isExternalIdTaken = (err: unknown) => err instanceof UniqueViolation && err.is("entries", "timeline_id", "external_id");

// ---------------------------------------------------------------------------------------------
// The list

/** The list's query: the API's filters (dates typed as people type them), plus "only drafts". */
function listQuery(c: Context<AppEnv>, lang: "en" | "de", timeZone: string) {
  const url = new URL(c.req.url);
  for (const key of ["from", "to"]) {
    const raw = url.searchParams.get(key);
    if (raw === "") url.searchParams.delete(key);
    else if (raw) {
      const read = readDateInput(raw, lang, timeZone);
      if (read.ok) url.searchParams.set(key, read.date);
    }
  }
  for (const key of ["kind", "status", "tag", "actor", "q"]) if (url.searchParams.get(key) === "") url.searchParams.delete(key);
  const query = EntryQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationProblem(issuesToFields(query.error.issues, "query"));
  return query.data;
}

/** `GET /studio/t/{slug}`: the timeline's entries, drafts included, with search and filters. */
export async function timelinePage(c: Context<AppEnv>): Promise<Response> {
  const slug = c.req.param("slug")!;
  const timeline = await studioTimeline(c, slug);
  const { lang, w } = ui(c);
  const query = listQuery(c, lang, timeline.time_zone);
  const { filter, page: pageRequest } = toListRequest(query);
  filter.includeDrafts = true;
  if (c.req.query("drafts") === "1") filter.onlyDrafts = true;
  const [result, drafts] = await Promise.all([listEntries(c.var.db, timeline.id, filter, pageRequest), countDrafts(c.var.db, timeline.id)]);
  const statusWords = language(lang, lang).words.status;
  const l = w.list;
  const params = new URL(c.req.url).searchParams;
  const value = (k: string) => params.get(k) ?? "";
  const filtered = ["q", "kind", "status", "tag", "actor", "from", "to", "drafts"].some((k) => value(k) !== "");
  const next = result.next ? new URLSearchParams([...params].filter(([k]) => k !== "cursor" && k !== "done")) : null;
  next?.set("cursor", encodeCursor(pageRequest.order, result.next!));

  const search = html`<form method="get" action="/studio/t/${slug}" role="search"><div class="row"><div>${field({ label: l.search, name: "q", type: "search", value: value("q") })}</div><div>${select({
    label: w.entry.kind,
    name: "kind",
    value: value("kind"),
    options: [["", l.anyKind], ["event", w.entry.kinds.event], ["commitment", w.entry.kinds.commitment]],
  })}</div><div>${select({
    label: w.entry.status,
    name: "status",
    value: value("status"),
    options: [["", l.anyStatus], ...COMMITMENT_STATUSES.map((s): [string, string] => [s, statusWords[s]])],
  })}</div></div><div class="row"><div>${field({ label: w.entry.tags, name: "tag", value: value("tag") })}</div><div>${field({ label: w.entry.actors, name: "actor", value: value("actor") })}</div><div>${field({
    label: `${w.entry.start} ≥`,
    name: "from",
    value: value("from"),
  })}</div><div>${field({ label: `${w.entry.start} ≤`, name: "to", value: value("to") })}</div></div><p class="check"><input type="checkbox" name="drafts" value="1" id="f-drafts"${
    value("drafts") === "1" ? html` checked` : ""
  }><label for="f-drafts">${l.drafts}</label></p><button class="sec">${l.filter}</button>${filtered ? html` <a href="/studio/t/${slug}">${l.showAll}</a>` : ""}</form>`;

  const items = result.entries.map((e) => {
    const c2 = e.commitment;
    return html`<li><span class="when">${entryWhen(e, lang)}</span>${
      c2 ? html`<span class="tag">${w.entry.kinds.commitment}: ${statusWords[c2.status]}</span>` : ""
    }${e.draft ? html`<span class="tag draft">${l.draft}</span>` : ""}<br><a href="/studio/t/${slug}/e/${e.id}">${e.title}</a></li>`;
  });

  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "entries")}${doneNotice(c, w)}<p><a class="btn" href="/studio/t/${slug}/new">${l.newEvent}</a><a class="btn" href="/studio/t/${slug}/new?kind=commitment">${
    l.newCommitment
  }</a></p>${drafts > 0 ? postButton(`/studio/t/${slug}/publish`, fill(l.publishDrafts, { n: String(drafts) }), { className: "sec" }) : ""}${search}${
    items.length ? html`<ul class="entries">${items}</ul>` : html`<p>${filtered ? l.noMatch : l.none}</p>`
  }${next ? html`<p><a class="btn sec" rel="next" href="/studio/t/${slug}?${next.toString()}">${l.next}</a></p>` : ""}`;
  return page(c, { title: timeline.title, body, signedIn: true });
}

/** `POST /studio/t/{slug}/publish`: every draft of the timeline published at once. */
export async function publishDrafts(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const { entries } = await collectEntries(c.var.db, timeline.id, { onlyDrafts: true }, { order: "asc", max: Number.POSITIVE_INFINITY });
  const now = c.var.now.toISOString();
  await writeEntries(c, timeline, entries.map((e) => ({ entry: nextState(e, { draft: false }, now), previous: e, action: "update" as const })), { by: who.id });
  return redirect(c, `/studio/t/${timeline.slug}?done=published`);
}

// ---------------------------------------------------------------------------------------------
// The form

interface EditPageOptions {
  timeline: Timeline;
  entry: Entry | null;
  values: EntryValues;
  errors?: FieldErrors;
  readBack?: boolean;
  hints?: Map<string, string>;
  extraSources?: number;
  extraTranches?: number;
  status?: number;
  statusForm?: { values: Record<string, string>; errors: FieldErrors };
  imageError?: string | null;
}

async function editPage(c: Context<AppEnv>, o: EditPageOptions): Promise<Response> {
  const { lang, w } = ui(c);
  const { timeline, entry } = o;
  const slug = timeline.slug;
  const errors = o.errors ?? new Map();
  const suggestions = await labelsInUse(c.var.db, timeline.id);
  const title = entry ? `${w.entry.edit}: ${entry.title}` : o.values.kind === "commitment" ? w.entry.newCommitment : w.entry.newEvent;
  const action = entry ? `/studio/t/${slug}/e/${entry.id}` : `/studio/t/${slug}/new`;
  const totals = entry?.commitment?.tranches.length ? commitmentTotals(entry.commitment) : undefined;
  const form = entryForm({ action, values: o.values, errors, timeline, lang, w, suggestions, extraSources: o.extraSources, extraTranches: o.extraTranches, hints: o.hints, totals });
  const side = entry
    ? html`${entry.commitment ? statusPanel(c, timeline, entry, o.statusForm) : ""}${translationsPanel(w, timeline, entry)}${imageForm(w, timeline, entry, o.imageError ?? null)}<h2>${w.entry.versions}</h2><p><a href="/studio/t/${slug}/e/${entry.id}/history">${w.history.title}</a></p>${postButton(
        `/studio/t/${slug}/e/${entry.id}/delete`,
        w.entry.delete,
        { className: "dan", confirm: w.entry.deleteConfirm },
      )}${previewPanel(w, timeline)}`
    : previewPanel(w, timeline);
  const notes = html`${errors.size ? notice(fill(w.entry.notSaved, { n: String(errors.size) }), "bad") : ""}${o.readBack ? notice(w.entry.datesReadBack, "") : ""}`;
  const body = html`<h1>${title}</h1>${tabs(w, timeline, null)}${doneNotice(c, w)}${notes}<div class="cols"><div>${form}</div><div>${side}</div></div>`;
  return page(c, { title, body, status: o.status ?? (errors.size ? 400 : 200), signedIn: true });
}

/** The entry's languages at a glance (what is missing or stale), linking to them side by side. */
function translationsPanel(w: StudioWords, timeline: Timeline, entry: Entry): Html {
  const states = translationStates(entry, timeline);
  const link = `/studio/t/${timeline.slug}/e/${entry.id}/translations`;
  return html`<h2>${w.translations.title}</h2>${
    states.length
      ? html`<ul class="entries">${states.map((s) => html`<li><a href="${link}#lang-${s.lang}">${s.lang}</a> ${stateTags(w, s)}</li>`)}</ul>`
      : ""
  }<p><a href="${link}">${w.translations.title}</a></p>`;
}

/** `GET /studio/t/{slug}/new?kind=…` */
export async function newEntry(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  return editPage(c, { timeline, entry: null, values: emptyValues(c.req.query("kind") === "commitment" ? "commitment" : "event") });
}

/** `GET /studio/t/{slug}/e/{id}` */
export async function editEntry(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const entry = await storedEntry(c, timeline, entryId(c));
  return editPage(c, { timeline, entry, values: valuesOf(entry) });
}

/**
 * Reads a submitted entry form; answers the page to show instead of saving (problems, dates to
 * check, another source row), or the valid input.
 */
async function submitted(c: Context<AppEnv>, timeline: Timeline, entry: Entry | null) {
  const { lang, w } = ui(c);
  const form = await readForm(c);
  const values = valuesFrom(form);
  if (form.has("add_source")) {
    return { page: await editPage(c, { timeline, entry, values, extraSources: 1 }) };
  }
  if (form.has("add_tranche")) {
    // One empty row more than were sent (the form always ends with one).
    const empty = values.tranches.filter((t) => !isFilledTranche(t)).length;
    return { page: await editPage(c, { timeline, entry, values, extraTranches: empty }) };
  }
  const read = readEntry(values, lang, timeline, w);
  if (!read.input) return { page: await editPage(c, { timeline, entry, values: read.values, errors: read.errors, hints: read.hints }) };
  if (read.datesRewritten && form.text("dates_checked") !== "1") {
    return { page: await editPage(c, { timeline, entry, values: read.values, readBack: true, hints: read.hints }) };
  }
  return { input: read.input, values: read.values, form };
}

/** `POST /studio/t/{slug}/new` */
export async function createEntry(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { w } = ui(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const result = await submitted(c, timeline, null);
  if ("page" in result) return result.page!;
  const entry = buildEntry(null, result.input, { id: uuidv7(), now: c.var.now.toISOString() });
  try {
    await writeEntries(c, timeline, [{ entry, previous: null, action: "create" }], { by: who.id });
  } catch (err) {
    if (!isExternalIdTaken(err)) throw err;
    return editPage(c, { timeline, entry: null, values: result.values, errors: new Map([["external_id", w.timeline.slugTaken]]) });
  }
  return redirect(c, `/studio/t/${timeline.slug}/e/${entry.id}?done=created`);
}

/** `POST /studio/t/{slug}/e/{id}`: saves the whole form, unless someone saved in between. */
export async function saveEntry(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { w } = ui(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const current = await storedEntry(c, timeline, entryId(c));
  const result = await submitted(c, timeline, current);
  if ("page" in result) return result.page!;
  if (result.values.revision !== String(current.revision)) return conflictPage(c, timeline, current, result.values, result.form.entries());
  // The form holds the source text only: the entry's translations stay as they are (a changed
  // source field makes those that translate it stale).
  const input = { ...result.input, translations: translationsAsInput(current.translations) };
  const next = buildEntry(current, input, { id: current.id, now: c.var.now.toISOString() });
  if (next.media && current.media && next.media.url === current.media.url) {
    next.media = { ...next.media, width: current.media.width ?? null, height: current.media.height ?? null };
  }
  try {
    await writeEntries(c, timeline, [{ entry: next, previous: current, action: "update" }], { by: who.id });
  } catch (err) {
    if (isStale(err)) return conflictPage(c, timeline, await storedEntry(c, timeline, current.id), result.values, result.form.entries());
    if (!isExternalIdTaken(err)) throw err;
    return editPage(c, { timeline, entry: current, values: result.values, errors: new Map([["external_id", w.timeline.slugTaken]]) });
  }
  return redirect(c, `/studio/t/${timeline.slug}/e/${current.id}?done=saved`);
}

// ---------------------------------------------------------------------------------------------
// Changed meanwhile

const COMPARED: (keyof EntryValues)[] = [
  "kind", "title", "body", "start", "end", "date_qualifier", "display_date", "tags", "actors", "location", "importance",
  "media_url", "media_alt", "media_credit", "status", "reason", "due", "amount", "amount_unit", "delivered", "delivered_unit", "made_by",
  "beneficiary", "draft", "external_id",
];

function label(w: StudioWords, key: keyof EntryValues): string {
  const e = w.entry;
  const labels: Partial<Record<keyof EntryValues, string>> = {
    kind: e.kind, title: e.headline, body: e.body, start: e.start, end: e.end, date_qualifier: e.qualifier, display_date: e.displayDate,
    tags: e.tags, actors: e.actors, location: e.location, importance: e.importance, media_url: `${e.media}: ${e.mediaUrl}`,
    media_alt: e.mediaAlt, media_credit: e.mediaCredit, status: e.status, reason: w.ledger.reason, due: e.due, amount: e.amount, amount_unit: `${e.amount}: ${e.unit}`,
    delivered: e.delivered, delivered_unit: `${e.delivered}: ${e.unit}`, made_by: e.madeBy, beneficiary: e.beneficiary, draft: e.draft,
    external_id: e.externalId, sources: e.sources,
  };
  return labels[key] ?? key;
}

/** 409: the entry was saved by someone else since this form was opened; both versions side by side. */
function conflictPage(c: Context<AppEnv>, timeline: Timeline, saved: Entry, yours: EntryValues, submittedFields: [string, string][]): Promise<Response> | Response {
  const { w } = ui(c);
  const theirs = valuesOf(saved);
  const text = (v: EntryValues, key: keyof EntryValues) => String(v[key] ?? "");
  const sources = (v: EntryValues) => v.sources.filter((s) => s.url || s.title).map((s) => `${s.title} <${s.url}>`).join("\n");
  const rows: [string, string, string][] = COMPARED.filter((k) => text(yours, k) !== text(theirs, k)).map((k) => [label(w, k), text(yours, k), text(theirs, k)]);
  if (sources(yours) !== sources(theirs)) rows.push([w.entry.sources, sources(yours), sources(theirs)]);
  const tranches = (v: EntryValues) =>
    v.tranches.filter((t) => isFilledTranche(t) && !t.remove).map((t) => `${t.date} · ${t.phase} · ${t.value} ${t.unit}${t.maker ? ` · ${t.maker}` : ""}${t.note ? ` · ${t.note}` : ""}`).join("\n");
  if (tranches(yours) !== tranches(theirs)) rows.push([w.ledger.tranches, tranches(yours), tranches(theirs)]);
  const carried = submittedFields.filter(([k]) => k !== "revision" && k !== "dates_checked" && k !== "add_source" && k !== "add_tranche");
  const body = html`<h1>${w.conflict.title}</h1>${tabs(w, timeline, null)}<p class="note bad" role="alert">${w.conflict.intro}</p><div class="scroll"><table class="diff"><thead><tr><th scope="col">${
    w.conflict.field
  }</th><th scope="col">${w.conflict.yours}</th><th scope="col">${w.conflict.saved}</th></tr></thead><tbody>${rows.map(
    ([name, mine, stored]) => html`<tr><th scope="row">${name}</th><td>${mine}</td><td>${stored}</td></tr>`,
  )}</tbody></table></div><form method="post" action="/studio/t/${timeline.slug}/e/${saved.id}">${carried.map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<input type="hidden" name="revision" value="${String(saved.revision)}"><input type="hidden" name="dates_checked" value="1"><button>${w.conflict.keepMine}</button></form><p><a class="btn sec" href="/studio/t/${timeline.slug}/e/${saved.id}">${
    w.conflict.discard
  }</a></p>`;
  return page(c, { title: w.conflict.title, body, status: 409, signedIn: true });
}

// ---------------------------------------------------------------------------------------------
// Commitment status: the daily job

function statusPanel(c: Context<AppEnv>, timeline: Timeline, entry: Entry, submittedForm?: { values: Record<string, string>; errors: FieldErrors }): Html {
  const { lang, w } = ui(c);
  const s = w.status;
  const commitment = entry.commitment!;
  const statusWords = language(lang, lang).words.status;
  const v = submittedForm?.values ?? {};
  const err = (name: string) => submittedForm?.errors.get(name) ?? null;
  const fmt = (date: string) => spelledDate(date.length > 10 ? date.slice(0, 10) : date, lang);
  const hasTranches = commitment.tranches.length > 0;
  return html`<h2 id="status">${s.title}</h2>${submittedForm?.errors.size ? notice(fill(w.entry.notSaved, { n: String(submittedForm.errors.size) }), "bad") : ""}<form method="post" action="/studio/t/${
    timeline.slug
  }/e/${entry.id}/status" novalidate>${select({
    label: s.newStatus,
    name: "status",
    id: "s-status",
    value: v.status ?? commitment.status,
    options: COMMITMENT_STATUSES.map((st): [string, string] => [st, statusWords[st]]),
    error: err("status"),
  })}${field({ label: s.date, name: "status_date", id: "s-date", value: v.status_date ?? "", error: err("status_date"), attrs: html` data-date data-tz="${timeline.time_zone}" autocomplete="off"` })}${field({
    label: s.note,
    name: "status_note",
    id: "s-note",
    value: v.status_note ?? "",
    error: err("status_note"),
    multiline: true,
    rows: 2,
  })}${field({
    label: w.ledger.reason,
    name: "reason",
    id: "s-reason",
    value: v.reason ?? "",
    help: w.ledger.reasonHelp,
    error: err("reason"),
    multiline: true,
    rows: 2,
  })}${field({ label: s.sourceUrl, name: "status_source_url", id: "s-src-url", type: "url", value: v.status_source_url ?? "", error: err("status_source_url") })}${field({
    label: s.sourceTitle,
    name: "status_source_title",
    id: "s-src-title",
    value: v.status_source_title ?? "",
    error: err("status_source_title"),
  })}${
    hasTranches
      ? html`<p class="${err("delivered") ? "err" : "help"}" id="s-delivered-note">${w.ledger.deliveredAsTranche} <a href="#tranches">${w.ledger.tranches}</a></p>`
      : html`<div class="row"><div>${field({
    label: `${w.entry.delivered}: ${w.entry.value}`,
    name: "delivered",
    id: "s-delivered",
    value: v.delivered ?? (commitment.delivered ? String(commitment.delivered.value) : ""),
    error: err("delivered"),
    attrs: html` inputmode="decimal"`,
  })}</div><div>${field({
    label: `${w.entry.delivered}: ${w.entry.unit}`,
    name: "delivered_unit",
    id: "s-delivered-unit",
    value: v.delivered_unit ?? commitment.delivered?.currency ?? commitment.amount?.currency ?? "",
    error: err("delivered_unit"),
  })}</div></div>`
  }<button>${s.record}</button></form><h2>${s.history}</h2>${
    commitment.history.length
      ? html`<ol class="entries">${[...commitment.history].reverse().map(
          (h) => html`<li><span class="when">${fmt(h.at)}</span><br>${h.from ? html`${statusWords[h.from]} → ` : ""}<strong>${statusWords[h.status]}</strong>${
            h.reason ? html` (${h.reason})` : ""
          }${
            h.note ? html`<br>${h.note}` : ""
          }${h.source ? html`<br><a href="${h.source.url}" rel="noopener noreferrer" target="_blank">${h.source.title}</a>` : ""}</li>`,
        )}</ol>`
      : html`<p>${s.none}</p>`
  }${commitment.amount && !hasTranches ? html`<p class="help">${w.entry.amount}: ${formatAmount(commitment.amount, lang)}</p>` : ""}`;
}

/**
 * `POST /studio/t/{slug}/e/{id}/status`: a status change (and delivered amount) laid over the
 * stored commitment, appended to its history exactly as the API's PATCH does.
 */
export async function recordStatus(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const { lang, w } = ui(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const current = await storedEntry(c, timeline, entryId(c));
  if (!current.commitment) throw notHere();
  const form = await readForm(c);
  const values = Object.fromEntries(
    ["status", "status_date", "status_note", "reason", "status_source_url", "status_source_title", "delivered", "delivered_unit"].map((k) => [k, form.text(k)]),
  );
  const errors: FieldErrors = new Map();
  let statusDate: string | null = null;
  if (values.status_date!.trim()) {
    const read = readDateInput(values.status_date!, lang, timeline.time_zone);
    if (read.ok) statusDate = read.date;
    else errors.set("status_date", w.dates.errors[read.error]);
  }
  let delivered: { value: number; currency: string } | null = null;
  if (values.delivered!.trim()) {
    const read = readAmount(values.delivered!, lang);
    if (!read) errors.set("delivered", w.entry.notAmount);
    else delivered = { value: read.value, currency: values.delivered_unit!.trim() || read.unit || current.commitment.amount?.currency || "" };
  }
  const sourceUrl = values.status_source_url!.trim();
  const patch = {
    commitment: {
      status: values.status,
      status_date: statusDate,
      status_note: values.status_note || null,
      status_source: sourceUrl ? { url: sourceUrl, title: values.status_source_title!.trim() || sourceUrl } : null,
      // Left empty, a reason stays with an unchanged status and goes with a changed one.
      ...(values.reason!.trim() ? { reason: values.reason } : {}),
      ...(values.delivered!.trim() ? { delivered } : {}),
    },
  };
  const merged = EntryCreate.safeParse(mergeEntryPatch(entryAsInput(current), patch));
  if (!merged.success) {
    for (const issue of merged.error.issues) {
      const key = String(issue.path[1] ?? "status");
      if (key === "delivered" && current.commitment.tranches.length > 0) {
        errors.set("delivered", w.ledger.deliveredAsTranche);
        continue;
      }
      const name = key === "status_source" ? (issue.path[2] === "title" ? "status_source_title" : "status_source_url") : key;
      if (!errors.has(name)) errors.set(name, issue.message);
    }
  }
  if (errors.size > 0 || !merged.success) {
    return editPage(c, { timeline, entry: current, values: valuesOf(current), statusForm: { values, errors }, status: 400 });
  }
  const next = buildEntry(current, merged.data, { id: current.id, now: c.var.now.toISOString() });
  next.media = current.media;
  await writeEntries(c, timeline, [{ entry: next, previous: current, action: "update" }], { by: who.id });
  return redirect(c, `/studio/t/${timeline.slug}/e/${current.id}?done=statusRecorded#status`);
}

// ---------------------------------------------------------------------------------------------
// Delete, restore, trash

/** `POST /studio/t/{slug}/e/{id}/media`: an image upload; a refusal comes back to the entry page. */
export function uploadEntryImage(c: Context<AppEnv>): Promise<Response> {
  return uploadImage(c, (timeline, entry, message) => editPage(c, { timeline, entry, values: valuesOf(entry), imageError: message, status: 400 }));
}

/** `POST /studio/t/{slug}/e/{id}/delete` */
export async function deleteEntry(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const current = await storedEntry(c, timeline, entryId(c));
  await writeEntries(c, timeline, [{ entry: nextState(current, { deleted_at: c.var.now.toISOString() }, c.var.now.toISOString()), previous: current, action: "delete" }], { by: who.id });
  return redirect(c, `/studio/t/${timeline.slug}?done=deleted`);
}

/** `POST /studio/t/{slug}/e/{id}/restore` */
export async function restoreEntry(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const current = await storedEntry(c, timeline, entryId(c), true);
  if (current.deleted_at) {
    await writeEntries(c, timeline, [{ entry: nextState(current, { deleted_at: null }, c.var.now.toISOString()), previous: current, action: "restore" }], { by: who.id });
  }
  return redirect(c, `/studio/t/${timeline.slug}/e/${current.id}?done=restored`);
}
