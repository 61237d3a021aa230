/**
 * Reading an import body into rows: our export JSON (`format: "edge-timeline/1"`), TimelineJS3
 * JSON (`events`), or a TimelineJS sheet as CSV. Problems with the document as a whole (not JSON,
 * no entries, too many) are answered at once; problems with single rows are collected per row.
 */
import { LIMITS } from "../../domain/limits";
import { isJsonType, parseJson } from "../../http/body";
import { Problem } from "../../http/problem";
import { ratesFromList } from "../../http/schemas/rates";
import { validationProblem } from "../../http/validation";
import { EXPORT_FORMAT } from "../export";
import { ourRow } from "./ours";
import { sheetRows, timelineJsRows } from "./timelinejs";
import { isObject, type ImportDocument } from "./types";

import { CSV_TYPE } from "../../http/body";

const tooMany = (pointer: string, count: number) =>
  validationProblem([
    { pointer, detail: `holds ${count} entries; one import takes at most ${LIMITS.importEntries} (split the file; the CLI does)` },
  ]);

/**
 * The rows of an import body of media type `contentType`. TimelineJS times are read in `timeZone`.
 * @example const doc = await readImport("text/csv", csvText, "Europe/Berlin");
 */
export async function readImport(contentType: string | undefined, body: string, timeZone: string): Promise<ImportDocument> {
  if (contentType && CSV_TYPE.test(contentType)) {
    const { rows, notes } = await sheetRows(body, timeZone, LIMITS.importEntries);
    return { format: "timelinejs-sheet", rows, notes: [...notes, "A sheet row is matched on re-import by its Year, Month, Day and Headline."] };
  }
  if (!isJsonType(contentType)) {
    throw new Problem(
      "unsupported-media-type",
      "Send an edge-timeline/1 export or a TimelineJS document as `application/json`, or a TimelineJS sheet as `text/csv`.",
    );
  }
  const doc = parseJson(body);
  if (!isObject(doc)) {
    throw validationProblem([{ pointer: "", detail: "must be an edge-timeline/1 export or a TimelineJS document (an object)" }]);
  }

  if (doc.format !== undefined) {
    if (doc.format !== EXPORT_FORMAT) {
      throw validationProblem([{ pointer: "/format", detail: `must be "${EXPORT_FORMAT}" (the only format this service writes)` }]);
    }
    if (!Array.isArray(doc.entries)) throw validationProblem([{ pointer: "/entries", detail: "must be a list of entries" }]);
    if (doc.entries.length > LIMITS.importEntries) throw tooMany("/entries", doc.entries.length);
    const notes = doc.timeline === undefined
      ? []
      : ["Only entries and exchange rates are imported; the document's timeline fields are not applied, reporting_currency included (change them with PATCH /v1/timelines/{slug})."];
    notes.push(
      "Entries of this timeline keep their id; any other entry is copied under a new id and keeps the one it came with as external_id. " +
        "created_at, commitment history and when each tranche was recorded are kept; revision and updated_at are this service's own.",
    );
    // The rates are checked as POST …/rates checks them; a bad one refuses the whole document.
    const { rates, errors } = doc.exchange_rates === undefined || doc.exchange_rates === null ? { rates: [], errors: [] } : ratesFromList(doc.exchange_rates, "/exchange_rates");
    if (errors.length > 0) throw validationProblem(errors);
    // Only a document that states a reporting currency (an export) is compared with the timeline's.
    const given = isObject(doc.timeline) ? doc.timeline.reporting_currency : undefined;
    const reporting = typeof given === "string" ? given : given === null ? null : undefined;
    return { format: EXPORT_FORMAT, rows: doc.entries.map((e, i) => ourRow(e, i)), notes, rates, reportingCurrency: reporting };
  }

  if (Array.isArray(doc.events)) {
    if (doc.events.length > LIMITS.importEntries) throw tooMany("/events", doc.events.length);
    const notes: string[] = [];
    if (doc.title !== undefined) notes.push("The title slide is not imported; timeline fields change with PATCH /v1/timelines/{slug}.");
    if (Array.isArray(doc.eras) && doc.eras.length > 0) notes.push("Eras are not imported.");
    notes.push("Events are matched on re-import by unique_id (kept as external_id), or by date and headline without one.");
    return { format: "timelinejs", rows: await timelineJsRows(doc.events, timeZone), notes };
  }

  throw validationProblem([
    { pointer: "", detail: `must have "format": "${EXPORT_FORMAT}" and "entries" (our export) or "events" (TimelineJS)` },
  ]);
}
