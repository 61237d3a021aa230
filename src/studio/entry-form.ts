/**
 * The entry form: what it shows (an entry, or what was typed), how typed text becomes the API's
 * entry input (dates and amounts as people write them), and where each problem is shown. Problems
 * come from the same schema and pointers as the API's (`EntryCreate`); nothing is stored until the
 * whole form is valid.
 */
import { html } from "hono/html";
import { COMMITMENT_STATUSES, type Tranche } from "../domain/commitments";
import { type InputLanguage, readDateInput } from "../domain/date-input";
import { DATE_QUALIFIERS, type Entry, type EntryKind } from "../domain/entry";
import { type CurrencyTotals, TRANCHE_PHASES } from "../domain/ledger";
import { readAmount } from "../domain/number-input";
import { formatAmount } from "../domain/format";
import type { Timeline } from "../domain/timeline";
import { fill, language, type StudioWords } from "../i18n";
import { jsonPointer } from "../http/problem";
import { EntryCreate, type EntryCreateInput } from "../http/schemas/entry";
import { type FieldErrors, type Form, splitList } from "./form";
import { field, type Html, select } from "./layout";
import { spelledDate } from "./parts";

/** One tranche row as text; publisher and published of its source travel along unseen. */
export interface TrancheValues {
  phase: string;
  date: string;
  value: string;
  unit: string;
  maker: string;
  note: string;
  source_url: string;
  source_title: string;
  source_publisher: string;
  source_published: string;
  remove: boolean;
}

const emptyTranche = (): TrancheValues => ({
  phase: "committed",
  date: "",
  value: "",
  unit: "",
  maker: "",
  note: "",
  source_url: "",
  source_title: "",
  source_publisher: "",
  source_published: "",
  remove: false,
});

/** A row someone typed into (the phase alone, always set, does not count). */
export function isFilledTranche(t: TrancheValues): boolean {
  return [t.date, t.value, t.unit, t.maker, t.note, t.source_url, t.source_title].some((x) => x.trim() !== "");
}

/** At most this many tranche rows are read from one form (the API's limit, plus the empty rows). */
const MAX_TRANCHE_ROWS = 520;

export interface SourceValues {
  url: string;
  title: string;
  publisher: string;
  published: string;
}

/** The form's fields as text, exactly as shown (and as typed, after a refused save). */
export interface EntryValues {
  kind: EntryKind;
  title: string;
  body: string;
  start: string;
  end: string;
  date_qualifier: string;
  display_date: string;
  tags: string;
  actors: string;
  location: string;
  importance: string;
  external_id: string;
  draft: boolean;
  media_url: string;
  media_alt: string;
  media_credit: string;
  sources: SourceValues[];
  status: string;
  /** Why a missed or withdrawn commitment was missed or withdrawn. */
  reason: string;
  due: string;
  tranches: TrancheValues[];
  amount: string;
  amount_unit: string;
  delivered: string;
  delivered_unit: string;
  made_by: string;
  beneficiary: string;
  /** The revision the form was opened at (If-Match). */
  revision: string;
}

export function emptyValues(kind: EntryKind, draft = false): EntryValues {
  return {
    kind,
    title: "",
    body: "",
    start: "",
    end: "",
    date_qualifier: "",
    display_date: "",
    tags: "",
    actors: "",
    location: "",
    importance: "",
    external_id: "",
    draft,
    media_url: "",
    media_alt: "",
    media_credit: "",
    sources: [],
    status: "announced",
    reason: "",
    due: "",
    tranches: [],
    amount: "",
    amount_unit: "",
    delivered: "",
    delivered_unit: "",
    made_by: "",
    beneficiary: "",
    revision: "",
  };
}

