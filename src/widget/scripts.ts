/** `GET /embed.js` and the widget's versioned script: served from memory, readable from any origin. */
import type { Context } from "hono";
import { notModifiedFor } from "../http/cache";
import type { RouteHandler } from "../http/route";
import { LOADER_ETAG, LOADER_JS, WIDGET_JS, WIDGET_JS_PATH, WIDGET_JS_VERSION } from "./client";
import type * as routes from "./routes";

const JS_TYPE = "text/javascript; charset=utf-8";

function script(c: Context, source: string, cacheControl: string, etag: string): Response {
  const headers = {
    "Content-Type": JS_TYPE,
    "Cache-Control": cacheControl,
    ETag: etag,
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
  };
  return notModifiedFor(c, headers) ?? c.body(source, 200, headers);
}

export const loader: RouteHandler<typeof routes.loader> = async (c) =>
  script(c, LOADER_JS, "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400", LOADER_ETAG);

/** The widget script's URL names its version; an old version still gets today's script, briefly cached. */
export const widgetScript: RouteHandler<typeof routes.widgetScript> = async (c) => {
  const current = new URL(c.req.url).pathname === WIDGET_JS_PATH;
  return script(c, WIDGET_JS, current ? "public, max-age=31536000, immutable" : "public, max-age=300", `"w.${WIDGET_JS_VERSION}"`);
};
