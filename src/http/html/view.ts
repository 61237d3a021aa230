/**
 * From a request to a timeline view, shared by the widget, the public page and the studio's
 * preview: the widget's query (the entry filters plus `lang` and `theme`), and the page of
 * entries with the commitment counts.
 */
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { listEntriesWithCounts } from "../../db/entries";
import type { Timeline } from "../../domain/timeline";
import { type Language, language } from "../../i18n";
import { limitExpensiveRead } from "../rate-limit";
import { EntryQuery, encodeCursor, toListRequest } from "../schemas/entry-query";
import { ScorecardQuery } from "../scorecard";
import { LanguageTag, meta } from "../schemas/fields";
import { type Theme, THEMES, VIEW_KEYS } from "./options";
import { localizedView, type TimelineView } from "./render";

const Lang = meta(z.optional(LanguageTag), {
  description:
    "Language of the text (each field from its translation, else en-GB → en → the timeline's language, marked as the original), dates, numbers and words; default: the timeline's language.",
});

const ThemeParam = meta(z._default(z.enum(THEMES), "auto"), { description: "light, dark, or auto (follows the reader's system)." });

/** The widget's and the public page's query: the entry filters, `lang`, `theme`, and the view. */
export const WidgetQuery = z.extend(EntryQuery, {
  lang: Lang,
  theme: ThemeParam,
  view: meta(z._default(z.enum(["list", "scorecard"]), "list"), {
    description: "`list` (the entries) or `scorecard` (bars and a table of committed, allocated and delivered per maker).",
  }),
  maker: ScorecardQuery.shape.maker,
});
export type WidgetQueryInput = z.output<typeof WidgetQuery>;

/** A validated widget query as the view needs it: the query, the database filter and page, the link parameters. */
export interface WidgetRequest extends ReturnType<typeof toListRequest> {
  query: WidgetQueryInput;
  /** The view parameters the request named (never the cursor), kept in the view's links. */
  params: URLSearchParams;
}

/**
 * The database filter and page for a validated widget query; a bad cursor or date range is a
 * validation problem naming the parameter. A search (`q`) is counted by the search limiter, as
 * the API's is: it costs the same full-text query.
 */
export async function widgetRequest(c: Context<AppEnv>, query: WidgetQueryInput): Promise<WidgetRequest> {
  const raw = new URL(c.req.url).searchParams;
  const params = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    const value = raw.get(key);
    if (value !== null && value !== "") params.set(key, value);
  }
  const request = { query, params, ...toListRequest(query) };
  if (request.filter.match) await limitExpensiveRead(c);
  return request;
}

/**
 * Language and theme for a page about a request whose query may not have passed validation (an
 * error page): each taken from the query when valid on its own, else the defaults.
 */
export function pagePresentation(c: Context): { lang: Language; theme: Theme } {
  const lang = LanguageTag.safeParse(c.req.query("lang"));
  const theme = ThemeParam.safeParse(c.req.query("theme"));
  return { lang: language(lang.success ? lang.data : null, "en"), theme: theme.success ? theme.data : "auto" };
}

/** Loads the page of entries and the counts the view shows. */
export async function loadView(
  c: Context<AppEnv>,
  timeline: Timeline,
  request: WidgetRequest,
  options: { path: string; pageLink: string | null },
): Promise<TimelineView> {
  const { query, filter, page, params } = request;
  const result = await listEntriesWithCounts(c.var.db, timeline.id, filter, page);
  return {
    timeline,
    ...localizedView(result.entries, query.lang, timeline),
    lang: language(query.lang, timeline.language),
    theme: query.theme,
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
