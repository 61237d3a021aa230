import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { mount } from "../../http/route";
import * as handlers from "./entries.handlers";
import * as routes from "./entries.routes";

export const entriesApi = new Hono<AppEnv>();
mount(entriesApi, routes.listEntries, handlers.listEntries);
mount(entriesApi, routes.getEntry, handlers.getEntry);
mount(entriesApi, routes.createEntry, handlers.createEntry);
mount(entriesApi, routes.updateEntry, handlers.updateEntry);
mount(entriesApi, routes.deleteEntry, handlers.deleteEntry);
mount(entriesApi, routes.restoreEntry, handlers.restoreEntry);
mount(entriesApi, routes.listRevisions, handlers.listRevisions);
mount(entriesApi, routes.uploadMedia, handlers.uploadMedia);
mount(entriesApi, routes.putTranslation, handlers.putTranslation);
mount(entriesApi, routes.deleteTranslation, handlers.deleteTranslation);
