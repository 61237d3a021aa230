/**
 * Paste from a spreadsheet: cells in, a preview of each row as it will be stored (with its
 * problems and "N new, M updated, K rejected"), corrections and column choices in the preview,
 * then all rows applied at once or none. Re-pasting updates rather than duplicates; a similar
 * headline on the same date is offered as the entry to update.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { COMMITMENT_STATUSES, type CommitmentStatus } from "../domain/commitments";
import { buildEntry, type Entry, entryAsInput, mergeEntryPatch } from "../domain/entry";
import { uuidv7 } from "../domain/ids";
import {
  type ColumnMapping,
  columnFor,
  EntryIndex,
  IGNORED,
  PASTE_FIELDS,
  type PasteError,
  readPastedRow,
  readPastedTable,
  writePastedTable,
} from "../domain/paste";
import { foldKey } from "../domain/text";
import type { Timeline } from "../domain/timeline";
import { entryKeys } from "../db/entries";
import { findEntriesByIds } from "../db/transfer";
import type { AppEnv } from "../env";
import { fill, language, type StudioWords } from "../i18n";
import { EntryCreate } from "../http/schemas/entry";
import { studioTimeline } from "./access";
import { type Form, readForm } from "./form";
import { signedIn } from "./guard";
import { field, type Html, notice, page, ui } from "./layout";
import { entryWhen, tabs } from "./parts";
import { type EntryChange, writeEntries } from "../http/write";

const LANGUAGES = ["en", "de", "fr", "es", "it", "uk", "ar", "he"];
let statusWords: Map<string, CommitmentStatus> | undefined;

/** Status words of every language the service speaks, and the statuses' own names. */
function statusAliases(): Map<string, CommitmentStatus> {
  if (!statusWords) {
    statusWords = new Map();
    for (const s of COMMITMENT_STATUSES) statusWords.set(s, s);
    for (const lang of LANGUAGES) {
      const words = language(lang, lang).words.status;
      for (const s of COMMITMENT_STATUSES) statusWords.set(foldKey(words[s]), s);
    }
  }
  return statusWords;
}

type Outcome = "created" | "updated" | "unchanged" | "rejected" | "skipped";

interface PlannedRow {
  /** Row number in the pasted table, header included (as the spreadsheet numbers it, from 1). */
  line: number;
  /** Index among the table's rows. */
  index: number;
  outcome: Outcome;
  entry: Entry | null;
  /** Problems by column (-1: the row as a whole). */
  problems: [number, string][];
  near: { id: string; title: string }[];
  chosen: string;
}

interface Plan {
  rows: PlannedRow[];
  changes: EntryChange[];
  counts: Record<Outcome, number>;
  header: boolean;
  columns: ColumnMapping[];
  table: string[][];
  text: string;
  noTitle: boolean;
  asDrafts: boolean;
}

function pasteError(w: StudioWords, error: PasteError): string {
  switch (error) {
    case "not-an-amount":
      return w.entry.notAmount;
    case "unknown-status":
      return w.paste.unknownStatus;
    case "unknown-kind":
      return w.paste.unknownKind;
    case "not-yes-or-no":
      return w.paste.notYesNo;
    case "not-a-number":
      return w.paste.notNumber;
    default:
      return w.dates.errors[error];
  }
}

/** JSON with sorted keys, so equal content compares equal. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function content(entry: Entry): string {
  const { revision: _r, created_at: _c, updated_at: _u, deleted_at: _d, ...rest } = entry;
  return stable(rest);
}

/**
 * Plans the paste: every row read, matched, validated with the API's entry schema and turned into
 * the entry it would become. Pure apart from the two reads of stored entries.
 */
