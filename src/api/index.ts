/** The JSON API under /v1. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { entriesApi } from "./entries";
import { mediaRoutes } from "./media";
import { timelinesApi } from "./timelines";
import { tokensApi } from "./tokens";

export const api = new Hono<AppEnv>().route("/", timelinesApi).route("/", entriesApi).route("/", tokensApi).route("/", mediaRoutes);
