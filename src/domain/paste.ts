/**
 * Rows pasted from a spreadsheet: cells copied from Excel, LibreOffice or Google Sheets arrive
 * tab-separated (quoted like CSV where a cell holds a line break); CSV works too. The header row
 * is recognised when it names known columns: this service's CSV export, the TimelineJS sheet
 * template, and everyday names in English and German ("Datum", "Überschrift", "Quelle"). Each row
 * becomes the fields it sets (a patch: an update changes only mapped columns), and is matched to
 * the entry it updates: by id, by external id, by date and headline, or offered as a near match
 * (same date, similar headline) to confirm.
 */
import { parseCsv } from "./csv";
import { type DateInputError, type InputLanguage, readDateInput } from "./date-input";
import { formatYear, parseDate } from "./dates";
import type { CommitmentStatus } from "./commitments";
import { readAmount } from "./number-input";
import { foldKey } from "./text";

export const PASTE_FIELDS = [
  "title", "body", "start", "end", "date_qualifier", "display_date", "kind", "status", "due", "amount", "amount_unit",
  "delivered", "delivered_unit", "made_by", "beneficiary", "tags", "actors", "location", "importance", "source_urls",
  "source_titles", "media_url", "media_alt", "media_credit", "draft", "id", "external_id",
  // The TimelineJS sheet's own columns.
  "year", "month", "day", "time", "end_year", "end_month", "end_day", "end_time", "media_caption", "group", "type",
] as const;
export type PasteField = (typeof PASTE_FIELDS)[number];

/** A column whose header is known but whose content is derived elsewhere (our CSV's extras). */
export const IGNORED = "ignored";
export type ColumnMapping = PasteField | typeof IGNORED | null;

const ALIASES: Record<string, ColumnMapping> = {};
const alias = (field: ColumnMapping, names: string) => names.split("|").forEach((n) => (ALIASES[n] = field));
// This service's CSV columns (as exported), then TimelineJS, then everyday names.
for (const field of PASTE_FIELDS) alias(field, field.replace(/_/g, " "));
alias(IGNORED, "date text|overdue|progress|url|revision|created at|updated at|media thumbnail|background");
alias("title", "headline|titel|überschrift|ueberschrift|schlagzeile|name|event|ereignis");
alias("body", "text|description|beschreibung|summary|details|inhalt|notes|notizen");
alias("start", "date|start date|datum|von|from|when|wann|startdatum|beginn");
alias("end", "end date|bis|to|until|enddatum|ende");
alias("end_year", "end year");
alias("end_month", "end month");
alias("end_day", "end day");
alias("end_time", "end time");
alias("media_url", "media|image|bild|foto|photo|image url|bild url");
alias("media_alt", "alt text|alt|alternativtext|bildbeschreibung");
alias("media_credit", "media credit|credit|bildnachweis|copyright|fotograf");
alias("media_caption", "media caption|caption|bildunterschrift");
alias("group", "group|tag|gruppe");
alias("tags", "tags|topics|topic|themen|thema|schlagworte|stichworte|kategorie|category");
alias("actors", "actors|who|wer|beteiligte|akteure|personen|people");
alias("location", "location|place|ort|where|wo");
alias("source_urls", "source|sources|source url|source urls|link|links|quelle|quellen|quellen url|beleg");
alias("source_titles", "source title|source titles|quellentitel|quelle titel");
alias("kind", "kind|art|eintragsart");
alias("status", "status|stand");
alias("due", "due|deadline|frist|fällig|faellig|fällig am");
alias("amount", "amount|pledged|betrag|zugesagt|summe|volumen");
alias("amount_unit", "amount unit|currency|unit|währung|waehrung|einheit");
alias("delivered", "delivered|geliefert|ausgezahlt|paid");
alias("delivered_unit", "delivered unit");
alias("made_by", "made by|pledged by|zugesagt von|geber|donor");
alias("beneficiary", "beneficiary|for|für|empfänger|begünstigte|recipient");
alias("draft", "draft|entwurf");
alias("importance", "importance|bedeutung|wichtigkeit|priority|priorität");
alias("date_qualifier", "date qualifier|qualifier|genauigkeit");
alias("external_id", "external id|unique id|uid|eigene id");

