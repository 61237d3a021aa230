#!/usr/bin/env node
// @ts-check
/**
 * edge-timeline: a command-line client for a running edge-timeline service. Plain Node >= 20,
 * no dependencies, no build step.
 *
 *   edge-timeline timeline create --timeline SLUG --title TITLE [--language de] [--time-zone Z] …
 *   edge-timeline import FILE --timeline SLUG [--dry-run] [--create --title TITLE --language de]
 *   edge-timeline export --timeline SLUG [--out FILE]
 *   edge-timeline token create --name NAME --role editor|admin --timelines a,b|*
 */
import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseArgs } from "node:util";

const DEFAULT_URL = "http://127.0.0.1:8787";
/** What one import request may carry (the service's LIMITS.bodyBytes and LIMITS.importEntries). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ENTRIES = 5000;
/** Chunks stay a little under the body limit. */
const CHUNK_BYTES = MAX_BODY_BYTES - 16 * 1024;
const TIMEOUT_MS = 120_000;

const HELP = `edge-timeline: a command-line client for an edge-timeline service

Usage:
  edge-timeline timeline create --timeline SLUG --title TITLE [--language LANG] [--time-zone ZONE]
                                [--visibility public|unlisted|private] [--description TEXT]
  edge-timeline import FILE --timeline SLUG [--dry-run] [--create [--title TITLE] [--language LANG] …]
  edge-timeline export --timeline SLUG [--out FILE]
  edge-timeline token create --name NAME --role editor|admin --timelines SLUG[,SLUG…]|*

Commands:
  timeline create
                Creates timeline SLUG (an admin token is needed). --language is the language of
                its entries (BCP 47, default en); --time-zone an IANA zone (default UTC).
  import        Imports FILE into timeline SLUG. FILE.json is an edge-timeline/1 export or a
                TimelineJS3 JSON document; FILE.csv is a TimelineJS Google-Sheets-template CSV
                (UTF-8). Each request is all or nothing and re-importing updates rather than
                duplicates. A file larger than one request may carry (1 MiB, ${MAX_ENTRIES} entries) is
                sent in chunks, with a progress line per chunk: a chunked import is atomic per
                chunk only; if a chunk is refused, the chunks before it stay written.
                --dry-run checks everything and writes nothing. --create first creates the
                timeline when it does not exist yet (as timeline create does; an export's own
                title, language and zone are used where no flag gives them), so a sheet becomes
                a timeline in one command.
  export        Writes the timeline's lossless backup (edge-timeline/1 JSON) to --out FILE, or
                to standard output.
  token create  Creates a scoped token and prints it (as JSON) once; store it safely.

Options:
  --url URL       the service; default $EDGE_TIMELINE_URL, else ${DEFAULT_URL}
  --token TOKEN   bearer token; default $EDGE_TIMELINE_TOKEN
  -h, --help      this help

Exit status: 0 done, 1 the service refused or could not be reached, 2 wrong usage.`;

class UsageError extends Error {}

class ServiceError extends Error {
  /**
   * @param {string} message
   * @param {string[]} [details]
   */
  constructor(message, details = []) {
    super(message);
    this.details = details;
  }
}

/** @param {string} text */
const err = (text) => process.stderr.write(`${text}\n`);

/**
 * @param {string[]} argv
 */
function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      timeline: { type: "string" },
      out: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      timelines: { type: "string" },
      title: { type: "string" },
      language: { type: "string" },
      "time-zone": { type: "string" },
      visibility: { type: "string" },
      description: { type: "string" },
      create: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { values, positionals };
}

/**
 * @typedef {{ url: string, token: string | undefined }} Connection
 */

/**
 * Sends a request; answers the parsed JSON body, or throws a ServiceError that says what went
 * wrong in words (the problem's title, detail and pointers; or that nothing answered).
 *
 * @param {Connection} conn
 * @param {string} method
 * @param {string} path
 * @param {{ body?: string, type?: string }} [options]
 * @returns {Promise<any>}
 */
