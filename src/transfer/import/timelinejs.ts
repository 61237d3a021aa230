/**
 * Reading TimelineJS3 documents into import rows: the JSON format (`events`) and the Google
 * Sheets template as CSV (Year, Month, Day, Time, End Year, …, Headline, Text, Media, …). A sheet
 * row becomes the same event TimelineJS itself would make of it; every event then becomes the
 * TimelineJS-carried fields of an entry (title, body, start, end, display date, media, group as a
 * tag). Texts are HTML there and plain text here (see html.ts). Times carry no zone in TimelineJS:
 * they are read as wall-clock times in the timeline's time zone.
 */
import { sha256 } from "hono/utils/crypto";
import { formatYear, pad2, parseDate, utcMs, zoneOffsetMinutes } from "../../domain/dates";
import { LIMITS } from "../../domain/limits";
import { normalizeText } from "../../domain/text";
import { validationProblem } from "../../http/validation";
import { parseCsv } from "../../domain/csv";
import { htmlToLine, htmlToText } from "./html";
import { isObject, type ImportRow, type RowError } from "./types";

/** Date parts as TimelineJS has them: numbers or text, any of them empty. */
interface DateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

interface DatePointers {
  year: string;
  month: string;
  day: string;
  /** Where a time error points (`Time` in a sheet, `hour` in JSON). */
  time: string;
}

/** Where each part of an event sits in its document. */
interface EventPointers {
  row: string;
  start: DatePointers;
  end: DatePointers;
  headline: string;
  text: string;
  media: string;
  caption: string;
  credit: string;
  display: string;
  group: string;
  uniqueId: string;
}

/** An event as TimelineJS reads it from JSON or a sheet row. */
export interface TimelineJsEventInput {
  start: DateParts | null;
  end: DateParts | null;
  headline: string;
  text: string;
  media: { url: string; caption: string; credit: string; alt: string } | null;
  displayDate: string;
  group: string;
  uniqueId: string;
  type: string;
}

/** Cell or JSON value as trimmed text ("" when absent). */
function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" ? value.trim() : "";
}

/** TimelineJS's clean_integer: digit-group separators and spaces dropped. */
const cleanInteger = (text: string) => text.replace(/[\s,]+/g, "");

/**
 * A sheet's Time cell as TimelineJS reads it: `14:30`, `2:30 PM`, `1430`, `14.30`, `14:30:15.5`.
 * @example parseSheetTime("2:30 PM") // { hour: "14", minute: "30", second: "" }
 */
export function parseSheetTime(text: string): { hour: string; minute: string; second: string } | string {
  let rest = text.trim();
  if (rest.length > 32) return "is not a time such as 14:30, 2:30 PM or 14:30:15";
  let period: "a" | "p" | null = null;
  const suffix = /\s*([AaPp])\.?[Mm]\.?\s*$/.exec(rest);
  if (suffix) {
    period = suffix[1]!.toLowerCase() as "a" | "p";
    rest = rest.slice(0, suffix.index).trim();
  }
  const compact = /^(\d{1,2})(\d{2})$/.exec(rest);
  const parts = compact ? [compact[1]!, compact[2]!] : rest.split(":").length > 1 ? rest.split(":") : rest.split(".");
  if (parts.length > 3 || parts.some((p) => !/^\d+([.,]\d+)?$/.test(p.trim()))) {
    return "is not a time such as 14:30, 2:30 PM or 14:30:15";
  }
  let hour = Number(parts[0]);
  if (period === "p" && hour !== 12) hour += 12;
  if (period === "a" && hour === 12) hour = 0;
  if (hour > 23) return "has an hour above 23";
  const minute = parts[1] === undefined ? "" : String(Number(parts[1]));
  if (minute !== "" && Number(minute) > 59) return "has a minute above 59";
  const second = parts[2] === undefined ? "" : String(Math.floor(Number(parts[2].replace(",", "."))));
  if (second !== "" && Number(second) > 59) return "has a second above 59";
  return { hour: String(hour), minute, second };
}


