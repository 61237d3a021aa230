/**
 * The public timeline a widget or page request names; the query and the view loading are the
 * shared `http/html/view.ts`.
 */
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import type { ReadOptions } from "../http/cache";
import { meta } from "../http/schemas/fields";
import type { Timeline } from "../domain/timeline";
import { fallbackChain } from "../domain/translations";
import { SLUG_PATTERN } from "../domain/timeline";
import { timelineNotFound, readableTimeline } from "../http/timeline-access";

/**
 * The path parameter of the widget and the page. Any text is routed: a slug that cannot exist is
 * simply not found (404), as an unknown one is.
 */
export const PageSlugParams = z.object({ slug: meta(z.string(), { description: "The timeline's slug." }) });

/** A timeline anyone may see: live and public or unlisted. Private ones are never shown here. */
export async function publicTimeline(c: Context<AppEnv>, slug: string): Promise<Timeline> {
  if (!SLUG_PATTERN.test(slug)) throw timelineNotFound(slug);
  const timeline = await readableTimeline(c, slug);
  if (timeline.visibility === "private") throw timelineNotFound(slug);
  return timeline;
}

/**
 * How a page or widget read in `lang` is cached: named in Content-Language, and purged only by
 * writes to its text (translations into a language of its fallback chain).
 */
export function readScope(lang: string | undefined, timeline: Pick<Timeline, "language">): ReadOptions {
  return { lang, textLanguages: fallbackChain(lang, timeline.language).slice(0, -1) };
}