async function planPaste(c: Context<AppEnv>, timeline: Timeline, form: Form, w: StudioWords, lang: "en" | "de"): Promise<Plan> {
  const submitted = form.text("stage") === "preview";
  let text = form.text("text");
  const table = readPastedTable(text);
  // Corrections typed in the preview replace their cells.
  let corrected = false;
  for (const [name, value] of form.entries()) {
    const cell = /^cell\.(\d+)\.(\d+)$/.exec(name);
    const row = cell ? table.rows[Number(cell[1])] : undefined;
    if (!cell || !row) continue;
    const col = Number(cell[2]);
    while (row.length <= col) row.push("");
    if (row[col] !== value) {
      row[col] = value;
      corrected = true;
    }
  }
  if (corrected) text = writePastedTable(table.rows);
  const header = submitted ? form.text("header") === "1" : table.header;
  const width = Math.max(0, ...table.rows.map((r) => r.length));
  const columns: ColumnMapping[] = Array.from({ length: width }, (_, i) => {
    if (!submitted) return table.columns[i] ?? null;
    const chosen = form.text(`map.${i}`);
    return chosen === IGNORED || (PASTE_FIELDS as readonly string[]).includes(chosen) ? (chosen as ColumnMapping) : null;
  });
  const asDrafts = submitted ? form.text("drafts") === "1" : true;
  const reading = { lang, timeZone: timeline.time_zone, statuses: statusAliases() };

  const first = header ? 1 : 0;
  const read = table.rows.slice(first).map((cells, i) => ({ index: i + first, cells, pasted: readPastedRow(cells, columns, reading) }));
  const index = new EntryIndex(await entryKeys(c.var.db, timeline.id));
  const matches = read.map((r) => index.match(r.pasted));
  const wanted = new Set<string>();
  matches.forEach((m, i) => {
    if (m.by === "id" || m.by === "external_id" || m.by === "date_and_headline") wanted.add(m.id);
    if (m.by === "near") {
      const choice = form.text(`choice.${read[i]!.index}`);
      wanted.add(choice && choice !== "new" ? choice : m.candidates[0]!.id);
    }
  });
  const stored = new Map((await findEntriesByIds(c.var.db, timeline.id, [...wanted])).map((e) => [e.id, e]));

  const now = c.var.now.toISOString();
  const claimed = new Map<string, number>();
  const rows: PlannedRow[] = [];
  const changes: EntryChange[] = [];
  read.forEach(({ index: at, pasted }, i) => {
    const match = matches[i]!;
    const row: PlannedRow = { line: at + 1, index: at, outcome: "rejected", entry: null, problems: [], near: [], chosen: "" };
    rows.push(row);
    if (pasted.skip) {
      row.outcome = "skipped";
      return;
    }
    for (const e of pasted.errors) row.problems.push([e.column, pasteError(w, e.error)]);
    let targetId: string | null = null;
    if (match.by === "near") {
      row.near = match.candidates;
      const choice = form.text(`choice.${at}`);
      row.chosen = choice || match.candidates[0]!.id;
      targetId = row.chosen === "new" ? null : row.chosen;
    } else if (match.by !== "none") targetId = match.id;
    const target = targetId ? (stored.get(targetId) ?? null) : null;
    if (target) {
      const before = claimed.get(target.id);
      if (before !== undefined) row.problems.push([-1, fill(w.paste.sameEntry, { n: String(before) })]);
      else claimed.set(target.id, row.line);
    }
    if (row.problems.length > 0) return;

    const patch: Record<string, unknown> = { ...pasted.patch };
    if (pasted.commitment) patch.commitment = pasted.commitment;
    if (!target && pasted.id && !pasted.externalId) patch.external_id = pasted.id; // copied from another timeline
    const base: Record<string, unknown> = target ? entryAsInput(target) : { kind: "event", draft: asDrafts, tags: [], actors: [], sources: [], commitment: null };
    const input = mergeEntryPatch(base, patch);
    if (input.kind === "event") input.commitment = null;
    const parsed = EntryCreate.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = columnFor(issue.path as PropertyKey[], columns);
        const where = column === null ? `${String(issue.path.join("."))} ` : "";
        row.problems.push([column ?? -1, `${where}${issue.message}`]);
      }
      return;
    }
    const next = buildEntry(target, parsed.data, { id: target?.id ?? uuidv7(), now });
    if (target?.media && next.media?.url === target.media.url) next.media = { ...next.media, width: target.media.width, height: target.media.height };
    row.entry = next;
    if (target && !target.deleted_at && content(target) === content(next)) {
      row.outcome = "unchanged";
      return;
    }
    row.outcome = target ? "updated" : "created";
    changes.push({ entry: next, previous: target, action: "import" });
  });

  const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
  for (const r of rows) counts[r.outcome]++;
  const noTitle = !columns.includes("title");
  return { rows, changes, counts, header, columns, table: table.rows, text, noTitle, asDrafts };
}

