/** Feed handlers: thin; the formats live in their own pure modules. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { encodeCursor, toListRequest } from "../http/schemas/entry-query";
import { collectEntries } from "../db/transfer";
import type { Entry } from "../domain/entry";
import { LIMITS } from "../domain/limits";
import type { Timeline } from "../domain/timeline";
import { fallbackChain, localize, noteLanguage } from "../domain/translations";
import { type Language, language } from "../i18n";
import { timelineRead } from "../http/cache";
import { publicOrigin } from "../http/origin";
import type { RouteHandler } from "../http/route";
import { readableTimeline } from "../http/timeline-access";
import { ATOM_TYPE, renderAtom } from "./atom";
import { CSV_TYPE, renderCsv } from "./csv";
import { ICAL_TYPE, renderICal } from "./ical";
import { JSON_FEED_TYPE, renderJsonFeed } from "./jsonfeed";
import type * as routes from "./routes";
import { type ChangesQueryInput, FULL_FEED_MAX, type FeedQueryInput, NEWS_FEED_MAX } from "./routes";
import type { FeedContext } from "./text";
import { renderTimelineJs } from "./timelinejs";
import { type ChangeItem, renderChangesAtom, renderChangesJsonFeed } from "./changes";
import { latestChanges } from "../db/ledger";
import { findEntriesByIds } from "../db/transfer";
import { changeSource, commitmentChanges, overdueChangeOfKey } from "../domain/changes";

interface FeedFormat {
  contentType: string;
  order: "asc" | "desc";
  /** Entries when the request names no `limit`. */
  max: number;
  render(timeline: Timeline, entries: Entry[], ctx: FeedContext): string;
  headers?(timeline: Timeline): Record<string, string>;
}

/** Serves one feed of a timeline: filters and cursor as the entries list, through the edge cache. */
async function serveFeed(
  c: Context<AppEnv>,
  input: { params: { slug: string }; query: FeedQueryInput },
  format: FeedFormat,
): Promise<Response> {
  const order = input.query.order ?? format.order;
  const max = input.query.limit ?? format.max;
  const { filter, page } = toListRequest({ ...input.query, order, limit: Math.min(max, LIMITS.pageSize) });
  const timeline = await readableTimeline(c, input.params.slug);
  return timelineRead(
    c,
    timeline,
    async () => {
      const found = await collectEntries(c.var.db, timeline.id, filter, { order, max, after: page.after });
      const chain = fallbackChain(input.query.lang, timeline.language);
      const shown = found.entries.map((entry) => localize(entry, chain));
      const entries = shown.map((s) => s.entry);
      const next = found.next;
      const origin = publicOrigin(c);
      const url = new URL(c.req.url);
      const selfUrl = `${origin}${url.pathname}${url.search}`;
      let nextUrl: string | null = null;
      if (next) {
        const following = new URL(selfUrl);
        following.searchParams.set("cursor", encodeCursor(order, next));
        nextUrl = following.toString();
      }
      const body = format.render(timeline, entries, {
        origin,
        selfUrl,
        nextUrl,
        nowMs: c.var.now.getTime(),
        lang: language(input.query.lang, timeline.language),
        origins: new Map(shown.map((s) => [s.entry.id, s.origin])),
      });
      return new Response(body, {
        status: 200,
        headers: {
          "Content-Type": format.contentType,
          ...(nextUrl ? { Link: `<${nextUrl}>; rel="next"` } : {}),
          ...format.headers?.(timeline),
        },
      });
    },
    { cors: true, lang: input.query.lang },
  );
}

const feed =
  (format: FeedFormat): RouteHandler<typeof routes.jsonFeed> =>
  (c, input) =>
    serveFeed(c, input, format);

export const jsonFeed = feed({
  contentType: JSON_FEED_TYPE,
  order: "desc",
  max: NEWS_FEED_MAX,
  render: (t, e, ctx) => JSON.stringify(renderJsonFeed(t, e, ctx)),
});

export const atomFeed = feed({ contentType: ATOM_TYPE, order: "desc", max: NEWS_FEED_MAX, render: renderAtom });

