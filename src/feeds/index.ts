/** Feeds (JSON Feed, Atom, iCalendar, TimelineJS, CSV), import and export. */
import { Hono } from "hono";
import type { AppEnv } from "../app";

export const feedRoutes = new Hono<AppEnv>();
