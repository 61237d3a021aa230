/** Import and export: the lossless `edge-timeline/1` backup, TimelineJS JSON and sheets. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { mount } from "../http/route";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const transferRoutes = new Hono<AppEnv>();
mount(transferRoutes, routes.exportTimeline, handlers.exportTimeline);
mount(transferRoutes, routes.importEntries, handlers.importEntries);
