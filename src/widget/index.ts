/** The embeddable widget, its loader, oEmbed and the public pages. */
import { Hono } from "hono";
import type { AppEnv } from "../app";

export const widgetRoutes = new Hono<AppEnv>();