/** The form for a stored entry. */
export function valuesOf(entry: Entry): EntryValues {
  const c = entry.commitment;
  return {
    kind: entry.kind,
    title: entry.title,
    body: entry.body ?? "",
    start: entry.start,
    end: entry.end ?? "",
    date_qualifier: entry.date_qualifier ?? "",
    display_date: entry.display_date ?? "",
    tags: entry.tags.join(", "),
    actors: entry.actors.join(", "),
    location: entry.location ?? "",
    importance: entry.importance === null ? "" : String(entry.importance),
    external_id: entry.external_id ?? "",
    draft: entry.draft,
    media_url: entry.media?.url ?? "",
    media_alt: entry.media?.alt ?? "",
    media_credit: entry.media?.credit ?? "",
    sources: entry.sources.map((s) => ({ url: s.url, title: s.title, publisher: s.publisher ?? "", published: s.published ?? "" })),
    status: c?.status ?? "announced",
    reason: c?.reason ?? "",
    due: c?.due ?? "",
    tranches: (c?.tranches ?? []).map(trancheValues),
    // With tranches, amount and delivered are their totals, shown read-only beside them.
    amount: c?.amount && !c.tranches.length ? String(c.amount.value) : "",
    amount_unit: c?.amount && !c.tranches.length ? c.amount.currency : "",
    delivered: c?.delivered && !c.tranches.length ? String(c.delivered.value) : "",
    delivered_unit: c?.delivered && !c.tranches.length ? c.delivered.currency : "",
    made_by: c?.made_by.join(", ") ?? "",
    beneficiary: c?.beneficiary ?? "",
    revision: String(entry.revision),
  };
}

function trancheValues(t: Tranche): TrancheValues {
  return {
    phase: t.phase,
    date: t.date,
    value: String(t.amount.value),
    unit: t.amount.currency,
    maker: t.made_by ?? "",
    note: t.note ?? "",
    source_url: t.source?.url ?? "",
    source_title: t.source?.title ?? "",
    source_publisher: t.source?.publisher ?? "",
    source_published: t.source?.published ?? "",
    remove: false,
  };
}

/** The tranche rows of a submitted form (`tr_{field}_{row}`, `tranche_rows` of them). */
function tranchesFrom(form: Form): TrancheValues[] {
  const count = Math.min(Number.parseInt(form.text("tranche_rows"), 10) || 0, MAX_TRANCHE_ROWS);
  const rows: TrancheValues[] = [];
  for (let i = 0; i < count; i++) {
    const text = (name: string) => form.text(`tr_${name}_${i}`);
    rows.push({
      phase: text("phase") || "committed",
      date: text("date"),
      value: text("value"),
      unit: text("unit"),
      maker: text("maker"),
      note: text("note"),
      source_url: text("src_url"),
      source_title: text("src_title"),
      source_publisher: text("src_publisher"),
      source_published: text("src_published"),
      remove: text("remove") === "1",
    });
  }
  return rows;
}

/** The form as submitted. */
export function valuesFrom(form: Form): EntryValues {
  const urls = form.all("src_url");
  const titles = form.all("src_title");
  const publishers = form.all("src_publisher");
  const published = form.all("src_published");
  const sources = urls.map((url, i) => ({ url, title: titles[i] ?? "", publisher: publishers[i] ?? "", published: published[i] ?? "" }));
  return {
    kind: form.text("kind") === "commitment" ? "commitment" : "event",
    title: form.text("title"),
    body: form.text("body"),
    start: form.text("start"),
    end: form.text("end"),
    date_qualifier: form.text("date_qualifier"),
    display_date: form.text("display_date"),
    tags: form.text("tags"),
    actors: form.text("actors"),
    location: form.text("location"),
    importance: form.text("importance"),
    external_id: form.text("external_id"),
    draft: form.text("draft") === "1",
    media_url: form.text("media_url"),
    media_alt: form.text("media_alt"),
    media_credit: form.text("media_credit"),
    sources,
    status: form.text("status") || "announced",
    reason: form.text("reason"),
    due: form.text("due"),
    tranches: tranchesFrom(form),
    amount: form.text("amount"),
    amount_unit: form.text("amount_unit"),
    delivered: form.text("delivered"),
    delivered_unit: form.text("delivered_unit"),
    made_by: form.text("made_by"),
    beneficiary: form.text("beneficiary"),
    revision: form.text("revision"),
  };
}

/** A date read back: "26 November 2024 · day", ambiguity spelled out. */
export function dateHint(text: string, lang: InputLanguage, timeZone: string, w: StudioWords): string {
  const read = readDateInput(text, lang, timeZone);
  if (!read.ok) return read.error === "empty" ? "" : w.dates.errors[read.error];
  const spelled = spelledDate(read.date, lang, read.qualifier);
  return `${spelled} · ${w.dates.precision[read.precision]}${read.ambiguous ? ` (${w.dates.ambiguous})` : ""}`;
}