export const calendar = feed({
  contentType: ICAL_TYPE,
  order: "asc",
  max: FULL_FEED_MAX,
  render: renderICal,
  headers: (t) => ({ "Content-Disposition": `inline; filename="${t.slug}.ics"` }),
});

export const timelineJs = feed({
  contentType: "application/json; charset=utf-8",
  order: "asc",
  max: FULL_FEED_MAX,
  render: (t, e, ctx) => JSON.stringify(renderTimelineJs(t, e, ctx)),
});

export const csv = feed({
  contentType: CSV_TYPE,
  order: "asc",
  max: FULL_FEED_MAX,
  render: renderCsv,
  headers: (t) => ({ "Content-Disposition": `attachment; filename="${t.slug}.csv"` }),
});

/**
 * The newest changes of a timeline's commitments, each with the entry it belongs to, read along
 * `chain` (its title and notes from their translations) and the language each of them is in.
 */
async function changeItems(c: Context<AppEnv>, timeline: Timeline, limit: number, chain: readonly string[]): Promise<ChangeItem[]> {
  const rows = await latestChanges(c.var.db, timeline.id, limit);
  const found = await findEntriesByIds(c.var.db, timeline.id, [...new Set(rows.map((r) => r.entry_id))]);
  const changes = new Map<string, ChangeItem>();
  const sources = new Map<string, { entry: ChangeItem["entry"]; title: string }>();
  for (const stored of found) {
    if (stored.deleted_at || !stored.commitment) continue;
    const { entry, origin } = localize(stored, chain);
    const shown = changeSource(entry)!;
    // The keys of a change do not depend on its text, so the source's notes line up with the shown ones.
    const sourceNotes = new Map(commitmentChanges(changeSource(stored)!).map((ch) => [ch.key, ch.note ?? null]));
    const title = origin.languages.title;
    sources.set(stored.id, { entry: shown, title });
    for (const change of commitmentChanges(shown)) {
      const note = sourceNotes.get(change.key) ?? null;
      const kind = change.kind === "tranche" ? "tranche_notes" : "status_notes";
      const languages = { title, note: note ? noteLanguage(stored.translations, kind, note, chain) : null };
      changes.set(`${stored.id}/${change.key}`, { change, entry: shown, languages });
    }
  }
  return rows.flatMap((r) => {
    // An overdue moment is not in the entry: its row in the index says what and when.
    const overdue = overdueChangeOfKey(r.key, r.recorded_at);
    const source = sources.get(r.entry_id);
    if (overdue) return source ? [{ change: overdue, entry: source.entry, languages: { title: source.title, note: null } }] : [];
    return changes.get(`${r.entry_id}/${r.key}`) ?? [];
  });
}

function serveChanges(
  c: Context<AppEnv>,
  input: { params: { slug: string }; query: ChangesQueryInput },
  contentType: string,
  render: (timeline: Timeline, items: ChangeItem[], lang: Language, ctx: FeedContext) => string,
): Promise<Response> {
  const { limit, lang } = input.query;
  return readableTimeline(c, input.params.slug).then((timeline) =>
    timelineRead(
      c,
      timeline,
      async () => {
        const items = await changeItems(c, timeline, limit ?? NEWS_FEED_MAX, fallbackChain(lang, timeline.language));
        const origin = publicOrigin(c);
        const url = new URL(c.req.url);
        const ctx = { origin, selfUrl: `${origin}${url.pathname}${url.search}`, nextUrl: null, nowMs: c.var.now.getTime() };
        const body = render(timeline, items, language(lang, timeline.language), ctx);
        return new Response(body, { status: 200, headers: { "Content-Type": contentType } });
      },
      // Cached per language (the query is part of the key); any write, a translation's too, purges it.
      { cors: true, lang },
    ),
  );
}

export const changesJson: RouteHandler<typeof routes.changesJson> = (c, input) =>
  serveChanges(c, input, JSON_FEED_TYPE, (t, items, lang, ctx) => JSON.stringify(renderChangesJsonFeed(t, items, lang, ctx)));

export const changesAtom: RouteHandler<typeof routes.changesAtom> = (c, input) => serveChanges(c, input, ATOM_TYPE, renderChangesAtom);
