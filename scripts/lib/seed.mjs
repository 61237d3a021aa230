// @ts-check
/**
 * Loads a timeline document (`{ "format": "edge-timeline/1", "timeline": {...},
 * "entries": [...] }`, as `GET /v1/timelines/{slug}/export` writes it) into a running
 * Worker through its public API, idempotently: create the timeline (or, when it exists,
 * update its fields), then import the whole document. Runs on any Node >= 18.
 */
import { readFile } from "node:fs/promises";
import { demoFile } from "./project.mjs";

/** Timeline fields that `POST /v1/timelines` takes from a document. */
export const timelineFields = /** @type {const} */ ([
  "slug",
  "title",
  "description",
  "language",
  "languages",
  "time_zone",
  "visibility",
  "embed_origins",
]);

/**
 * @typedef {{ format: string, timeline: Record<string, unknown> & { slug: string }, entries: unknown[] }} TimelineDocument
 */

/**
 * @typedef {object} SeedResult
 * @property {string} slug
 * @property {"created" | "updated"} timeline what happened to the timeline itself
 * @property {number} entries how many entries the document holds
 * @property {unknown} report the import's answer (what was created, updated, rejected)
 */

/** A step of the seeding that the API refused or that could not reach it. */
export class SeedError extends Error {
  /**
   * @param {string} message
   * @param {{ step: string, status?: number, body?: unknown, cause?: unknown }} details
   */
  constructor(message, details) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SeedError";
    /** which request failed: "create", "update" or "import" */
    this.step = details.step;
    /** HTTP status, when the API answered */
    this.status = details.status;
    /** the answer's body (problem+json parsed when possible) */
    this.body = details.body;
  }
}

/**
 * Reads and checks a timeline document.
 *
 * @param {string} [file] default: the demo, `scripts/demo/g7-ukraine.json`
 * @returns {Promise<TimelineDocument>}
 */
export async function readTimelineDocument(file = demoFile) {
  /** @type {any} */
  const doc = JSON.parse(await readFile(file, "utf8"));
  if (!doc || typeof doc !== "object") throw new Error(`${file}: not a JSON object`);
  if (doc.format !== "edge-timeline/1") throw new Error(`${file}: "format" is not "edge-timeline/1"`);
  if (!doc.timeline || typeof doc.timeline.slug !== "string") throw new Error(`${file}: "timeline.slug" is missing`);
  if (!Array.isArray(doc.entries)) throw new Error(`${file}: "entries" is not a list`);
  return doc;
}

/**
 * @param {Response} response
 * @returns {Promise<unknown>}
 */
async function readBody(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One line describing an error answer, with RFC 9457 problem details when present.
 *
 * @param {number} status
 * @param {unknown} body
 * @returns {string}
 */
export function describeProblem(status, body) {
  if (body && typeof body === "object") {
    /** @type {any} */
    const p = body;
    let text = `HTTP ${status}${p.title ? ` ${p.title}` : ""}${p.detail ? `: ${p.detail}` : ""}`;
    if (Array.isArray(p.errors) && p.errors.length > 0) {
      const shown = p.errors.slice(0, 5).map((/** @type {any} */ e) => `${e.pointer ?? "?"} ${e.detail ?? ""}`.trim());
      text += ` [${shown.join("; ")}${p.errors.length > 5 ? `; … ${p.errors.length - 5} more` : ""}]`;
    }
    return text;
  }
  const snippet = typeof body === "string" ? body.trim().slice(0, 200) : "";
  return `HTTP ${status}${snippet ? `: ${snippet}` : ""}`;
}

/**
 * Creates or updates a timeline and imports a document into it through the API.
 * Idempotent: run it again and the timeline and entries are the same.
 *
 * @param {{ baseUrl: string, adminToken: string, document: TimelineDocument, fetch?: typeof fetch }} options
 * @returns {Promise<SeedResult>}
 * @throws {SeedError} when a request fails or the API refuses it
 * @example await seedTimeline({ baseUrl: "http://127.0.0.1:8787", adminToken, document })
 */
export async function seedTimeline(options) {
  const { document } = options;
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const slug = document.timeline.slug;
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const key of timelineFields) {
    if (document.timeline[key] !== undefined) fields[key] = document.timeline[key];
  }
  const headers = {
    authorization: `Bearer ${options.adminToken}`,
    "content-type": "application/json",
    accept: "application/json",
  };

  /**
   * @param {string} step
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   */
  const send = async (step, method, path, body) => {
    let response;
    try {
      response = await doFetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SeedError(`${step}: ${method} ${path} failed: ${reason}`, { step, cause: error });
    }
    return { status: response.status, body: await readBody(response) };
  };

  /** @type {"created" | "updated"} */
  let outcome = "created";
  const created = await send("create", "POST", "/v1/timelines", fields);
  if (created.status === 409) {
    const { slug: _slug, ...changes } = fields;
    const updated = await send("update", "PATCH", `/v1/timelines/${encodeURIComponent(slug)}`, changes);
    if (updated.status < 200 || updated.status > 299) {
      throw new SeedError(`update: PATCH /v1/timelines/${slug} → ${describeProblem(updated.status, updated.body)}`, {
        step: "update",
        status: updated.status,
        body: updated.body,
      });
    }
    outcome = "updated";
  } else if (created.status < 200 || created.status > 299) {
    throw new SeedError(`create: POST /v1/timelines → ${describeProblem(created.status, created.body)}`, {
      step: "create",
      status: created.status,
      body: created.body,
    });
  }

  const path = `/v1/timelines/${encodeURIComponent(slug)}/import`;
  const imported = await send("import", "POST", path, document);
  if (imported.status < 200 || imported.status > 299) {
    throw new SeedError(`import: POST ${path} → ${describeProblem(imported.status, imported.body)}`, {
      step: "import",
      status: imported.status,
      body: imported.body,
    });
  }
  return { slug, timeline: outcome, entries: document.entries.length, report: imported.body };
}

/**
 * Loads the demo timeline (`scripts/demo/g7-ukraine.json`, or `file`) into a running Worker.
 *
 * @param {{ baseUrl: string, adminToken: string, file?: string, fetch?: typeof fetch }} options
 * @returns {Promise<SeedResult>}
 * @example const result = await seedDemo({ baseUrl: worker.url, adminToken: worker.adminToken })
 */
export async function seedDemo(options) {
  const document = await readTimelineDocument(options.file ?? demoFile);
  return seedTimeline({ ...options, document });
}

/**
 * A short human summary of an import report, e.g. "created 12, updated 0, rejected 0".
 *
 * @param {unknown} report
 * @returns {string}
 */
export function summarizeReport(report) {
  if (!report || typeof report !== "object") return "";
  /** @type {any} */
  const r = report;
  const parts = [];
  for (const key of ["created", "updated", "unchanged", "rejected"]) {
    const value = r[key];
    if (Array.isArray(value)) parts.push(`${key} ${value.length}`);
    else if (typeof value === "number") parts.push(`${key} ${value}`);
  }
  return parts.join(", ");
}