export interface ReadEntry {
  /** Valid input for the write, when there are no errors. */
  input: EntryCreateInput | null;
  errors: FieldErrors;
  /** Values with the dates written canonically, to show back. */
  values: EntryValues;
  /** Dates were typed in another form than the stored one: they are shown back before saving. */
  datesRewritten: boolean;
  /** Each typed date read back, by field (ambiguity named, as typed). */
  hints: Map<string, string>;
}

/**
 * Reads the typed form into the API's entry input and validates it with the API's schema; every
 * problem is keyed by the form field it concerns.
 */
export function readEntry(values: EntryValues, lang: InputLanguage, timeline: Timeline, w: StudioWords): ReadEntry {
  const errors: FieldErrors = new Map();
  // Rows left empty are dropped here: problems are keyed by the row as shown back.
  const shown: EntryValues = { ...values, sources: values.sources.map((s) => ({ ...s })), tranches: values.tranches.filter(isFilledTranche).map((t) => ({ ...t })) };
  let datesRewritten = false;
  const hints = new Map<string, string>();
  let qualifier: string | null = values.date_qualifier || null;

  const date = (name: string, text: string, set: (canonical: string) => void): string | null => {
    if (text.trim() === "") return null;
    const read = readDateInput(text, lang, timeline.time_zone);
    if (!read.ok) {
      errors.set(name, w.dates.errors[read.error]);
      return text;
    }
    if (read.date !== text.trim()) datesRewritten = true;
    hints.set(name, dateHint(text, lang, timeline.time_zone, w));
    set(read.date);
    if (name === "start" && read.qualifier && !qualifier) {
      qualifier = read.qualifier;
      shown.date_qualifier = read.qualifier;
    }
    return read.date;
  };
  const start = date("start", values.start, (d) => (shown.start = d));
  const end = date("end", values.end, (d) => (shown.end = d));
  const due = date("due", values.due, (d) => (shown.due = d));
  const sources = values.sources
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.url.trim() || s.title.trim() || s.publisher.trim() || s.published.trim())
    .map(({ s, i }) => ({
      url: s.url,
      title: s.title,
      publisher: s.publisher || null,
      published: date(`src_published_${i}`, s.published, (d) => (shown.sources[i]!.published = d)),
    }));

  const amount = (name: string, text: string, unitName: string, unitText: string) => {
    if (text.trim() === "" && unitText.trim() === "") return null;
    const read = readAmount(text, lang);
    if (!read) {
      errors.set(name, text.trim() === "" ? w.dates.errors.empty : w.entry.notAmount);
      return { value: Number.NaN, currency: unitText };
    }
    const currency = unitText.trim() || read.unit || "";
    if (read.unit && !unitText.trim()) (shown as unknown as Record<string, string>)[unitName] = read.unit;
    return { value: read.value, currency };
  };

  // The tranches kept (rows not marked for removal), each with the row it is shown in.
  const trancheRows: number[] = [];
  const tranches = shown.tranches.flatMap((t, i) => {
    if (t.remove) return [];
    trancheRows.push(i);
    const when = date(`tr_date_${i}`, t.date, (d) => (shown.tranches[i]!.date = d));
    if (when === null) errors.set(`tr_date_${i}`, w.dates.errors.empty);
    const read = t.value.trim() ? readAmount(t.value, lang) : null;
    if (!read) errors.set(`tr_value_${i}`, t.value.trim() === "" ? w.dates.errors.empty : w.entry.notAmount);
    if (read?.unit && !t.unit.trim()) shown.tranches[i]!.unit = read.unit;
    const url = t.source_url.trim();
    const title = t.source_title.trim();
    return [
      {
        phase: t.phase,
        date: when ?? "",
        amount: { value: read ? read.value : Number.NaN, currency: t.unit.trim() || read?.unit || "" },
        made_by: t.maker.trim() || null,
        note: t.note || null,
        source: url || title ? { url, title: title || url, publisher: t.source_publisher || null, published: t.source_published || null } : null,
      },
    ];
  });

  const input: Record<string, unknown> = {
    kind: values.kind,
    title: values.title,
    body: values.body || null,
    start: start ?? "",
    end,
    date_qualifier: qualifier,
    display_date: values.display_date || null,
    tags: splitList(values.tags),
    actors: splitList(values.actors),
    location: values.location || null,
    importance: values.importance ? Number(values.importance) : null,
    external_id: values.external_id || null,
    draft: values.draft,
    media: values.media_url.trim() || values.media_alt.trim() || values.media_credit.trim()
      ? { url: values.media_url, alt: values.media_alt || null, credit: values.media_credit || null }
      : null,
    sources,
    commitment:
      values.kind === "commitment"
        ? {
            status: values.status,
            reason: values.reason || null,
            tranches,
            due,
            amount: amount("amount", values.amount, "amount_unit", values.amount_unit),
            delivered: amount("delivered", values.delivered, "delivered_unit", values.delivered_unit),
            made_by: splitList(values.made_by),
            beneficiary: values.beneficiary || null,
          }
        : null,
  };
  if (start === null) errors.set("start", w.dates.errors.empty);

  const parsed = EntryCreate.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const path of paths) {
        const name = fieldFor(path as PropertyKey[], sources.length ? values.sources : [], trancheRows);
        if (!errors.has(name)) errors.set(name, studioMessage(name, issue, w, tranches.length > 0));
      }
    }
  }
  return { input: parsed.success && errors.size === 0 ? parsed.data : null, errors, values: shown, datesRewritten, hints };
}