async function request(conn, method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json, application/problem+json" };
  if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
  if (options.type) headers["Content-Type"] = options.type;
  let response;
  try {
    response = await fetch(`${conn.url}${path}`, {
      method,
      headers,
      body: options.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = /** @type {any} */ (error)?.cause;
    const reason = cause?.code ?? cause?.message ?? /** @type {any} */ (error)?.message ?? String(error);
    throw new ServiceError(`the service is not reachable at ${conn.url} (${reason}). Is it running? Pass --url or set EDGE_TIMELINE_URL.`);
  }
  const text = await response.text();
  /** @type {any} */
  let body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported as text below
  }
  if (response.ok) return body;
  throw problemError(response.status, body);
}

/**
 * @param {number} status
 * @param {any} body
 */
function problemError(status, body) {
  if (body && typeof body === "object") {
    const title = body.title ?? "Error";
    const message = `${status} ${title}${body.detail ? `: ${body.detail}` : ""}`;
    const details = Array.isArray(body.errors)
      ? body.errors.map((/** @type {any} */ e) => `${e.pointer ?? e.parameter ?? e.header ?? ""} ${e.detail ?? ""}`.trim())
      : [];
    const error = new ServiceError(message, details);
    /** @type {any} */ (error).report = body.report;
    return error;
  }
  const snippet = typeof body === "string" ? body.trim().slice(0, 300) : "";
  return new ServiceError(`${status}${snippet ? `: ${snippet}` : ""}`);
}

/**
 * @param {Record<string, unknown>} values
 * @returns {Connection}
 */
function connection(values) {
  const raw = /** @type {string | undefined} */ (values.url) ?? process.env.EDGE_TIMELINE_URL ?? DEFAULT_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL (e.g. ${DEFAULT_URL})`);
  }
  const token = /** @type {string | undefined} */ (values.token) ?? process.env.EDGE_TIMELINE_TOKEN ?? undefined;
  return { url: url.origin + url.pathname.replace(/\/+$/, ""), token: token || undefined };
}

/** @param {Connection} conn */
function requireToken(conn) {
  if (!conn.token) throw new UsageError("this needs a token: pass --token or set EDGE_TIMELINE_TOKEN");
}

/**
 * @param {Record<string, unknown>} values
 */
function requireSlug(values) {
  const slug = /** @type {string | undefined} */ (values.timeline);
  if (!slug) throw new UsageError("name the timeline with --timeline SLUG");
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) throw new UsageError(`--timeline "${slug}" is not a slug (a-z, 0-9 and -, at most 64)`);
  return slug;
}

// ---------------------------------------------------------------------------------------------
// Splitting a file into requests

/**
 * @typedef {{ body: string, count: number, offset: number }} Chunk
 */

/**
 * Splits a JSON import document into requests of at most CHUNK_BYTES and MAX_ENTRIES entries.
 *
 * @param {string} text
 * @returns {{ chunks: Chunk[], total: number }}
 */
function jsonChunks(text) {
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the file is not valid JSON (${/** @type {Error} */ (error).message})`);
  }
  const key = doc && Array.isArray(doc.entries) ? "entries" : doc && Array.isArray(doc.events) ? "events" : null;
  if (!key) return { chunks: [{ body: text, count: 0, offset: 0 }], total: 0 };
  /** @type {unknown[]} */
  const items = doc[key];
  if (Buffer.byteLength(text) <= CHUNK_BYTES && items.length <= MAX_ENTRIES) {
    return { chunks: [{ body: text, count: items.length, offset: 0 }], total: items.length };
  }
  const base = { ...doc, [key]: [] };
  const baseBytes = Buffer.byteLength(JSON.stringify(base));
  /** @type {Chunk[]} */
  const chunks = [];
  /** @type {string[]} */
  let current = [];
  let bytes = baseBytes;
  let offset = 0;
  const flush = () => {
    const body = JSON.stringify(base).replace(`"${key}":[]`, `"${key}":[${current.join(",")}]`);
    chunks.push({ body, count: current.length, offset });
    offset += current.length;
    current = [];
    bytes = baseBytes;
  };
  for (const item of items) {
    const json = JSON.stringify(item);
    const size = Buffer.byteLength(json) + 1;
    if (baseBytes + size > CHUNK_BYTES) throw new UsageError(`entry ${offset + current.length} alone is larger than one request may carry (1 MiB)`);
    if (current.length > 0 && (bytes + size > CHUNK_BYTES || current.length >= MAX_ENTRIES)) flush();
    current.push(json);
    bytes += size;
  }
  if (current.length > 0 || chunks.length === 0) flush();
  return { chunks, total: items.length };
}

