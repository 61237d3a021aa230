import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { mount } from "../../http/route";
import * as handlers from "./timelines.handlers";
import * as routes from "./timelines.routes";

export const timelinesApi = new Hono<AppEnv>();
mount(timelinesApi, routes.listTimelines, handlers.listTimelines);
mount(timelinesApi, routes.getTimeline, handlers.getTimeline);
mount(timelinesApi, routes.createTimeline, handlers.createTimeline);
mount(timelinesApi, routes.updateTimeline, handlers.updateTimeline);
mount(timelinesApi, routes.deleteTimeline, handlers.deleteTimeline);
mount(timelinesApi, routes.restoreTimeline, handlers.restoreTimeline);