/**
 * The API's message for a problem, in the page's language where the ledger's fields have words
 * of their own (the rule itself is the schema's).
 */
function studioMessage(name: string, issue: { code: string; message: string }, w: StudioWords, hasTranches: boolean): string {
  if (/^tr_unit_/.test(name)) return w.ledger.needsUnit;
  if (/^tr_value_/.test(name) && issue.code === "too_small") return w.ledger.notPositive;
  if (hasTranches && (name === "amount" || name === "delivered")) return w.ledger.amountFromTranches;
  return issue.message;
}

const TRANCHE_FIELDS: Record<string, string> = {
  phase: "tr_phase",
  date: "tr_date",
  "amount/value": "tr_value",
  "amount/currency": "tr_unit",
  amount: "tr_value",
  made_by: "tr_maker",
  note: "tr_note",
  "source/url": "tr_src_url",
  "source/title": "tr_src_title",
  source: "tr_src_url",
};

/**
 * The form field an API pointer concerns (`/sources/0/url` → `src_url_0`,
 * `/commitment/tranches/0/amount/currency` → `tr_unit_{row}`). `trancheRows[k]` is the row the
 * input's k-th tranche is shown in.
 */
export function fieldFor(path: readonly PropertyKey[], sourceRows: SourceValues[], trancheRows: readonly number[] = []): string {
  const pointer = jsonPointer(path);
  const tranche = /^\/commitment\/tranches(?:\/(\d+)(?:\/(amount\/(?:value|currency)|source\/(?:url|title)|\w+))?)?/.exec(pointer);
  if (tranche) {
    if (tranche[1] === undefined) return "tranches";
    const row = trancheRows[Number(tranche[1])] ?? Number(tranche[1]);
    return `${TRANCHE_FIELDS[tranche[2] ?? "phase"] ?? "tr_phase"}_${row}`;
  }
  const source = /^\/sources\/(\d+)\/(url|title|publisher|published)/.exec(pointer);
  if (source) {
    // Pointers count the filled rows; the form numbers every row.
    const filled = sourceRows.map((s, i) => ({ s, i })).filter(({ s }) => s.url.trim() || s.title.trim() || s.publisher.trim() || s.published.trim());
    const row = filled[Number(source[1])]?.i ?? Number(source[1]);
    return `src_${source[2]}_${row}`;
  }
  const map: [RegExp, string][] = [
    [/^\/commitment\/amount\/currency/, "amount_unit"],
    [/^\/commitment\/amount/, "amount"],
    [/^\/commitment\/delivered\/currency/, "delivered_unit"],
    [/^\/commitment\/delivered/, "delivered"],
    [/^\/commitment\/(status|reason|due|made_by|beneficiary)/, "$1"],
    [/^\/commitment/, "status"],
    [/^\/media\/(url|alt|credit)/, "media_$1"],
    [/^\/media/, "media_url"],
    [/^\/(tags|actors)/, "$1"],
    [/^\/(\w+)/, "$1"],
  ];
  for (const [pattern, name] of map) {
    const match = pattern.exec(pointer);
    if (match) return pointer.slice(0, match[0].length).replace(pattern, name);
  }
  return "title";
}