/**
 * CSV records as written (quoted line breaks stay inside their record), RFC 4180.
 *
 * @param {string} text
 * @returns {string[]}
 */
function csvRecords(text) {
  /** @type {string[]} */
  const records = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) {
      records.push(text.slice(start, i));
      if (ch === "\r" && text[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/**
 * Splits a sheet CSV into requests that each repeat the header row.
 *
 * @param {string} text
 * @returns {{ chunks: Chunk[], total: number }}
 */
function csvChunks(text) {
  const [header = "", ...records] = csvRecords(text.replace(/^\uFEFF/, ""));
  const blank = (/** @type {string} */ r) => /^[,;\s]*$/.test(r);
  const total = records.filter((r) => !blank(r)).length;
  if (Buffer.byteLength(text) <= CHUNK_BYTES && total <= MAX_ENTRIES) {
    return { chunks: [{ body: text, count: total, offset: 0 }], total };
  }
  // Blank records travel too, so that row numbers in each chunk's report add up to the file's.
  /** @type {Chunk[]} */
  const chunks = [];
  const headerBytes = Buffer.byteLength(header) + 2;
  /** @type {string[]} */
  let current = [];
  let filled = 0;
  let bytes = headerBytes;
  let offset = 0;
  const flush = () => {
    chunks.push({ body: [header, ...current].join("\r\n") + "\r\n", count: filled, offset });
    offset += current.length;
    current = [];
    filled = 0;
    bytes = headerBytes;
  };
  for (const record of records) {
    const size = Buffer.byteLength(record) + 2;
    if (headerBytes + size > CHUNK_BYTES) throw new UsageError(`row ${offset + current.length + 2} alone is larger than one request may carry (1 MiB)`);
    if (current.length > 0 && (bytes + size > CHUNK_BYTES || filled >= MAX_ENTRIES)) flush();
    current.push(record);
    if (!blank(record)) filled += 1;
    bytes += size;
  }
  if (current.length > 0 || chunks.length === 0) flush();
  return { chunks, total };
}

/**
 * A pointer of a chunk's report, renumbered to the whole file (`/entries/3` of the second chunk
 * of 200 → `/entries/203`).
 *
 * @param {string} pointer
 * @param {number} offset
 */
function filePointer(pointer, offset) {
  if (!offset) return pointer;
  return pointer.replace(/^\/(entries|events|rows)\/(\d+)/, (_m, list, n) => `/${list}/${Number(n) + offset}`);
}

/**
 * @param {any} report
 * @param {number} offset
 */
function rejectedLines(report, offset) {
  if (!report || !Array.isArray(report.items)) return [];
  return report.items
    .filter((/** @type {any} */ i) => i.status === "rejected")
    .flatMap((/** @type {any} */ i) => {
      const where = i.sheet_row !== undefined ? `row ${i.sheet_row + offset}` : filePointer(i.pointer, offset);
      const title = i.title ? ` "${i.title}"` : "";
      return [`rejected ${where}${title}:`, ...(i.errors ?? []).map((/** @type {any} */ e) => `  ${filePointer(e.pointer, offset)} ${e.detail}`)];
    });
}

// ---------------------------------------------------------------------------------------------
// Commands

/**
 * @param {Connection} conn
 * @param {string | undefined} file
 * @param {Record<string, unknown>} values
 */
async function importCommand(conn, file, values) {
  if (!file) throw new UsageError("name the file to import: edge-timeline import FILE --timeline SLUG");
  const slug = requireSlug(values);
  requireToken(conn);
  const extension = extname(file).toLowerCase();
  if (extension !== ".json" && extension !== ".csv") throw new UsageError(`${file}: the file must end in .json or .csv`);
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file)).replace(/^\uFEFF/, extension === ".csv" ? "\uFEFF" : "");
  } catch (error) {
    const reason = error instanceof TypeError ? "is not UTF-8; save it as UTF-8 and try again" : /** @type {Error} */ (error).message;
    throw new UsageError(`${file}: ${reason}`);
  }
  const dryRun = values["dry-run"] === true;
  if (values.create === true) {
    if (dryRun) throw new UsageError("--create and --dry-run do not go together: a dry run writes nothing");
    await ensureTimeline(conn, slug, values, text, extension === ".json");
  } else if (values.title || values.language || values["time-zone"] || values.visibility || values.description) {
    throw new UsageError("--title, --language, --time-zone, --visibility and --description go with --create (or timeline create)");
  }
  const type = extension === ".json" ? "application/json" : "text/csv; charset=utf-8";
  const { chunks, total } = extension === ".json" ? jsonChunks(text) : csvChunks(text);
  if (chunks.length > 1) {
    err(
      `${file} holds ${total} entries, more than one request may carry: sending ${chunks.length} chunks. ` +
        "Each chunk is all or nothing; the import as a whole is not.",
    );
  }
  const sums = { created: 0, updated: 0, unchanged: 0, skipped: 0, rates: 0 };
  let done = 0;
  for (const [index, chunk] of chunks.entries()) {
    let report;
    try {
      report = await request(conn, "POST", `/v1/timelines/${encodeURIComponent(slug)}/import${dryRun ? "?dry_run=true" : ""}`, {
        body: chunk.body,
        type,
      });
    } catch (error) {
      if (error instanceof ServiceError) {
        const rejected = rejectedLines(/** @type {any} */ (error).report, chunk.offset);
        const lines = rejected.length > 0 ? rejected : [...error.details];
        if (chunks.length > 1) {
          lines.push(
            index === 0 || dryRun
              ? `Chunk ${index + 1} of ${chunks.length} was refused; nothing of it was written.`
              : `Chunk ${index + 1} of ${chunks.length} was refused; nothing of it was written, but chunks 1–${index} (${done} entries) were.`,
          );
        }
        throw new ServiceError(error.message, lines);
      }
      throw error;
    }
    for (const key of /** @type {const} */ (["created", "updated", "unchanged", "skipped", "rates"])) sums[key] += report[key] ?? 0;
    if (index === 0) for (const note of report.notes ?? []) err(`note: ${note}`);
    done += chunk.count;
    if (chunks.length > 1 || total >= 100) err(`${dryRun ? "checked" : "imported"} ${done}/${total}`);
  }
  const summary =
    `created ${sums.created}, updated ${sums.updated}, unchanged ${sums.unchanged}, skipped ${sums.skipped}` +
    (sums.rates > 0 ? `, exchange rates ${sums.rates}` : "");
  process.stdout.write(`${dryRun ? `dry run, nothing written: would have ${summary}` : summary}\n`);
}

