/** Entry handlers: read through the edge cache, write in one atomic batch each. */
import type { Context } from "hono";
import { uuidv7 } from "../../domain/ids";
import type { AppEnv } from "../../env";
import type { RouteHandler } from "../../http/route";
import { buildEntry, changedTranslations, type Entry, entryAsInput, entryJson, entryState, ifMatchAccepts, mergeEntryPatch, nextState } from "../../domain/entry";
import type { Timeline } from "../../domain/timeline";
import { sameLanguage, type TranslationInput, translationFor, translationProblems } from "../../domain/translations";
import { type EntryAction, findTimelineAndEntry, getEntry as findEntry, listEntries as queryEntries, listRevisions as queryRevisions } from "../../db/entries";
import { StaleRevision, UniqueViolation } from "../../db/errors";
import { findStoredResponse, type StoredResponse } from "../../db/idempotency";
import { authorize, sha256Hex } from "../../http/auth";
import { PRIVATE_CACHE_CONTROL, timelineRead } from "../../http/cache";
import { readImageUpload, storeImage } from "../../http/media";
import { publicOrigin } from "../../http/origin";
import { jsonPointer, Problem } from "../../http/problem";
import { ensureReadable, readableTimeline, seesDrafts, writableTimeline } from "../../http/timeline-access";
import { issuesToFields, validationProblem } from "../../http/validation";
import { writeEntries } from "../../http/write";
import { EntryCreate } from "../../http/schemas/entry";
import { encodeCursor, toListRequest } from "../../http/schemas/entry-query";
import { entriesJson, viewContext } from "../views";
import type * as routes from "./entries.routes";

export const listEntries: RouteHandler<typeof routes.listEntries> = async (c, input) => {
  const { slug } = input.params;
  const query = input.query;
  const { filter, page } = toListRequest(query);
  const timeline = await readableTimeline(c, slug);
  const render = async () => {
    const result = await queryEntries(c.var.db, timeline.id, filter, page);
    return c.json({
      items: entriesJson(result.entries, timeline, c.var.now.getTime(), query.lang),
      next_cursor: result.next ? encodeCursor(page.order, result.next) : null,
    });
  };
  // Editors see drafts too: their list is theirs alone and never cached.
  if (await seesDrafts(c, slug)) {
    filter.includeDrafts = true;
    return privateRead(await render());
  }
  return timelineRead(c, timeline, render, { cors: true, lang: query.lang });
};

export const getEntry: RouteHandler<typeof routes.getEntry> = async (c, input) => {
  const { slug, id } = input.params;
  const found = await findTimelineAndEntry(c.var.db, slug, id);
  const timeline = await ensureReadable(c, slug, found.timeline);
  const entry = found.entry;
  if (!entry) throw entryNotFound(slug, id);
  if (entry.draft) {
    if (!(await seesDrafts(c, slug))) throw entryNotFound(slug, id);
    return privateRead(c.json(view(entry, timeline, c, input.query.lang), 200, { ETag: `"${entryState(entry)}"` }));
  }
  return timelineRead(c, timeline, async () => c.json(view(entry, timeline, c, input.query.lang)), {
    cors: true,
    lang: input.query.lang,
    state: `${entryState(entry)}.t${timeline.revision}`,
  });
};

export const createEntry: RouteHandler<typeof routes.createEntry> = async (c, input) => {
  const { slug } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const body = input.body;
  const key = input.headers["idempotency-key"];
  const requestHash = key ? await sha256Hex(`${slug}\n${JSON.stringify(body)}`) : "";
  if (key) {
    const stored = await findStoredResponse(c.var.db, who.id, key);
    if (stored) return replay(stored, requestHash);
  }

  const now = c.var.now.toISOString();
  const entry = buildEntry(null, body, { id: uuidv7(), now });
  checkTranslations(body.translations, timeline, entry);
  const json = JSON.stringify(view(entry, timeline, c));
  const idempotency = key ? { principal: who.id, key, response: { requestHash, status: 201, body: json } } : undefined;
  try {
    await writeEntries(c, timeline, [{ entry, action: "create", previous: null }], { by: who.id, idempotency });
  } catch (err) {
    // Two requests with one key at once: the loser answers as the winner did.
    const stored = key ? await findStoredResponse(c.var.db, who.id, key) : null;
    if (stored) return replay(stored, requestHash);
    throw explainConflict(err, body.external_id);
  }
  return new Response(json, {
    status: 201,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      Location: `${publicOrigin(c)}/v1/timelines/${slug}/entries/${entry.id}`,
      ETag: `"${entryState(entry)}"`,
    },
  });
};

