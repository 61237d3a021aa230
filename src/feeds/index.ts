/** Feeds: JSON Feed, Atom, iCalendar, TimelineJS, CSV. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { mount } from "../http/route";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const feedRoutes = new Hono<AppEnv>();
mount(feedRoutes, routes.jsonFeed, handlers.jsonFeed);
mount(feedRoutes, routes.atomFeed, handlers.atomFeed);
mount(feedRoutes, routes.calendar, handlers.calendar);
mount(feedRoutes, routes.timelineJs, handlers.timelineJs);
mount(feedRoutes, routes.csv, handlers.csv);