/**
 * The timeline fields the flags give, over `defaults` (an export's own timeline fields).
 *
 * @param {string} slug
 * @param {Record<string, unknown>} values
 * @param {Record<string, unknown>} [defaults]
 */
function timelineFields(slug, values, defaults = {}) {
  const pick = (/** @type {string} */ flag, /** @type {string} */ field) => /** @type {string | undefined} */ (values[flag]) ?? /** @type {string | undefined} */ (defaults[field]);
  const visibility = pick("visibility", "visibility");
  if (visibility !== undefined && !["public", "unlisted", "private"].includes(visibility)) {
    throw new UsageError("--visibility must be public, unlisted or private");
  }
  /** @type {Record<string, unknown>} */
  const fields = { slug, title: pick("title", "title") ?? slug };
  for (const [flag, field] of /** @type {const} */ ([["language", "language"], ["time-zone", "time_zone"], ["description", "description"]])) {
    const value = pick(flag, field);
    if (value !== undefined) fields[field] = value;
  }
  if (visibility !== undefined) fields.visibility = visibility;
  if (Array.isArray(defaults.embed_origins)) fields.embed_origins = defaults.embed_origins;
  // An export published in several languages stays so (the service puts the source language first).
  if (Array.isArray(defaults.languages)) fields.languages = defaults.languages;
  // So is its reporting currency: the import brings the rates, the new timeline converts with them.
  if (typeof defaults.reporting_currency === "string") fields.reporting_currency = defaults.reporting_currency;
  return fields;
}

/**
 * Creates timeline `slug`; answers the created timeline.
 *
 * @param {Connection} conn
 * @param {Record<string, unknown>} fields
 */
async function createTimeline(conn, fields) {
  return request(conn, "POST", "/v1/timelines", { body: JSON.stringify(fields), type: "application/json" });
}

/**
 * @param {Connection} conn
 * @param {Record<string, unknown>} values
 */