/** `GET /studio/t/{slug}/paste` */
export async function pastePage(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const { w } = ui(c);
  const p = w.paste;
  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "paste")}<h2>${p.title}</h2><p>${p.intro}</p><form method="post" action="/studio/t/${timeline.slug}/paste" enctype="multipart/form-data">${field(
    { label: p.cells, name: "text", multiline: true, rows: 12, attrs: html` class="paste" spellcheck="false" wrap="off"` },
  )}<button name="action" value="preview">${p.preview}</button></form>`;
  return page(c, { title: `${p.title}: ${timeline.title}`, body, signedIn: true });
}

/** `POST /studio/t/{slug}/paste`: the preview, or (all rows valid) the rows stored at once. */
export async function pasteSubmit(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const { lang, w } = ui(c);
  const form = await readForm(c);
  const plan = await planPaste(c, timeline, form, w, lang);
  const dataRows = plan.rows.length;
  if (form.text("action") === "apply" && dataRows > 0 && plan.counts.rejected === 0 && !plan.noTitle) {
    await writeEntries(c, timeline, plan.changes, { by: who.id });
    return c.redirect(`/studio/t/${timeline.slug}?done=pasted`, 303);
  }
  return preview(c, timeline, plan, form.text("action") === "apply");
}

function preview(c: Context<AppEnv>, timeline: Timeline, plan: Plan, applyRefused: boolean): Response | Promise<Response> {
  const { lang, w } = ui(c);
  const p = w.paste;
  const statusWords = language(lang, lang).words.status;
  const headerRow = plan.header ? (plan.table[0] ?? []) : [];
  const columnName = (i: number) => headerRow[i]?.trim() || fill(p.column, { n: String(i + 1) });
  const fieldOptions: [string, string][] = [["", p.ignore], ...PASTE_FIELDS.map((f): [string, string] => [f, f.replace(/_/g, " ")])];
  const summary = fill(p.summary, {
    created: String(plan.counts.created),
    updated: String(plan.counts.updated),
    unchanged: String(plan.counts.unchanged),
    rejected: String(plan.counts.rejected),
  });
  const status = plan.rows.length === 0 ? notice(p.noRows, "bad") : notice(summary, plan.counts.rejected ? "bad" : "ok");

  const mapping = html`<fieldset><legend>${p.columns}</legend><p class="check"><input type="checkbox" name="header" value="1" id="f-header"${plan.header ? html` checked` : ""}><label for="f-header">${
    p.header
  }</label></p><div class="row">${plan.columns.map(
    (col, i) => html`<div><label for="f-map-${String(i)}">${columnName(i)}</label><select id="f-map-${String(i)}" name="map.${String(i)}">${fieldOptions.map(
      ([value, label]) => html`<option value="${value}"${value === (col === IGNORED ? "" : (col ?? "")) ? html` selected` : ""}>${label}</option>`,
    )}</select></div>`,
  )}</div></fieldset>`;

  const rows = plan.rows.map((r) => {
    const e = r.entry;
    const problems = r.problems.map(([col, text]) => html`<li>${col >= 0 ? html`${columnName(col)}: ` : ""}${text}</li>`);
    const near = r.near.length
      ? html`<fieldset class="check"><legend>${fill(p.near, { title: r.near[0]!.title })}</legend>${r.near.map(
          (n) => html`<input type="radio" name="choice.${String(r.index)}" value="${n.id}" id="c-${String(r.index)}-${n.id}"${r.chosen === n.id ? html` checked` : ""}><label for="c-${String(r.index)}-${n.id}">${p.updateIt}: ${n.title}</label><br>`,
        )}<input type="radio" name="choice.${String(r.index)}" value="new" id="c-${String(r.index)}-new"${r.chosen === "new" ? html` checked` : ""}><label for="c-${String(r.index)}-new">${p.addNew}</label></fieldset>`
      : "";
    const fix =
      r.outcome === "rejected"
        ? html`<tr class="rejected"><td colspan="5"><fieldset><legend>${fill(p.fix, { n: String(r.line) })}</legend><div class="row">${(plan.table[r.index] ?? []).map(
            (cell, col) => html`<div>${field({ label: columnName(col), name: `cell.${r.index}.${col}`, id: `cell-${r.index}-${col}`, value: cell })}</div>`,
          )}</div></fieldset></td></tr>`
        : "";
    return html`<tr${r.outcome === "rejected" ? html` class="rejected"` : ""}><td>${String(r.line)}</td><td><span class="tag${r.outcome === "rejected" ? " bad" : ""}">${p.outcomes[r.outcome]}</span>${
      e?.draft ? html` <span class="tag draft">${w.list.draft}</span>` : ""
    }</td><td>${e ? entryWhen(e, lang) : ""}</td><td>${e?.title ?? ""}${near}</td><td>${
      e?.commitment ? html`${w.entry.kinds.commitment}: ${statusWords[e.commitment.status]}` : ""
    }${problems.length ? html`<ul class="err">${problems}</ul>` : ""}</td></tr>${fix}`;
  });

  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "paste")}<h2>${p.title}</h2>${status}${plan.noTitle ? notice(p.noHeadline, "bad") : ""}${
    applyRefused || plan.counts.rejected ? notice(p.blocked, applyRefused ? "bad" : "") : ""
  }<form method="post" action="/studio/t/${timeline.slug}/paste" enctype="multipart/form-data"><input type="hidden" name="stage" value="preview">${mapping}<p class="check"><input type="checkbox" name="drafts" value="1" id="f-drafts"${
    plan.asDrafts ? html` checked` : ""
  }><label for="f-drafts">${p.asDrafts}</label></p><div class="scroll"><table><caption>${summary}</caption><thead><tr><th scope="col">${p.row}</th><th scope="col">${p.outcome}</th><th scope="col">${w.entry.start}</th><th scope="col">${
    w.entry.headline
  }</th><th scope="col">${w.entry.kind}</th></tr></thead><tbody>${rows}</tbody></table></div><p><button name="action" value="preview" class="sec">${p.check}</button><button name="action" value="apply">${p.apply}</button></p>${field({
    label: p.cells,
    name: "text",
    value: plan.text,
    multiline: true,
    rows: 8,
    attrs: html` class="paste" spellcheck="false" wrap="off"`,
  })}</form>`;
  return page(c, { title: `${p.title}: ${timeline.title}`, body, status: plan.counts.rejected || applyRefused ? 400 : 200, signedIn: true });
}