/** `+01:00` for the offset of `timeZone` at the wall-clock time `wallMs` (read as UTC). */
function offsetAt(wallMs: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(wallMs - zoneOffsetMinutes(wallMs, timeZone) * 60_000, timeZone);
  if (offset === 0) return "Z";
  const abs = Math.abs(offset);
  return `${offset < 0 ? "-" : "+"}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * TimelineJS date parts as a timeline date of the same precision; a time becomes a date-time in
 * `timeZone`. Errors point at the part that is wrong.
 * @example timelineDate({ year: "2024", month: "11", day: "", … }, ptrs, "UTC") // { text: "2024-11" }
 */
export function timelineDate(parts: DateParts, at: DatePointers, timeZone: string): { text: string } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const integer = (value: string, pointer: string, min: number, max: number, what: string) => {
    const text = cleanInteger(value);
    if (text === "") return undefined;
    if (!/^[+-]?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      errors.push({ pointer, detail: `must be ${what}` });
      return undefined;
    }
    return Number(text);
  };
  const year = integer(parts.year, at.year, -271820, 275759, "a whole year (negative for BC, e.g. -44)");
  const month = integer(parts.month, at.month, 1, 12, "a month from 1 to 12");
  const day = integer(parts.day, at.day, 1, 31, "a day from 1 to 31");
  if (year === undefined && errors.length === 0) errors.push({ pointer: at.year, detail: "is required" });
  if (day !== undefined && month === undefined && errors.length === 0) errors.push({ pointer: at.month, detail: "is required when a day is given" });
  const hasTime = parts.hour !== "" || parts.minute !== "" || parts.second !== "";
  if (hasTime && day === undefined && errors.length === 0) {
    errors.push({ pointer: at.time, detail: "needs a full date (year, month and day)" });
  }
  if (errors.length > 0 || year === undefined) return { errors };

  let text = formatYear(year);
  if (month !== undefined) text += `-${pad2(month)}`;
  if (day !== undefined) text += `-${pad2(day)}`;
  const calendar = parseDate(text);
  if (!calendar.ok) return { errors: [{ pointer: day !== undefined ? at.day : at.year, detail: `is not a valid date: ${calendar.error}` }] };
  if (!hasTime) return { text: calendar.date.text };

  const hour = integer(parts.hour, at.time, 0, 23, "an hour from 0 to 23") ?? 0;
  const minute = integer(parts.minute, at.time, 0, 59, "a minute from 0 to 59") ?? 0;
  const second = integer(parts.second, at.time, 0, 59, "a second from 0 to 59") ?? 0;
  if (errors.length > 0) return { errors };
  const zone = offsetAt(utcMs(year, month, day, hour, minute, second), timeZone);
  const dateTime = parseDate(`${calendar.date.text}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}${zone}`);
  if (!dateTime.ok) return { errors: [{ pointer: at.time, detail: `is not a valid time: ${dateTime.error}` }] };
  return { text: dateTime.date.text };
}

/** TimelineJS strips markup from display dates and groups, then shows the rest as HTML: read both layers. */
const strippedFieldText = (html: string) => htmlToLine(htmlToLine(html));

/**
 * An HTML field may be this many times longer than the text it becomes: room for markup, and a
 * bound on the work of reading it, checked before any conversion.
 */
const HTML_ROOM = 5;

/** The fields of `event` longer than they may be, each as an error at its pointer. */
function overlongFields(event: TimelineJsEventInput, at: EventPointers): RowError[] {
  const fields: [string, string | undefined, number][] = [
    [at.headline, event.headline, LIMITS.entryTitle],
    [at.text, event.text, LIMITS.body],
    [at.display, event.displayDate, LIMITS.displayDate],
    [at.group, event.group, LIMITS.tag],
    [at.caption, event.media?.caption, LIMITS.mediaAlt],
    [at.caption, event.media?.alt, LIMITS.mediaAlt],
    [at.credit, event.media?.credit, LIMITS.mediaCredit],
    [at.uniqueId, event.uniqueId, LIMITS.externalId],
  ];
  const errors: RowError[] = [];
  for (const [pointer, value, limit] of fields) {
    const max = limit * HTML_ROOM;
    if (value && value.length > max && !errors.some((e) => e.pointer === pointer)) {
      errors.push({ pointer, detail: `is ${value.length} characters long; at most ${max} are read (the text may hold ${limit})` });
    }
  }
  return errors;
}

/** An event as an import row of the fields TimelineJS carries; `externalId` is filled in later. */
function eventRow(event: TimelineJsEventInput, index: number, at: EventPointers, timeZone: string): ImportRow {
  const overlong = overlongFields(event, at);
  const errors: RowError[] = [];
  const fields: Record<string, unknown> = {};
  const title = overlong.some((e) => e.pointer === at.headline) ? "" : htmlToLine(event.headline);
  const row: ImportRow = {
    index,
    pointer: at.row,
    title: title || null,
    errors,
    fields,
    mode: "merge",
    externalId: null,
    pointerFor: (path) => fieldPointer(path, at),
  };
  const type = event.type.toLowerCase();
  if (type === "title") {
    row.skip = "the title slide: timeline fields are not imported (change them with PATCH /v1/timelines/{slug})";
    return row;
  }
  if (type === "era") {
    row.skip = "an era: eras are not imported";
    return row;
  }
  if (overlong.length > 0) {
    errors.push(...overlong);
    return row;
  }
  fields.title = title;
  fields.body = htmlToText(event.text) || null;
  row.externalId = event.uniqueId ? normalizeText(event.uniqueId) : null;
  if (event.uniqueId) row.ownId = event.uniqueId;

  if (!event.start) errors.push({ pointer: at.start.year, detail: "is required (every event needs at least a year)" });
  else {
    const start = timelineDate(event.start, at.start, timeZone);
    if ("errors" in start) errors.push(...start.errors);
    else fields.start = start.text;
  }
  if (event.end) {
    const end = timelineDate(event.end, at.end, timeZone);
    if ("errors" in end) errors.push(...end.errors);
    else fields.end = end.text;
  } else {
    fields.end = null;
  }
  fields.display_date = strippedFieldText(event.displayDate) || null;
  if (event.media?.url) {
    const alt = event.media.alt || htmlToLine(event.media.caption);
    fields.media = { url: event.media.url, alt: alt || null, credit: htmlToLine(event.media.credit) || null };
  } else {
    fields.media = null;
  }
  row.group = strippedFieldText(event.group) || null;
  return row;
}

/** Where an EntryCreate issue on a TimelineJS-carried field points in the document. */
function fieldPointer(path: readonly PropertyKey[], at: EventPointers): string {
  const [field, sub] = path;
  switch (field) {
    case "title":
      return at.headline;
    case "body":
      return at.text;
    case "start":
      return at.start.year;
    case "end":
      return at.end.year;
    case "display_date":
      return at.display;
    case "media":
      return sub === "credit" ? at.credit : sub === "alt" ? at.caption : at.media;
    case "tags":
      return at.group;
    case "external_id":
      return at.uniqueId;
    default:
      return at.row;
  }
}

/** The first 10 bytes of the text's SHA-256, hex. */
async function shortHash(text: string): Promise<string> {
  return (await sha256(text))!.slice(0, 20);
}

/**
 * Gives rows without an id of their own a stable one from what identifies them (date and headline),
 * `prefix` + hash; repeats of the same date and headline count up (`-2`, `-3`).
 */
async function deriveExternalIds(rows: ImportRow[], keys: Map<ImportRow, string>, prefix: string): Promise<void> {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = keys.get(row);
    if (row.externalId || row.skip || key === undefined) continue;
    const id = `${prefix}${await shortHash(key)}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    row.externalId = count === 1 ? id : `${id}-${count}`;
  }
}