export const updateEntry: RouteHandler<typeof routes.updateEntry> = async (c, input) => {
  const { slug, id } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const { entry } = await patchEntry(c, timeline, who.id, id, input.headers["if-match"], input.body);
  return c.json(view(entry, timeline, c), 200, { ETag: `"${entryState(entry)}"` });
};

export const putTranslation: RouteHandler<typeof routes.putTranslation> = async (c, input) => {
  const { slug, id, lang } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  if (sameLanguage(lang, timeline.language)) {
    throw validationProblem([{ parameter: "lang", detail: `is the timeline's source language (${timeline.language}): write its text in the entry's own fields` }]);
  }
  // A translation written on its own translates the text as it is now, unless it says otherwise.
  const translation = { ...input.body, stale: input.body.stale ?? false };
  // The body is the translation itself: its problems point into it (`/tranche_notes/…`), not below `/translations/{lang}`.
  const { entry, before } = await patchEntry(c, timeline, who.id, id, input.headers["if-match"], { translations: { [lang]: translation } }, (path) =>
    jsonPointer(path.slice(1)),
  );
  const created = !translationFor(before.translations, lang);
  return c.json(view(entry, timeline, c), created ? 201 : 200, { ETag: `"${entryState(entry)}"` });
};

export const deleteTranslation: RouteHandler<typeof routes.deleteTranslation> = async (c, input) => {
  const { slug, id, lang } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const current = await currentEntry(c, timeline, id, input.headers["if-match"]);
  const stored = Object.keys(current.translations).find((tag) => sameLanguage(tag, lang));
  if (!stored) throw new Problem("not-found", `Entry ${id} has no translation into ${lang}.`);
  await patchEntry(c, timeline, who.id, id, input.headers["if-match"], { translations: { [stored]: null } });
  return c.body(null, 204);
};

/**
 * Applies a patch to a stored entry and writes it. Without If-Match a concurrent write is merged
 * by re-reading; with it, it is the caller's 412. Translations the patch names are checked against
 * the timeline's language and the entry's notes.
 */
async function patchEntry(
  c: Context<AppEnv>,
  timeline: Timeline,
  tokenId: string,
  id: string,
  ifMatch: string | undefined,
  patch: Record<string, unknown> & { translations?: Record<string, TranslationInput | null> },
  translationPointer?: TranslationPointer,
): Promise<{ entry: Entry; before: Entry }> {
  for (let attempt = 0; ; attempt++) {
    const current = await currentEntry(c, timeline, id, ifMatch);
    const merged = EntryCreate.safeParse(mergeEntryPatch(entryAsInput(current), patch));
    if (!merged.success) throw validationProblem(issuesToFields(merged.error.issues));
    const next = buildEntry(current, merged.data, { id, now: c.var.now.toISOString() });
    checkTranslations(patch.translations, timeline, next, translationPointer);
    try {
      await write(c, timeline, tokenId, current, next, "update", changedTranslations(current, next));
      return { entry: next, before: current };
    } catch (err) {
      if (!(err instanceof StaleRevision)) throw explainConflict(err, merged.data.external_id);
      if (ifMatch) throw staleIfMatch();
      if (attempt >= 2) throw err;
    }
  }
}

/** Where a translation problem (its path starts at the language tag) points in the request body. */
type TranslationPointer = (path: (string | number)[]) => string;

/** 400 for translations a writer sent into the source language, or naming notes the entry lacks. */
function checkTranslations(
  given: Record<string, TranslationInput | null> | undefined,
  timeline: Timeline,
  entry: Entry,
  pointer: TranslationPointer = (path) => jsonPointer(["translations", ...path]),
): void {
  const found = given ? translationProblems(given, timeline.language, entry) : [];
  if (found.length > 0) throw validationProblem(found.map((p) => ({ pointer: pointer(p.path), detail: p.detail })));
}

export const deleteEntry: RouteHandler<typeof routes.deleteEntry> = async (c, input) => {
  const { slug, id } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const ifMatch = input.headers["if-match"];
  const current = await currentEntry(c, timeline, id, ifMatch);
  const now = c.var.now.toISOString();
  try {
    await write(c, timeline, who.id, current, { ...current, deleted_at: now, updated_at: now, revision: current.revision + 1 }, "delete");
  } catch (err) {
    throw err instanceof StaleRevision && ifMatch ? staleIfMatch() : err;
  }
  return c.body(null, 204);
};