const headerKey = (name: string) => name.normalize("NFC").trim().toLowerCase().replace(/[\s_-]+/g, " ").replace(/[:*]$/, "").trim();

/**
 * What a header cell names: a field, a known column to ignore, or null (unknown).
 * @example recognizeColumn("Headline") // "title"
 * @example recognizeColumn("Überschrift") // "title"
 */
export function recognizeColumn(name: string): ColumnMapping {
  return ALIASES[headerKey(name)] ?? null;
}

export interface PastedTable {
  /** Every row of cells, the header (if any) included. */
  rows: string[][];
  separator: "\t" | "," | ";";
  /** Whether the first row reads as a header (names at least one known column, and mostly known ones). */
  header: boolean;
  /** Mapping of each column, recognised from the header (all null without one). */
  columns: ColumnMapping[];
  /** Set when a quoted cell never closes: the row where it began (0-based). */
  unclosedQuoteAt: number | null;
}

/**
 * Reads pasted cells: tab-separated when the first line holds a tab, else CSV (`,` or `;`).
 * Rows with no text at all are dropped.
 * @example readPastedTable("Year\tHeadline\n2024\tG7 meeting").columns // ["year", "title"]
 */
export function readPastedTable(text: string): PastedTable {
  const clean = text.replace(/^\uFEFF/, "").replace(/[\r\n]+$/, "");
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? "";
  const separator = firstLine.includes("\t") ? "\t" : firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  const parsed = parseCsv(clean, separator);
  const rows = parsed.records.filter((r) => r.some((cell) => cell.trim() !== ""));
  const first = rows[0] ?? [];
  const mapped = first.map(recognizeColumn);
  const named = first.filter((cell) => cell.trim() !== "").length;
  const known = mapped.filter((m) => m !== null).length;
  const header = known > 0 && known * 2 >= named;
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns: ColumnMapping[] = Array.from({ length: width }, (_, i) => (header ? (mapped[i] ?? null) : null));
  return { rows, separator, header, columns, unclosedQuoteAt: parsed.unclosedQuoteAt };
}