// ---------------------------------------------------------------------------------------------
// TimelineJS JSON


function jsonDate(value: unknown): DateParts | null {
  if (!isObject(value)) return null;
  const parts = {
    year: cell(value.year),
    month: cell(value.month),
    day: cell(value.day),
    hour: cell(value.hour),
    minute: cell(value.minute),
    second: cell(value.second),
  };
  return Object.values(parts).some(Boolean) ? parts : null;
}

function jsonDatePointers(base: string): DatePointers {
  return { year: `${base}/year`, month: `${base}/month`, day: `${base}/day`, time: `${base}/hour` };
}

/** The events of a TimelineJS3 JSON document as import rows. */
export async function timelineJsRows(events: unknown[], timeZone: string): Promise<ImportRow[]> {
  const keys = new Map<ImportRow, string>();
  const rows = events.map((raw, index) => {
    const base = `/events/${index}`;
    const at: EventPointers = {
      row: base,
      start: jsonDatePointers(`${base}/start_date`),
      end: jsonDatePointers(`${base}/end_date`),
      headline: `${base}/text/headline`,
      text: `${base}/text/text`,
      media: `${base}/media/url`,
      caption: `${base}/media/caption`,
      credit: `${base}/media/credit`,
      display: `${base}/display_date`,
      group: `${base}/group`,
      uniqueId: `${base}/unique_id`,
    };
    if (!isObject(raw)) {
      const row = eventRow(
        { start: null, end: null, headline: "", text: "", media: null, displayDate: "", group: "", uniqueId: "", type: "" },
        index,
        at,
        timeZone,
      );
      row.errors.splice(0, row.errors.length, { pointer: base, detail: "must be an event object" });
      return row;
    }
    const text = isObject(raw.text) ? raw.text : {};
    const media = isObject(raw.media) ? raw.media : null;
    const start = jsonDate(raw.start_date);
    const startDisplay = isObject(raw.start_date) ? cell(raw.start_date.display_date) : "";
    const event: TimelineJsEventInput = {
      start,
      end: jsonDate(raw.end_date),
      headline: cell(text.headline),
      text: cell(text.text),
      media: media
        ? { url: cell(media.url), caption: cell(media.caption), credit: cell(media.credit), alt: cell(media.alt) }
        : null,
      displayDate: cell(raw.display_date) || startDisplay,
      group: cell(raw.group),
      uniqueId: cell(raw.unique_id),
      type: cell(raw.type),
    };
    const row = eventRow(event, index, at, timeZone);
    keys.set(row, [start?.year, start?.month, start?.day, event.headline].map((v) => v ?? "").join("|"));
    return row;
  });
  await deriveExternalIds(rows, keys, "tljs:");
  return rows;
}