export const restoreEntry: RouteHandler<typeof routes.restoreEntry> = async (c, input) => {
  const { slug, id } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const current = await findEntry(c.var.db, timeline.id, id, { includeDeleted: true });
  if (!current) throw entryNotFound(slug, id);
  if (!current.deleted_at) return c.json(view(current, timeline, c), 200);
  const now = c.var.now.toISOString();
  const restored: Entry = { ...current, deleted_at: null, updated_at: now, revision: current.revision + 1 };
  await write(c, timeline, who.id, current, restored, "restore");
  return c.json(view(restored, timeline, c), 200, { ETag: `"${entryState(restored)}"` });
};

export const listRevisions: RouteHandler<typeof routes.listRevisions> = async (c, input) => {
  const { slug, id } = input.params;
  await authorize(c, "timeline:read-private", slug);
  const timeline = await writableTimeline(c, slug);
  const entry = await findEntry(c.var.db, timeline.id, id, { includeDeleted: true });
  if (!entry) throw entryNotFound(slug, id);
  const revisions = await queryRevisions(c.var.db, id);
  return c.json(
    {
      items: revisions.map(({ snapshot, ...r }) => ({ ...r, entry: snapshot })),
    },
    200,
    { "Cache-Control": "private, no-store" },
  );
};

// ---------------------------------------------------------------------------------------------

function view(entry: Entry, timeline: Timeline, c: Context<AppEnv>, lang?: string) {
  return entryJson(entry, viewContext(timeline, c.var.now.getTime(), lang));
}

/** A read only its requester may see: never stored by any cache. */
function privateRead(res: Response): Response {
  res.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
  res.headers.append("Vary", "Authorization");
  return res;
}

function entryNotFound(slug: string, id: string): Problem {
  return new Problem("not-found", `Timeline "${slug}" has no entry ${id}.`);
}

function staleIfMatch(): Problem {
  return new Problem("precondition-failed", "The entry has changed since the ETag in If-Match was issued; read it again.");
}

async function currentEntry(c: Context<AppEnv>, timeline: Timeline, id: string, ifMatch: string | undefined) {
  const current = await findEntry(c.var.db, timeline.id, id);
  if (!current) throw entryNotFound(timeline.slug, id);
  if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, current)) throw staleIfMatch();
  return current;
}

/**
 * Writes `entry` over `previous` (what readers saw before: the write's events compare the two);
 * `translationsOnly`: the write changed nothing but these languages' translations.
 */
async function write(c: Context<AppEnv>, timeline: Timeline, tokenId: string, previous: Entry, entry: Entry, action: EntryAction, translationsOnly: string[] | null = null) {
  await writeEntries(c, timeline, [{ entry, action, previous }], { by: tokenId, translationsOnly });
}

function explainConflict(err: unknown, externalId: string | null): unknown {
  if (externalId && err instanceof UniqueViolation && err.is("entries", "timeline_id", "external_id")) {
    return new Problem("conflict", `Another entry of this timeline already has external_id "${externalId}".`, {
      errors: [{ pointer: "/external_id", detail: "is already used by another entry" }],
    });
  }
  return err;
}

function replay(stored: StoredResponse, requestHash: string): Response {
  if (stored.requestHash !== requestHash) {
    throw new Problem("idempotency-key-reused", "This Idempotency-Key was used with a different request; use a new key.");
  }
  return new Response(stored.body, {
    status: stored.status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Idempotent-Replayed": "true" },
  });
}

export const uploadMedia: RouteHandler<typeof routes.uploadMedia> = async (c, input) => {
  const { slug, id } = input.params;
  const who = await authorize(c, "entry:write", slug);
  const timeline = await writableTimeline(c, slug);
  const ifMatch = input.headers["if-match"];
  await currentEntry(c, timeline, id, ifMatch); // 404 / 412 before the upload is read
  const media = await storeImage(c, await readImageUpload(c));
  const current = await currentEntry(c, timeline, id, ifMatch);
  const next = nextState(current, { media }, c.var.now.toISOString());
  try {
    await write(c, timeline, who.id, current, next, "update");
  } catch (err) {
    throw err instanceof StaleRevision && ifMatch ? staleIfMatch() : err;
  }
  return c.json(view(next, timeline, c), 200, { ETag: `"${entryState(next)}"` });
};
