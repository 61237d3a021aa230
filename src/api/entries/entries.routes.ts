/** Definitions of the entry routes: inputs, answers, documentation. */
import * as z from "zod/mini";
import { defineRoute } from "../../http/route";
import { EntryParams, json, notModified, Page, ProblemSchema, problems, SlugParams } from "../../http/schemas/common";
import { EntryCreate, EntryJsonSchema, EntryPatch, TranslationInput } from "../../http/schemas/entry";
import { LanguageTag, meta } from "../../http/schemas/fields";
import { Slug } from "../../http/schemas/timeline";
import { EntryQuery } from "../../http/schemas/entry-query";

const tags = ["Entries"];

const IfMatch = z.object({
  "if-match": meta(z.optional(z.string().check(z.maxLength(1024, "is too long for an ETag"))), {
    description: "The entry's ETag; a stale one gets 412.",
  }),
});

export const listEntries = defineRoute({
  method: "get",
  path: "/v1/timelines/{slug}/entries",
  operationId: "listEntries",
  tags,
  summary: "List entries (filtered, paged by cursor)",
  auth: "optional",
  params: SlugParams,
  query: EntryQuery,
  responses: {
    200: json(Page(EntryJsonSchema, "EntryPage"), "Entries in chronological order"),
    304: notModified,
    400: problems[400],
    404: problems[404],
  },
});

export const getEntry = defineRoute({
  method: "get",
  path: "/v1/timelines/{slug}/entries/{id}",
  operationId: "getEntry",
  tags,
  summary: "Read an entry",
  auth: "optional",
  params: EntryParams,
  query: z.pick(EntryQuery, { lang: true }),
  responses: { 200: json(EntryJsonSchema, "The entry; its ETag serves If-Match"), 304: notModified, 404: problems[404] },
});

export const createEntry = defineRoute({
  method: "post",
  path: "/v1/timelines/{slug}/entries",
  operationId: "createEntry",
  tags,
  summary: "Add an event or commitment",
  description: "Send `Idempotency-Key` to make retries safe: a repeat with the same key and body answers as the first did.",
  auth: true,
  params: SlugParams,
  headers: z.object({
    "idempotency-key": z.optional(z.string().check(z.regex(/^[\x21-\x7E]{1,255}$/, "must be 1–255 visible ASCII characters"))),
  }),
  body: EntryCreate,
  responses: {
    201: json(EntryJsonSchema, "Created"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
    415: problems[415],
    422: problems[422],
  },
});

export const updateEntry = defineRoute({
  method: "patch",
  path: "/v1/timelines/{slug}/entries/{id}",
  operationId: "updateEntry",
  tags,
  summary: "Change an entry",
  description:
    "Fields given replace stored ones; `commitment` merges one level deep. A status change is appended to the commitment's history.",
  auth: true,
  params: EntryParams,
  headers: IfMatch,
  body: EntryPatch,
  responses: {
    200: json(EntryJsonSchema, "Updated"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
    412: problems[412],
    415: problems[415],
  },
});

export const deleteEntry = defineRoute({
  method: "delete",
  path: "/v1/timelines/{slug}/entries/{id}",
  operationId: "deleteEntry",
  tags,
  summary: "Delete an entry (soft; restorable)",
  auth: true,
  params: EntryParams,
  headers: IfMatch,
  responses: { 204: { description: "Deleted" }, 401: problems[401], 403: problems[403], 404: problems[404], 412: problems[412] },
});

export const restoreEntry = defineRoute({
  method: "post",
  path: "/v1/timelines/{slug}/entries/{id}/restore",
  operationId: "restoreEntry",
  tags,
  summary: "Restore a deleted entry",
  auth: true,
  params: EntryParams,
  responses: { 200: json(EntryJsonSchema, "Restored"), 401: problems[401], 403: problems[403], 404: problems[404] },
});

const Revision = meta(
  z.object({
    revision: z.number(),
    action: z.enum(["create", "update", "delete", "restore", "import"]),
    token_id: z.nullable(z.string()),
    created_at: z.string(),
    entry: meta(z.record(z.string(), z.unknown()), { description: "The entry as it was saved at this revision." }),
  }),
  { id: "EntryRevision" },
);

export const listRevisions = defineRoute({
  method: "get",
  path: "/v1/timelines/{slug}/entries/{id}/revisions",
  operationId: "listRevisions",
  tags,
  summary: "Every saved revision of an entry, newest first",
  auth: true,
  params: EntryParams,
  responses: {
    200: json(z.object({ items: z.array(Revision) }), "Revisions"),
    401: problems[401],
    403: problems[403],
    404: problems[404],
  },
});

export const uploadMedia = defineRoute({
  method: "post",
  path: "/v1/timelines/{slug}/entries/{id}/media",
  operationId: "uploadEntryMedia",
  tags,
  summary: "Upload the entry's image",
  description:
    "Multipart form: `file` (JPEG, PNG, WebP or AVIF, at most 5 MiB; the type is judged by the bytes), `alt` (required) and `credit`. " +
    "EXIF, XMP and GPS metadata are removed before the image is stored; it is served at a content-hashed URL with immutable caching, " +
    "and the entry's `media` becomes `{url, alt, credit, width, height}`. The one request allowed past the 1 MiB body limit.",
  auth: true,
  params: EntryParams,
  headers: IfMatch,
  rawBody: { description: "The image and its words", contentTypes: ["multipart/form-data"] },
  responses: {
    200: json(EntryJsonSchema, "The entry with its image"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    412: problems[412],
    413: { description: "The image is larger than 5 MiB.", schema: ProblemSchema },
    415: { description: "Not multipart, or the file is not a JPEG, PNG, WebP or AVIF image by its bytes.", schema: ProblemSchema },
  },
});

const TranslationParams = z.object({
  slug: Slug,
  id: EntryParams.shape.id,
  lang: meta(LanguageTag, { description: "The translation's language (BCP 47), not the timeline's own." }),
});

export const putTranslation = defineRoute({
  operationId: "putTranslation",
  method: "put",
  path: "/v1/timelines/{slug}/entries/{id}/translations/{lang}",
  tags,
  summary: "Write an entry's text in one language",
  description:
    "Replaces the translation into `lang` (creating it: 201). It translates the entry's current text, so it is no longer stale, unless the body says `stale: true`. Other languages stay as they are. Send the entry's ETag in `If-Match` to refuse a write over a change you have not seen (412).",
  auth: true,
  params: TranslationParams,
  headers: IfMatch,
  body: TranslationInput,
  responses: {
    200: json(EntryJsonSchema, "The entry with its translations; its new ETag"),
    201: json(EntryJsonSchema, "The entry with its new translation; its new ETag"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    412: problems[412],
    415: problems[415],
  },
});

export const deleteTranslation = defineRoute({
  operationId: "deleteTranslation",
  method: "delete",
  path: "/v1/timelines/{slug}/entries/{id}/translations/{lang}",
  tags,
  summary: "Remove an entry's translation into one language",
  description: "Readers of `lang` then get the source text (marked as fallen back). Honours `If-Match`.",
  auth: true,
  params: TranslationParams,
  headers: IfMatch,
  responses: { 204: { description: "Removed" }, 401: problems[401], 403: problems[403], 404: problems[404], 412: problems[412] },
});
