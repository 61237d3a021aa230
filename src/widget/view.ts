/**
 * From a request to a timeline view: the widget's query (the entry filters plus `lang` and
 * `theme`), the public timeline it names, and the page of entries with the commitment counts.
 */
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { EntryQuery, encodeCursor, toListRequest } from "../http/schemas/entry-query";
import { meta } from "../http/schemas/fields";
import { listEntriesWithCounts } from "../db/entries";
import type { Timeline } from "../domain/timeline";
import { SLUG_PATTERN } from "../domain/timeline";
import { timelineNotFound, readableTimeline } from "../http/timeline-access";
import { validQuery } from "../http/route";
import { THEMES, VIEW_KEYS } from "./options";
import { language } from "../i18n";
import type { TimelineView } from "./render";

const Lang = meta(
  z.string().check(
    z.maxLength(35, "must be at most 35 characters"),
    z.refine((value) => {
      try {
        return Intl.getCanonicalLocales(value.replace(/_/g, "-")).length === 1;
      } catch {
        return false;
      }
    }, "must be a BCP 47 language tag such as de, en-GB or ar"),
  ),
  { description: "Language of dates, numbers and words; default: the timeline's language." },
);

export const WidgetQuery = z.extend(EntryQuery, {
  lang: z.optional(Lang),
  theme: meta(z._default(z.enum(THEMES), "auto"), { description: "light, dark, or auto (follows the reader's system)." }),
});
export type WidgetQueryInput = z.output<typeof WidgetQuery>;

/**
 * Validates the widget query and turns it into a database filter and page; throws a validation
 * problem naming each bad parameter (a bad cursor or date range included).
 */
export function parseWidgetQuery(c: Context<AppEnv>): WidgetRequest {
  const query = validQuery(c, WidgetQuery);
  return { query, ...toListRequest(query) };
}

export interface WidgetRequest extends ReturnType<typeof toListRequest> {
  query: WidgetQueryInput;
}

/** A timeline anyone may see: live and public or unlisted. Private ones are never shown here. */
export async function publicTimeline(c: Context<AppEnv>, slug: string): Promise<Timeline> {
  if (!SLUG_PATTERN.test(slug)) throw timelineNotFound(slug);
  const timeline = await readableTimeline(c, slug);
  if (timeline.visibility === "private") throw timelineNotFound(slug);
  return timeline;
}

/** Loads the page of entries and the counts the view shows. */
export async function loadView(
  c: Context<AppEnv>,
  timeline: Timeline,
  request: WidgetRequest,
  options: { path: string; pageLink: string | null },
): Promise<TimelineView> {
  const { query, filter, page } = request;
  const result = await listEntriesWithCounts(c.var.db, timeline.id, filter, page);
  const raw = new URL(c.req.url).searchParams;
  const params = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    const value = raw.get(key);
    if (value !== null && value !== "") params.set(key, value);
  }
  return {
    timeline,
    entries: result.entries,
    lang: language(query.lang, timeline.language),
    order: page.order,
    afterMs: page.after?.startMs ?? null,
    nextCursor: result.next ? encodeCursor(page.order, result.next) : null,
    counts: result.counts,
    nowMs: c.var.now.getTime(),
    path: options.path,
    params,
    pageLink: options.pageLink,
  };
}
