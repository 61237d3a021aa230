/** The embeddable widget, its loader, oEmbed and the public pages. */
import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { SlugParams } from "../http/schemas/common";
import { notModifiedFor } from "../http/cache";
import { mount, routeRegistry, type RouteSpec } from "../http/route";
import { LOADER_ETAG, LOADER_JS, WIDGET_JS, WIDGET_JS_PATH } from "./client";
import { embed } from "./embed";
import { oembed, oembedRoute } from "./oembed";
import { landingPage, timelinePage } from "./pages";
import { WidgetQuery } from "./view";

export const widgetRoutes = new Hono<AppEnv>();

const JS_TYPE = "text/javascript; charset=utf-8";
const page = (description: string) => ({ description, contentType: "text/html", schema: z.string() });

/** Routes that answer HTML pages (errors included) are documented here and routed by hand. */
const documented: RouteSpec[] = [
  {
    method: "get",
    path: "/embed/{slug}",
    tags: ["Widget"],
    summary: "The embeddable timeline widget (HTML)",
    description: "Server-rendered; works without JavaScript. Errors are readable HTML pages (problem+json when `Accept` asks for JSON).",
    params: SlugParams,
    query: WidgetQuery,
    responses: { 200: page("The widget"), 304: { description: "Not modified" }, 400: page("Invalid query"), 404: page("No such public timeline") },
  },
  {
    method: "get",
    path: "/t/{slug}",
    tags: ["Widget"],
    summary: "The public page of a timeline (HTML)",
    params: SlugParams,
    query: WidgetQuery,
    responses: { 200: page("The page"), 304: { description: "Not modified" }, 400: page("Invalid query"), 404: page("No such public timeline") },
  },
  {
    method: "get",
    path: "/embed.js",
    tags: ["Widget"],
    summary: "The loader: turns each <div data-timeline> into a self-sizing, lazy iframe",
    responses: { 200: { description: "JavaScript", contentType: "text/javascript" } },
  },
  {
    method: "get",
    path: "/",
    tags: ["Widget"],
    summary: "Landing page: public timelines with embed snippets and previews (HTML)",
    responses: { 200: page("The page") },
  },
];
routeRegistry.push(...documented);

function script(c: Context<AppEnv>, source: string, cacheControl: string, etag: string): Response {
  const headers = {
    "Content-Type": JS_TYPE,
    "Cache-Control": cacheControl,
    ETag: etag,
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
  };
  return notModifiedFor(c, headers) ?? c.body(source, 200, headers);
}

widgetRoutes.get("/embed.js", (c) =>
  script(c, LOADER_JS, "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400", LOADER_ETAG),
);

// The widget script's URL names its version; an old version still gets today's script, briefly cached.
widgetRoutes.get("/embed/:file{widget\\.[0-9a-f]+\\.js}", (c) => {
  const current = new URL(c.req.url).pathname === WIDGET_JS_PATH;
  return script(
    c,
    WIDGET_JS,
    current ? "public, max-age=31536000, immutable" : "public, max-age=300",
    `"w.${WIDGET_JS_PATH.split(".")[1]}"`,
  );
});

widgetRoutes.get("/embed/:slug", embed);
widgetRoutes.get("/t/:slug", timelinePage);
widgetRoutes.get("/", landingPage);
mount(widgetRoutes, oembedRoute, oembed);