async function timelineCreateCommand(conn, values) {
  const slug = requireSlug(values);
  requireToken(conn);
  if (!values.title) throw new UsageError("give the timeline a --title");
  const created = await createTimeline(conn, timelineFields(slug, values));
  process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
  err(`created timeline ${slug}: ${created.links?.page ?? ""}`);
}

/**
 * For `import --create`: creates the timeline unless it exists (an export's timeline fields are
 * the defaults for what no flag gives).
 *
 * @param {Connection} conn
 * @param {string} slug
 * @param {Record<string, unknown>} values
 * @param {string} text the file, to read an export's timeline fields from
 * @param {boolean} json whether the file is JSON
 */
async function ensureTimeline(conn, slug, values, text, json) {
  try {
    await request(conn, "GET", `/v1/timelines/${encodeURIComponent(slug)}`);
    err(`timeline ${slug} exists; importing into it`);
    return;
  } catch (error) {
    if (!(error instanceof ServiceError) || !error.message.startsWith("404")) throw error;
  }
  /** @type {Record<string, unknown>} */
  let defaults = {};
  if (json) {
    try {
      const doc = JSON.parse(text);
      if (doc && typeof doc.timeline === "object" && doc.timeline !== null) defaults = doc.timeline;
      else if (doc && doc.title && typeof doc.title === "object" && doc.title.text?.headline) defaults = { title: String(doc.title.text.headline).replace(/<[^>]*>/g, "") };
    } catch {
      // jsonChunks reports the broken file
    }
  }
  await createTimeline(conn, timelineFields(slug, values, defaults));
  err(`created timeline ${slug}`);
}

/**
 * @param {Connection} conn
 * @param {Record<string, unknown>} values
 */
async function exportCommand(conn, values) {
  const slug = requireSlug(values);
  requireToken(conn);
  const doc = await request(conn, "GET", `/v1/timelines/${encodeURIComponent(slug)}/export`);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const out = /** @type {string | undefined} */ (values.out);
  if (out) {
    await writeFile(out, text);
    err(`exported ${doc.entries?.length ?? 0} entries of ${slug} to ${out}`);
  } else {
    process.stdout.write(text);
  }
}

/**
 * @param {Connection} conn
 * @param {Record<string, unknown>} values
 */
async function tokenCreateCommand(conn, values) {
  requireToken(conn);
  const name = /** @type {string | undefined} */ (values.name);
  const role = /** @type {string | undefined} */ (values.role);
  const list = /** @type {string | undefined} */ (values.timelines);
  if (!name) throw new UsageError("give the token a --name");
  if (role !== "editor" && role !== "admin") throw new UsageError("--role must be editor or admin");
  if (!list) throw new UsageError("name the timelines it covers: --timelines a,b or --timelines '*'");
  const timelines = list.split(",").map((s) => s.trim()).filter(Boolean);
  const token = await request(conn, "POST", "/v1/tokens", { body: JSON.stringify({ name, role, timelines }), type: "application/json" });
  process.stdout.write(`${JSON.stringify(token, null, 2)}\n`);
  err("The token is shown only now; store it safely (as EDGE_TIMELINE_TOKEN, for one).");
}

/**
 * Runs the CLI; answers the exit status.
 *
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
async function main(argv) {
  try {
    let parsed;
    try {
      parsed = parse(argv);
    } catch (error) {
      throw new UsageError(/** @type {Error} */ (error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length === 0) {
      err(HELP);
      return 2;
    }
    const conn = connection(values);
    const [command, ...rest] = positionals;
    if (command === "import") await importCommand(conn, rest[0], values);
    else if (command === "export") await exportCommand(conn, values);
    else if (command === "token" && rest[0] === "create") await tokenCreateCommand(conn, values);
    else if (command === "timeline" && rest[0] === "create") await timelineCreateCommand(conn, values);
    else throw new UsageError(`unknown command "${positionals.join(" ")}"`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`edge-timeline: ${error.message}\nRun edge-timeline --help for usage.`);
      return 2;
    }
    if (error instanceof ServiceError) {
      err(`edge-timeline: ${error.message}`);
      for (const line of error.details) err(`  ${line}`);
      return 1;
    }
    err(`edge-timeline: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const [major] = process.versions.node.split(".").map(Number);
if ((major ?? 0) < 20) {
  err(`edge-timeline needs Node 20 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
