/**
 * Definitions of the widget's routes: the embed, the public page, the landing page, the scripts and
 * oEmbed. One spec each gives routing, validation and the documentation at /docs.
 */
import * as z from "zod/mini";
import { canonicalSearch } from "../http/canonical";
import { defineRoute, type ResponseSpec } from "../http/route";
import { ProblemSchema, problems } from "../http/schemas/common";
import { LanguageTag, meta } from "../http/schemas/fields";
import { TimelineCursor } from "../http/schemas/timeline";
import { VIEW_KEYS } from "../http/html/options";
import { WidgetQuery } from "../http/html/view";
import { PageSlugParams } from "./view";

const tags = ["Widget"];
const page = (description: string): ResponseSpec => ({ description, contentType: "text/html", schema: z.string() });
const notModified: ResponseSpec = { description: "Not modified" };
const script: ResponseSpec = { description: "JavaScript", contentType: "text/javascript" };
/** Pages answer errors as readable HTML, or problem+json when `Accept` does not ask for HTML. */
const pageErrors = { 400: page("Invalid query"), 404: page("No such public timeline") };

export const embed = defineRoute({
  method: "get",
  path: "/embed/{slug}",
  operationId: "embedWidget",
  tags,
  summary: "The embeddable timeline widget (HTML)",
  description: "Server-rendered; works without JavaScript. Errors are readable HTML pages (problem+json when `Accept` asks for JSON).",
  params: PageSlugParams,
  query: WidgetQuery,
  responses: { 200: page("The widget"), 304: notModified, ...pageErrors },
});

export const timelinePage = defineRoute({
  method: "get",
  path: "/t/{slug}",
  operationId: "timelinePage",
  tags,
  summary: "The public page of a timeline (HTML)",
  params: PageSlugParams,
  query: WidgetQuery,
  responses: { 200: page("The page"), 304: notModified, ...pageErrors },
});

export const loader = defineRoute({
  method: "get",
  path: "/embed.js",
  operationId: "embedLoader",
  tags,
  summary: "The loader: turns each <div data-timeline> into a self-sizing, lazy iframe",
  responses: { 200: script, 304: notModified },
});

/** The widget's own script; its URL names its version, so it is an asset rather than an API. */
export const widgetScript = defineRoute({
  method: "get",
  path: "/embed/{file}",
  operationId: "widgetScript",
  pathPatterns: { file: "widget\\.[0-9a-f]+\\.js" },
  undocumented: true,
  tags,
  summary: "The widget's progressive script (versioned URL)",
  params: z.object({ file: z.string() }),
  responses: { 200: script, 304: notModified },
});

export const landing = defineRoute({
  method: "get",
  path: "/",
  operationId: "landingPage",
  tags,
  summary: "Landing page: public timelines with embed snippets and previews (HTML)",
  query: z.object({
    cursor: meta(z.optional(TimelineCursor), {
      description: "The next page of timelines (the page's own \"More timelines\" link).",
    }),
  }),
  responses: { 200: page("The page"), 304: notModified, 400: page("Invalid cursor") },
});

const Size = z.coerce
  .number({ error: "must be a whole number of pixels" })
  .check(
    z.refine(Number.isInteger, "must be a whole number of pixels"),
    z.gte(1, "must be at least 1"),
    z.lte(10_000, "must be at most 10000"),
  );

/**
 * A timeline URL in one spelling: origin and path, the view's parameters in canonical order, no
 * fragment or other parameters (text that is no URL stays as given, and is not found later).
 */
function canonicalTimelineUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return value.trim();
  }
  const params: Record<string, string> = {};
  for (const key of VIEW_KEYS) {
    const given = url.searchParams.get(key);
    if (given) params[key] = given;
  }
  const search = canonicalSearch(params);
  return `${url.origin}${url.pathname}${search ? `?${search}` : ""}`;
}

export const OembedQuery = z.object({
  url: meta(z.string().check(z.minLength(1, "is required"), z.maxLength(2048, "must be at most 2048 characters"), z.overwrite(canonicalTimelineUrl)), {
    description: "A timeline's page (`/t/{slug}`) or widget (`/embed/{slug}`) URL on this service.",
  }),
  maxwidth: z.optional(Size),
  maxheight: meta(z.optional(Size), { description: "Without it the embed grows to its content (the loader script sizes it)." }),
  format: meta(z._default(z.enum(["json", "xml"]), "json"), { description: "Only json is offered; xml answers 501." }),
  lang: meta(z.optional(LanguageTag), { description: "The widget's language (text, dates, words); default: the URL's `lang`, else the timeline's." }),
});

const OembedResponse = meta(
  z.object({
    version: z.literal("1.0"),
    type: z.literal("rich"),
    title: z.string(),
    html: z.string(),
    width: z.int(),
    height: z.int(),
    provider_name: z.string(),
    provider_url: z.string(),
    cache_age: z.int(),
  }),
  { id: "OembedRich" },
);

export const oembed = defineRoute({
  method: "get",
  path: "/oembed",
  operationId: "oembed",
  tags,
  summary: "oEmbed 1.0 for a timeline URL",
  query: OembedQuery,
  responses: {
    200: { description: "A `rich` oEmbed answer whose html is the widget's iframe", schema: OembedResponse },
    304: { description: "Not modified" },
    400: problems[400],
    404: { description: "Not a timeline URL of this service, or no such public timeline", schema: ProblemSchema },
    501: { description: "format=xml is not offered", schema: ProblemSchema },
  },
});

