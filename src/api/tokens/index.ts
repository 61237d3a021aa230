import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { mount } from "../../http/route";
import * as handlers from "./tokens.handlers";
import * as routes from "./tokens.routes";

export const tokensApi = new Hono<AppEnv>();
mount(tokensApi, routes.createToken, handlers.createToken);
mount(tokensApi, routes.listTokens, handlers.listTokens);
mount(tokensApi, routes.revokeToken, handlers.revokeToken);