export interface EntryFormOptions {
  action: string;
  values: EntryValues;
  errors: FieldErrors;
  timeline: Timeline;
  lang: InputLanguage;
  w: StudioWords;
  /** Labels the timeline already uses, offered while typing. */
  suggestions: { tags: string[]; actors: string[] };
  /** Dates as typed, read back (they show what was typed, ambiguity included). */
  hints?: Map<string, string>;
  /** Extra empty source rows (the no-script "add a source"). */
  extraSources?: number;
  /** Empty tranche rows beyond the one always there ("add a tranche" asks for one more). */
  extraTranches?: number;
  /** The stored commitment's totals per currency or unit, shown read-only once it has tranches. */
  totals?: CurrencyTotals[];
}

/** The commitment's tranches: the rows kept and typed, then empty rows to add more (no script needed). */
function trancheFieldset(o: EntryFormOptions, err: (name: string) => string | null, hint: (name: string, text: string) => string | null, dateAttrs: Html): Html {
  const { values: v, w, lang } = o;
  const l = w.ledger;
  const phaseWords = language(lang, lang).words.ledger.phases;
  const rows = v.tranches.filter(isFilledTranche);
  const filled = rows.length;
  for (let n = 0; n < 1 + (o.extraTranches ?? 0); n++) rows.push(emptyTranche());
  const makers = splitList(v.made_by);
  const rowHtml = rows.map((t, i) => {
    const id = (name: string) => `f-tr_${name}_${i}`;
    const text = (name: string, label: string, value: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
      field({ label, name: `tr_${name}_${i}`, id: id(name), value, error: err(`tr_${name}_${i}`), ...extra });
    return html`<fieldset class="tranche"><legend>${i < filled ? fill(l.tranche, { n: String(i + 1) }) : l.newTranche}</legend><div class="row"><div>${select({
      label: l.phase,
      name: `tr_phase_${i}`,
      id: id("phase"),
      value: t.phase,
      options: TRANCHE_PHASES.map((p): [string, string] => [p, phaseWords[p]]),
      error: err(`tr_phase_${i}`),
    })}</div><div>${text("date", l.date, t.date, { hint: hint(`tr_date_${i}`, t.date), attrs: dateAttrs })}</div></div><div class="row"><div>${text("value", w.entry.value, t.value, {
      attrs: html` inputmode="decimal"`,
    })}</div><div>${text("unit", w.entry.unit, t.unit, { help: w.entry.unitHelp })}</div></div>${text("maker", l.maker, t.maker, { help: l.makerHelp, list: "maker-list" })}${text(
      "note",
      l.note,
      t.note,
      { multiline: true, rows: 2 },
    )}<div class="row"><div>${text("src_url", w.entry.sourceUrl, t.source_url, { type: "url" })}</div><div>${text("src_title", w.entry.sourceTitle, t.source_title)}</div></div><input type="hidden" name="tr_src_publisher_${i}" value="${t.source_publisher}"><input type="hidden" name="tr_src_published_${i}" value="${t.source_published}">${
      i < filled
        ? html`<p class="check"><input type="checkbox" name="tr_remove_${i}" value="1" id="${id("remove")}"${t.remove ? html` checked` : ""}><label for="${id("remove")}">${l.remove}</label></p>`
        : ""
    }</fieldset>`;
  });
  const totals = o.totals?.length
    ? html`<h3>${l.totals}</h3><ul>${o.totals.map(
        (t) => html`<li>${fill(l.totalsRow, {
          currency: t.currency,
          committed: formatAmount({ value: t.committed, currency: t.currency }, lang),
          allocated: formatAmount({ value: t.allocated, currency: t.currency }, lang),
          delivered: formatAmount({ value: t.delivered, currency: t.currency }, lang),
        })}${t.progress !== null ? html` (${fill(l.progress, { share: new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(t.progress) })})` : ""}</li>`,
      )}</ul>`
    : "";
  return html`<fieldset id="tranches"><legend>${l.tranches}</legend><p class="help">${l.tranchesHelp}</p>${err("tranches") ? html`<p class="err" role="alert">${err("tranches")}</p>` : ""}${totals}<input type="hidden" name="tranche_rows" value="${String(rows.length)}">${rowHtml}<datalist id="maker-list">${[
    ...new Set([...makers, ...o.suggestions.actors]),
  ].map((m) => html`<option value="${m}">`)}</datalist><button class="sec" name="add_tranche" value="1">${l.addTranche}</button></fieldset>`;
}

/** The whole entry form. */
export function entryForm(o: EntryFormOptions): Html {
  const { values: v, errors, w, lang, timeline } = o;
  const e = w.entry;
  const err = (name: string) => errors.get(name) ?? null;
  // Every date is shown back as read (spelled out, with its precision); a field's error replaces it.
  const hint = (name: string, text: string) =>
    errors.has(name) ? null : (o.hints?.get(name) ?? (text.trim() ? dateHint(text, lang, timeline.time_zone, w) : null));
  const dateAttrs = html` data-date data-tz="${timeline.time_zone}" autocomplete="off"`;
  const statusWords = language(lang, lang).words.status;
  const rows = [...v.sources];
  const wanted = Math.max(1, rows.length + (o.extraSources ?? 0));
  while (rows.length < wanted) rows.push({ url: "", title: "", publisher: "", published: "" });
  const isCommitment = v.kind === "commitment";
  // Once there are tranches, pledged and delivered are their totals: the fields give way, unless
  // something was typed into them (then they stay, with the refusal explained).
  const hasTranches = v.tranches.some((t) => isFilledTranche(t) && !t.remove);
  const amountsShown = !hasTranches || [v.amount, v.amount_unit, v.delivered, v.delivered_unit].some((x) => x.trim() !== "") || errors.has("amount") || errors.has("delivered");

  const sourceRows = rows.map(
    (s, i) => html`<fieldset data-row><legend>${fill(e.source, { n: String(i + 1) })}</legend><div class="row"><div>${field({
      label: e.sourceUrl,
      name: "src_url",
      id: `f-src_url_${i}`,
      type: "url",
      value: s.url,
      error: err(`src_url_${i}`),
    })}</div><div>${field({ label: e.sourceTitle, name: "src_title", id: `f-src_title_${i}`, value: s.title, error: err(`src_title_${i}`) })}</div></div><div class="row"><div>${field({
      label: e.publisher,
      name: "src_publisher",
      id: `f-src_publisher_${i}`,
      value: s.publisher,
      error: err(`src_publisher_${i}`),
    })}</div><div>${field({
      label: e.published,
      name: "src_published",
      id: `f-src_published_${i}`,
      value: s.published,
      error: err(`src_published_${i}`),
      hint: hint(`src_published_${i}`, s.published),
      attrs: dateAttrs,
    })}</div></div></fieldset>`,
  );

  return html`<form method="post" action="${o.action}" novalidate><input type="hidden" name="revision" value="${v.revision}"><input type="hidden" name="dates_checked" value="">
<fieldset><legend>${e.what}</legend><fieldset class="check"><legend>${e.kind}</legend>${(["event", "commitment"] as const).map(
    (k) => html`<input type="radio" name="kind" value="${k}" id="f-kind-${k}"${v.kind === k ? html` checked` : ""}><label for="f-kind-${k}">${
e.kinds[k]}</label> `,
  )}</fieldset>${field({ label: e.headline, name: "title", value: v.title, error: err("title"), required: true, attrs: html` maxlength="200"` })}${field({
    label: e.body,
    name: "body",
    value: v.body,
    help: e.bodyHelp,
    error: err("body"),
    multiline: true,
    rows: 6,
  })}</fieldset>
<fieldset><legend>${e.when}</legend><div class="row"><div>${field({
    label: e.start,
    name: "start",
    value: v.start,
    help: e.startHelp,
    error: err("start"),
    hint: hint("start", v.start),
    required: true,
    attrs: dateAttrs,
  })}</div><div>${field({ label: e.end, name: "end", value: v.end, error: err("end"), hint: hint("end", v.end), attrs: dateAttrs })}</div></div><div class="row"><div>${select({
    label: e.qualifier,
    name: "date_qualifier",
    value: v.date_qualifier,
    options: [["", e.qualifiers.none], ...DATE_QUALIFIERS.map((q): [string, string] => [q, e.qualifiers[q]])],
    error: err("date_qualifier"),
  })}</div><div>${field({ label: e.displayDate, name: "display_date", value: v.display_date, help: e.displayDateHelp, error: err("display_date") })}</div></div></fieldset>
${
  isCommitment
    ? html`<fieldset><legend>${e.commitment}</legend><div class="row"><div>${select({
        label: e.status,
        name: "status",
        value: v.status,
        options: COMMITMENT_STATUSES.map((s): [string, string] => [s, statusWords[s]]),
        error: err("status"),
      })}</div><div>${field({ label: e.due, name: "due", value: v.due, error: err("due"), hint: hint("due", v.due), attrs: dateAttrs })}</div></div>${field({
        label: w.ledger.reason,
        name: "reason",
        value: v.reason,
        help: w.ledger.reasonHelp,
        error: err("reason"),
        multiline: true,
        rows: 2,
      })}${
        amountsShown
          ? html`${hasTranches ? html`<p class="note bad" id="f-amounts-note">${w.ledger.amountsFromTranches}</p>` : ""}<div class="row"><div>${field({
        label: `${e.amount}: ${e.value}`,
        name: "amount",
        value: v.amount,
        error: err("amount"),
        attrs: html` inputmode="decimal"`,
      })}</div><div>${field({ label: `${e.amount}: ${e.unit}`, name: "amount_unit", value: v.amount_unit, help: e.unitHelp, error: err("amount_unit") })}</div></div><div class="row"><div>${field({
        label: `${e.delivered}: ${e.value}`,
        name: "delivered",
        value: v.delivered,
        error: err("delivered"),
        attrs: html` inputmode="decimal"`,
      })}</div><div>${field({ label: `${e.delivered}: ${e.unit}`, name: "delivered_unit", value: v.delivered_unit, error: err("delivered_unit") })}</div></div>`
          : ""
      }<div class="row"><div>${field({
        label: e.madeBy,
        name: "made_by",
        value: v.made_by,
        help: e.listHelp,
        error: err("made_by"),
        list: "actor-list",
      })}</div><div>${field({ label: e.beneficiary, name: "beneficiary", value: v.beneficiary, error: err("beneficiary") })}</div></div></fieldset>
${trancheFieldset(o, err, hint, dateAttrs)}`
    : ""
}
<fieldset><legend>${e.who}</legend><div class="row"><div>${field({ label: e.actors, name: "actors", value: v.actors, help: e.listHelp, error: err("actors"), list: "actor-list" })}</div><div>${field({
    label: e.tags,
    name: "tags",
    value: v.tags,
    help: e.listHelp,
    error: err("tags"),
    list: "tag-list",
  })}</div></div><div class="row"><div>${field({ label: e.location, name: "location", value: v.location, error: err("location") })}</div><div>${select({
    label: e.importance,
    name: "importance",
    value: v.importance,
    options: [["", "–"], ["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"], ["5", "5"]],
    error: err("importance"),
  })}</div></div><datalist id="tag-list">${o.suggestions.tags.map((t) => html`<option value="${t}">`)}</datalist><datalist id="actor-list">${o.suggestions.actors.map(
    (a) => html`<option value="${a}">`,
  )}</datalist></fieldset>
<fieldset><legend>${e.sources}</legend>${sourceRows}<button class="sec" name="add_source" value="1" data-add-row>${e.addSource}</button></fieldset>
<fieldset><legend>${e.media}</legend>${field({ label: e.mediaUrl, name: "media_url", type: "url", value: v.media_url, error: err("media_url") })}<div class="row"><div>${field({
    label: e.mediaAlt,
    name: "media_alt",
    value: v.media_alt,
    error: err("media_alt"),
  })}</div><div>${field({ label: e.mediaCredit, name: "media_credit", value: v.media_credit, error: err("media_credit") })}</div></div></fieldset>
<fieldset><legend>${e.publication}</legend><p class="check"><input type="checkbox" name="draft" value="1" id="f-draft" aria-describedby="f-draft-help"${
    v.draft ? html` checked` : ""
  }><label for="f-draft">${e.draft}</label></p><p class="help" id="f-draft-help">${e.draftHelp}</p>${field({
    label: e.externalId,
    name: "external_id",
    value: v.external_id,
    error: err("external_id"),
  })}</fieldset>
<button>${e.save}</button></form>`;
}