// ---------------------------------------------------------------------------------------------
// TimelineJS Google Sheets template, as CSV

/** The template's columns (and the v1 alias `Tag` for Group), matched case-insensitively. */
export const SHEET_COLUMNS = [
  "Year",
  "Month",
  "Day",
  "Time",
  "End Year",
  "End Month",
  "End Day",
  "End Time",
  "Display Date",
  "Headline",
  "Text",
  "Media",
  "Media Credit",
  "Media Caption",
  "Media Thumbnail",
  "Alt Text",
  "Type",
  "Group",
  "Tag",
  "Background",
] as const;
type SheetColumn = (typeof SHEET_COLUMNS)[number];

const columnKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
const KNOWN = new Map(SHEET_COLUMNS.map((c) => [columnKey(c), c]));

export interface SheetRows {
  rows: ImportRow[];
  notes: string[];
}

/**
 * The data rows of a TimelineJS sheet as import rows; blank rows are passed over (their numbers
 * still count). Throws a validation problem when the header lacks the template's Year or Headline.
 */
export async function sheetRows(csv: string, timeZone: string, maxRows: number): Promise<SheetRows> {
  const parsed = parseCsv(csv.replace(/^\uFEFF/, ""));
  if (parsed.unclosedQuoteAt !== null) {
    const at = parsed.unclosedQuoteAt - 1;
    throw validationProblem([{ pointer: at >= 0 ? `/rows/${at}` : "/header", detail: "opens a quoted field that never closes" }]);
  }
  const [header = [], ...records] = parsed.records;
  const columns = header.map((name) => KNOWN.get(columnKey(name)) ?? null);
  const missing = (["Year", "Headline"] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw validationProblem([
      {
        pointer: "/header",
        detail: `has no ${missing.join(" or ")} column; a TimelineJS sheet has the columns ${SHEET_COLUMNS.filter((c) => c !== "Tag").join(", ")}`,
      },
    ]);
  }
  const notes: string[] = [];
  const unknown = header.filter((_, i) => columns[i] === null && header[i]!.trim() !== "");
  if (unknown.length > 0) notes.push(`Columns not in the TimelineJS template were ignored: ${unknown.join(", ")}.`);
  if (columns.includes("Background") || columns.includes("Media Thumbnail")) {
    notes.push("Background and Media Thumbnail have no place in an entry and were not imported.");
  }

  const filled = records.filter((r) => r.some((v) => v.trim() !== ""));
  if (filled.length > maxRows) {
    throw validationProblem([{ pointer: "/rows", detail: `holds ${filled.length} rows; one import takes at most ${maxRows} (split the file)` }]);
  }

  const keys = new Map<ImportRow, string>();
  const rows: ImportRow[] = [];
  records.forEach((record, index) => {
    if (!record.some((v) => v.trim() !== "")) return;
    const get = (column: SheetColumn) => {
      const i = columns.indexOf(column);
      return i < 0 ? "" : (record[i] ?? "").trim();
    };
    const base = `/rows/${index}`;
    const at: EventPointers = {
      row: base,
      start: { year: `${base}/Year`, month: `${base}/Month`, day: `${base}/Day`, time: `${base}/Time` },
      end: { year: `${base}/End Year`, month: `${base}/End Month`, day: `${base}/End Day`, time: `${base}/End Time` },
      headline: `${base}/Headline`,
      text: `${base}/Text`,
      media: `${base}/Media`,
      caption: `${base}/Media Caption`,
      credit: `${base}/Media Credit`,
      display: `${base}/Display Date`,
      group: `${base}/${columns.includes("Group") ? "Group" : "Tag"}`,
      uniqueId: base,
    };
    const timeErrors: RowError[] = [];
    const date = (prefix: "" | "End ", at: DatePointers): DateParts | null => {
      const year = get(`${prefix}Year`);
      const month = get(`${prefix}Month`);
      const day = get(`${prefix}Day`);
      const timeText = get(`${prefix}Time`);
      let time = { hour: "", minute: "", second: "" };
      if (timeText) {
        const parsedTime = parseSheetTime(timeText);
        if (typeof parsedTime === "string") timeErrors.push({ pointer: at.time, detail: parsedTime });
        else time = parsedTime;
      }
      if (!year && !month && !day && !timeText) return null;
      return { year, month, day, ...time };
    };
    const start = date("", at.start);
    const end = date("End ", at.end);
    const row = eventRow(
      {
        start,
        end,
        headline: get("Headline"),
        text: get("Text"),
        media: { url: get("Media"), caption: get("Media Caption"), credit: get("Media Credit"), alt: get("Alt Text") },
        displayDate: get("Display Date"),
        group: get("Group") || get("Tag"),
        uniqueId: "",
        type: get("Type"),
      },
      index,
      at,
      timeZone,
    );
    row.sheetRow = index + 2;
    row.errors.unshift(...timeErrors);
    keys.set(row, [get("Year"), get("Month"), get("Day"), get("Headline")].join("|"));
    rows.push(row);
  });
  await deriveExternalIds(rows, keys, "csv:");
  return { rows, notes };
}
