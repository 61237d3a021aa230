/**
 * The embeddable widget, its scripts, oEmbed and the public pages, mounted from the route
 * definitions in routes.ts. Pages answer every problem as a readable HTML page to browsers and as
 * problem+json to other clients (one onError); oEmbed is an API and answers problem+json only.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { Problem } from "../http/problem";
import { mount } from "../http/route";
import { errorPage } from "./document";
import { embed } from "./embed";
import { oembed } from "./oembed";
import { landingPage, timelinePage } from "./pages";
import * as routes from "./routes";
import { loader, widgetScript } from "./scripts";
import { pagePresentation } from "../http/html/view";

const pages = new Hono<AppEnv>();
mount(pages, routes.loader, loader);
mount(pages, routes.widgetScript, widgetScript);
mount(pages, routes.embed, embed);
mount(pages, routes.timelinePage, timelinePage);
mount(pages, routes.landing, landingPage);
pages.onError((err, c) => {
  // Anything else is the app's: logged, and a 500 problem.
  if (!(err instanceof Problem)) throw err;
  // The embed's error shows inside the host's iframe, so it may be framed anywhere.
  return errorPage(c, err, { embed: c.req.path.startsWith("/embed/"), ...pagePresentation(c) });
});

export const widgetRoutes = new Hono<AppEnv>();
widgetRoutes.route("/", pages);
mount(widgetRoutes, routes.oembed, oembed);