/** Cells back into the tab-separated text a spreadsheet would give (quoted where needed). */
export function writePastedTable(rows: string[][]): string {
  const cell = (value: string) => (/[\t\n\r"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return rows.map((r) => r.map(cell).join("\t")).join("\n");
}

export type PasteError = DateInputError | "not-an-amount" | "unknown-status" | "unknown-kind" | "not-yes-or-no" | "not-a-number";

export interface CellError {
  column: number;
  error: PasteError;
}

export interface PastedRow {
  /** The entry input this row sets: only the fields of mapped columns (an update keeps the rest). */
  patch: Record<string, unknown>;
  /** The commitment fields it sets, when any. */
  commitment: Record<string, unknown> | null;
  errors: CellError[];
  /** `type` was title or era (TimelineJS slides that are not entries). */
  skip: "title" | "era" | null;
  id: string | null;
  externalId: string | null;
  /** Canonical start date and headline, for matching. */
  start: string | null;
  title: string | null;
}

export interface RowReading {
  lang: InputLanguage;
  timeZone: string;
  /** Status words (any language) to status, folded keys. */
  statuses: Map<string, CommitmentStatus>;
}

const YES = new Set(["1", "true", "yes", "y", "ja", "j", "x", "✓", "draft", "entwurf", "wahr"]);
const NO = new Set(["", "0", "false", "no", "n", "nein", "falsch", "published", "veröffentlicht"]);
const KINDS: Record<string, "event" | "commitment"> = {
  event: "event", ereignis: "event", ereignisse: "event", termin: "event",
  commitment: "commitment", zusage: "commitment", versprechen: "commitment", pledge: "commitment", promise: "commitment",
};
const QUALIFIERS: Record<string, "circa" | "before" | "after"> = {
  circa: "circa", ca: "circa", "c.": "circa", "ca.": "circa", about: "circa", ungefähr: "circa", etwa: "circa",
  before: "before", vor: "before", after: "after", nach: "after",
};

const list = (text: string) =>
  text
    .split(text.includes(";") ? ";" : text.includes("\n") ? "\n" : ",")
    .map((s) => s.trim())
    .filter(Boolean);

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/**
 * The fields one pasted row sets, its problems by column, and what identifies it.
 * @example readPastedRow(["2024", "G7 meeting"], ["year", "title"], reading).patch // { title: "G7 meeting", start: "2024" }
 */
export function readPastedRow(cells: string[], columns: ColumnMapping[], reading: RowReading): PastedRow {
  const at = new Map<PasteField, number>();
  columns.forEach((c, i) => {
    if (c && c !== IGNORED && !at.has(c)) at.set(c, i);
  });
  const has = (f: PasteField) => at.has(f);
  const get = (f: PasteField) => {
    const i = at.get(f);
    return i === undefined ? "" : (cells[i] ?? "").trim();
  };
  const errors: CellError[] = [];
  const fail = (f: PasteField, error: PasteError) => errors.push({ column: at.get(f)!, error });
  const patch: Record<string, unknown> = {};
  const commitment: Record<string, unknown> = {};
  const row: PastedRow = { patch, commitment: null, errors, skip: null, id: null, externalId: null, start: null, title: null };

  const type = get("type").toLowerCase();
  if (type === "title" || type === "era") {
    row.skip = type;
    return row;
  }

  let qualifier: string | null = null;
  /** A date from one cell typed as people type dates, or from TimelineJS's Year/Month/Day/Time. */
  const date = (field: "start" | "end", parts: ["year" | "end_year", "month" | "end_month", "day" | "end_day", "time" | "end_time"]): string | null | undefined => {
    if (has(field) && get(field)) {
      const read = readDateInput(get(field), reading.lang, reading.timeZone);
      if (!read.ok) {
        fail(field, read.error);
        return undefined;
      }
      if (field === "start" && read.qualifier) qualifier = read.qualifier;
      return read.date;
    }
    const [y, m, d, t] = parts;
    if (!has(y)) return has(field) ? null : undefined;
    if (!get(y) && !get(m) && !get(d)) return null;
    const year = get(y).replace(/[\s,.]/g, "");
    if (!/^[+-]?\d{1,6}$/.test(year)) {
      fail(y, year ? "unreadable" : "empty");
      return undefined;
    }
    let text = formatYear(Number(year));
    if (get(m)) {
      if (!/^\d{1,2}$/.test(get(m))) {
        fail(m, "no-such-month");
        return undefined;
      }
      text += `-${get(m).padStart(2, "0")}`;
      if (get(d)) {
        if (!/^\d{1,2}$/.test(get(d))) {
          fail(d, "no-such-day");
          return undefined;
        }
        text += `-${get(d).padStart(2, "0")}`;
      }
    } else if (get(d)) {
      fail(has(m) ? m : d, "no-such-month");
      return undefined;
    }
    const calendar = parseDate(text);
    if (!calendar.ok) {
      fail(get(d) ? d : get(m) ? m : y, get(d) ? "no-such-day" : get(m) ? "no-such-month" : "unreadable");
      return undefined;
    }
    if (!get(t)) return calendar.date.text;
    const withTime = readDateInput(`${calendar.date.text} ${get(t)}`, reading.lang, reading.timeZone);
    if (!withTime.ok) {
      fail(t, withTime.error === "time-needs-day" ? "time-needs-day" : "no-such-time");
      return undefined;
    }
    return withTime.date;
  };

  if (has("title")) patch.title = get("title");
  if (has("body")) patch.body = get("body") || null;
  const start = date("start", ["year", "month", "day", "time"]);
  if (start !== undefined) patch.start = start ?? "";
  const end = date("end", ["end_year", "end_month", "end_day", "end_time"]);
  if (end !== undefined) patch.end = end;
  if (has("date_qualifier")) {
    const q = get("date_qualifier").toLowerCase();
    patch.date_qualifier = q ? (QUALIFIERS[q] ?? q) : null;
  } else if (qualifier) patch.date_qualifier = qualifier;
  if (has("display_date")) patch.display_date = get("display_date") || null;
  if (has("tags") || has("group")) patch.tags = [...list(get("tags")), ...(get("group") ? [get("group")] : [])];
  if (has("actors")) patch.actors = list(get("actors"));
  if (has("location")) patch.location = get("location") || null;
  if (has("importance")) {
    const n = get("importance");
    if (n && !/^\d+$/.test(n)) fail("importance", "not-a-number");
    else patch.importance = n ? Number(n) : null;
  }
  if (has("media_url") || has("media_alt") || has("media_credit") || has("media_caption")) {
    const url = get("media_url");
    patch.media = url ? { url, alt: get("media_alt") || get("media_caption") || null, credit: get("media_credit") || null } : null;
  }
  if (has("source_urls") || has("source_titles")) {
    const urls = get("source_urls").split(/[\s;,]+/).filter(Boolean);
    const titles = list(get("source_titles"));
    patch.sources = urls.map((url, i) => ({ url, title: titles[i] || hostOf(url) }));
  }
  if (has("draft")) {
    const d = get("draft").toLowerCase();
    if (YES.has(d)) patch.draft = true;
    else if (NO.has(d)) patch.draft = false;
    else fail("draft", "not-yes-or-no");
  }
  if (has("external_id")) patch.external_id = get("external_id") || null;
  if (has("kind") && get("kind")) {
    const k = KINDS[foldKey(get("kind"))];
    if (k) patch.kind = k;
    else fail("kind", "unknown-kind");
  }

  if (has("status") && get("status")) {
    const s = reading.statuses.get(foldKey(get("status")).replace(/[\s-]+/g, "_")) ?? reading.statuses.get(foldKey(get("status")));
    if (s) commitment.status = s;
    else fail("status", "unknown-status");
  }
  if (has("due")) {
    if (!get("due")) commitment.due = null;
    else {
      const read = readDateInput(get("due"), reading.lang, reading.timeZone);
      if (read.ok) commitment.due = read.date;
      else fail("due", read.error);
    }
  }
  const amount = (value: "amount" | "delivered", unit: "amount_unit" | "delivered_unit") => {
    if (!has(value)) return;
    if (!get(value)) {
      commitment[value] = null;
      return;
    }
    const read = readAmount(get(value), reading.lang);
    if (!read) return fail(value, "not-an-amount");
    commitment[value] = { value: read.value, currency: get(unit) || read.unit || (value === "delivered" ? get("amount_unit") : "") };
  };
  amount("amount", "amount_unit");
  amount("delivered", "delivered_unit");
  if (has("made_by")) commitment.made_by = list(get("made_by"));
  if (has("beneficiary")) commitment.beneficiary = get("beneficiary") || null;
  if (Object.keys(commitment).length > 0) {
    row.commitment = commitment;
    if (!patch.kind) patch.kind = "commitment";
  }

  row.id = get("id") || null;
  row.externalId = get("external_id") || null;
  row.start = typeof patch.start === "string" && patch.start ? patch.start : null;
  row.title = typeof patch.title === "string" && patch.title.trim() ? patch.title.trim() : null;
  return row;
}

/**
 * The column an entry problem at `path` (a schema issue path) concerns.
 * @example columnFor(["commitment", "amount", "currency"], columns) // the amount unit's column
 */
export function columnFor(path: readonly PropertyKey[], columns: ColumnMapping[]): number | null {
  const [first, second, third] = path.map(String);
  const candidates: PasteField[][] = [];
  if (first === "commitment") {
    if (second === "amount") candidates.push(third === "currency" ? ["amount_unit", "amount"] : ["amount"]);
    else if (second === "delivered") candidates.push(third === "currency" ? ["delivered_unit", "amount_unit", "delivered"] : ["delivered"]);
    else candidates.push([second as PasteField, "status", "kind"]);
  } else if (first === "start") candidates.push(["start", "year"]);
  else if (first === "end") candidates.push(["end", "end_year"]);
  else if (first === "sources") candidates.push(third === "title" ? ["source_titles", "source_urls"] : ["source_urls"]);
  else if (first === "media") candidates.push(third === "credit" ? ["media_credit"] : third === "alt" ? ["media_alt", "media_caption"] : ["media_url"]);
  else if (first === "tags") candidates.push(["tags", "group"]);
  else candidates.push([first as PasteField]);
  for (const field of candidates.flat()) {
    const i = columns.indexOf(field);
    if (i >= 0) return i;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** What identifies a stored entry of the timeline. */
export interface EntryKeyInfo {
  id: string;
  external_id: string | null;
  start: string;
  title: string;
  /** Deleted entries are found by id and external id (and restored), never by date and headline. */
  deleted_at?: string | null;
}

export type RowMatch =
  | { by: "id" | "external_id" | "date_and_headline"; id: string }
  | { by: "near"; candidates: { id: string; title: string; score: number }[] }
  | { by: "none" };

/** Headline letters and digits only, without accents or case: what a near match compares. */
function comparable(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const g = padded.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/**
 * How alike two headlines are, from 0 to 1 (Sørensen–Dice over letter pairs, ignoring case,
 * accents and punctuation): a corrected typo or an added word scores high, another story low.
 * @example headlineSimilarity("G7 pledges $2bn for grid", "G7 pledges 2bn for the grid") > 0.8
 */
export function headlineSimilarity(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  if (x === y) return 1;
  if (!x || !y) return 0;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  let total = 0;
  for (const [g, n] of gx) {
    shared += Math.min(n, gy.get(g) ?? 0);
    total += n;
  }
  for (const n of gy.values()) total += n;
  return (2 * shared) / total;
}

/** Headlines at least this alike on the same date are offered as the same entry. */
export const NEAR_MATCH = 0.6;

/** The stored entries, indexed for matching pasted rows. */
export class EntryIndex {
  readonly byId = new Map<string, EntryKeyInfo>();
  readonly byExternalId = new Map<string, EntryKeyInfo>();
  readonly byStart = new Map<string, EntryKeyInfo[]>();

  constructor(entries: EntryKeyInfo[]) {
    for (const e of entries) {
      this.byId.set(e.id, e);
      if (e.external_id) this.byExternalId.set(e.external_id, e);
      if (e.deleted_at) continue;
      const same = this.byStart.get(e.start);
      if (same) same.push(e);
      else this.byStart.set(e.start, [e]);
    }
  }

  /**
   * The entry a pasted row updates: named by id or external id, the same date and headline, or
   * near matches (same date, similar headline) for a person to confirm.
   */
  match(row: Pick<PastedRow, "id" | "externalId" | "start" | "title">): RowMatch {
    if (row.id && this.byId.has(row.id)) return { by: "id", id: row.id };
    if (row.externalId) {
      const found = this.byExternalId.get(row.externalId);
      if (found) return { by: "external_id", id: found.id };
    }
    if (!row.start || !row.title) return { by: "none" };
    const sameDay = this.byStart.get(row.start) ?? [];
    const exact = sameDay.find((e) => comparable(e.title) === comparable(row.title!));
    if (exact) return { by: "date_and_headline", id: exact.id };
    const candidates = sameDay
      .map((e) => ({ id: e.id, title: e.title, score: headlineSimilarity(e.title, row.title!) }))
      .filter((c) => c.score >= NEAR_MATCH)
      .sort((a, b) => b.score - a.score);
    return candidates.length ? { by: "near", candidates } : { by: "none" };
  }
}
