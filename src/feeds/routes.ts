/** Definitions of the feed routes: inputs, answers, documentation. */
import * as z from "zod/mini";
import { notModified, problems, SlugParams } from "../http/schemas/common";
import { EntryQuery, pageLimit } from "../http/schemas/entry-query";
import { meta } from "../http/schemas/fields";
import { defineRoute, type ResponseSpec } from "../http/route";
import { LIMITS } from "../domain/limits";

const tags = ["Feeds"];

/** Entries a whole-timeline feed (calendar, CSV, TimelineJS) holds when no `limit` is given. */
export const FULL_FEED_MAX = 1000;
/** Entries a news feed (JSON Feed, Atom) holds when no `limit` is given. */
export const NEWS_FEED_MAX = LIMITS.defaultPageSize;

export const FeedQuery = z.extend(EntryQuery, {
  order: meta(z.optional(z.enum(["asc", "desc"])), {
    description: "Oldest or newest first. Default: newest first for JSON Feed and Atom, oldest first otherwise.",
  }),
  limit: meta(z.optional(pageLimit().def.innerType), {
    description: `At most this many entries (1–200). Default: ${NEWS_FEED_MAX} for JSON Feed and Atom; every entry up to ${FULL_FEED_MAX} for the calendar, CSV and TimelineJS. More follow at the \`Link: rel="next"\` URL.`,
  }),
});
export type FeedQueryInput = z.output<typeof FeedQuery>;

const feedResponses = (contentType: string, description: string, schema: z.ZodMiniType = z.string()) => ({
  200: { description, contentType, schema } satisfies ResponseSpec,
  304: notModified,
  400: problems[400],
  404: problems[404],
});

const feedRoute = <P extends string>(
  operationId: string,
  path: P,
  summary: string,
  contentType: string,
  description: string,
  schema?: z.ZodMiniType,
) =>
  defineRoute({
    method: "get",
    path,
    operationId,
    tags,
    summary,
    auth: "optional",
    description: "Honours the entry filters of the entries list. Readable from any origin (CORS `*`); cached at the edge.",
    params: SlugParams,
    query: FeedQuery,
    responses: feedResponses(contentType, description, schema),
  });

export const jsonFeed = feedRoute(
  "jsonFeed",
  "/v1/timelines/{slug}/feed.json",
  "JSON Feed 1.1",
  "application/feed+json",
  "JSON Feed 1.1; commitment data in each item's `_commitment` object.",
  z.looseObject({ version: z.string(), title: z.string(), items: z.array(z.record(z.string(), z.unknown())) }),
);
export const atomFeed = feedRoute("atomFeed", "/v1/timelines/{slug}/feed.atom", "Atom 1.0 feed", "application/atom+xml", "Atom 1.0 (RFC 4287).");
export const calendar = feedRoute(
  "calendarFeed",
  "/v1/timelines/{slug}/calendar.ics",
  "iCalendar (subscribe in a calendar app)",
  "text/calendar",
  "iCalendar (RFC 5545): all-day events for calendar dates, timed ones for date-times, and each commitment's due date as its own all-day deadline event.",
);
export const timelineJs = feedRoute(
  "timelineJsFeed",
  "/v1/timelines/{slug}/timelinejs.json",
  "TimelineJS3 JSON",
  "application/json",
  "TimelineJS3 JSON: point an existing TimelineJS embed at this URL.",
  z.looseObject({ title: z.unknown(), events: z.array(z.record(z.string(), z.unknown())) }),
);
export const csv = feedRoute(
  "csvFeed",
  "/v1/timelines/{slug}/entries.csv",
  "CSV of entries (spreadsheets)",
  "text/csv",
  "RFC 4180 CSV, UTF-8 with BOM; lists joined with `; `; cells a spreadsheet would run as formulas start with `'`.",
);

export const ChangesQuery = z.object({
  limit: meta(z.optional(pageLimit().def.innerType), { description: `The newest this many changes (1–200). Default: ${NEWS_FEED_MAX}.` }),
  lang: EntryQuery.shape.lang,
});
export type ChangesQueryInput = z.output<typeof ChangesQuery>;

const changesRoute = <P extends string>(operationId: string, path: P, summary: string, contentType: string, description: string, schema?: z.ZodMiniType) =>
  defineRoute({
    operationId,
    method: "get",
    path,
    tags,
    summary,
    auth: "optional",
    description:
      "One item per new commitment, status change and tranche, newest recorded first, each a sentence in the language asked for " +
      "(`lang`, default the timeline's; the entry's title and the status or tranche note from its translation, falling back as the entries do, " +
      "an item whose title fell back marked with its `language`, and `_change.fallback` naming each fallen-back part) " +
      "(\"Germany delivered €500 million of €2 billion (25 %)\") linking to the entry; the item shows the change's own date. " +
      "A due date passing while the commitment is neither fulfilled nor withdrawn is an item too (kind `overdue`, once per commitment " +
      "and due date, dated to the due period's last day, recorded by the hourly sweep). " +
      "Drafts and deleted entries have none. Readable from any origin (CORS `*`); cached at the edge.",
    params: SlugParams,
    query: ChangesQuery,
    responses: feedResponses(contentType, description, schema),
  });

export const changesJson = changesRoute(
  "getChangesJsonFeed",
  "/v1/timelines/{slug}/changes.json",
  "Changes of the commitments (JSON Feed 1.1)",
  "application/feed+json",
  "JSON Feed 1.1; each item's `_change` object says what changed (kind, date, status, reason, phase, amount, made_by; `due` for kind `overdue`).",
  z.looseObject({ version: z.string(), title: z.string(), items: z.array(z.record(z.string(), z.unknown())) }),
);
export const changesAtom = changesRoute("getChangesAtom", "/v1/timelines/{slug}/changes.atom", "Changes of the commitments (Atom 1.0)", "application/atom+xml", "Atom 1.0 (RFC 4287).");
