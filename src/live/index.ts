/**
 * Live timelines and webhooks: the revision resource and WebSocket (polling and push), the
 * webhook API, the queue consumer that delivers, and the hourly sweep. Leans on http/, db/ and
 * domain/ only.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { openDb } from "../db/client";
import type { Env } from "../env";
import { mount } from "../http/route";
import { addAfterCommit, addBatchHook } from "../http/write";
import { announceEffect, announceHook } from "./announce";
import { WEBHOOK_DLQ_NAME } from "./config";
import { deadLetterBatch, deliverBatch } from "./deliver";
import * as stream from "./stream";
import { hourly } from "./sweep";
import * as handlers from "./webhooks.handlers";
import * as routes from "./webhooks.routes";

export { TimelineRoom } from "./room";

export { HOURLY_CRON } from "./config";

// Every write of the one write path: outbox rows in its batch, then the queue and the push.
addBatchHook(announceHook);
addAfterCommit(announceEffect);

export const liveRoutes = new Hono<AppEnv>();
mount(liveRoutes, stream.getRevision, stream.revision);
mount(liveRoutes, stream.connectLive, stream.live);
mount(liveRoutes, stream.createTicket, stream.ticket);
mount(liveRoutes, routes.createWebhook, handlers.createWebhook);
mount(liveRoutes, routes.listWebhooks, handlers.listWebhooks);
mount(liveRoutes, routes.getWebhook, handlers.getWebhook);
mount(liveRoutes, routes.deleteWebhook, handlers.deleteWebhook);
mount(liveRoutes, routes.rotateWebhook, handlers.rotateWebhook);
mount(liveRoutes, routes.listDeliveries, handlers.listDeliveries);
mount(liveRoutes, routes.replayDelivery, handlers.replayDelivery);

/** The Worker's `queue` handler: webhook deliveries, and their dead letters. */
export async function liveQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === WEBHOOK_DLQ_NAME) await deadLetterBatch(batch, env);
  else await deliverBatch(batch, env);
}

/** The hourly trigger's work. */
export async function liveHourly(controller: ScheduledController, env: Env, ctx?: ExecutionContext): Promise<void> {
  await hourly(openDb(env.DB), env, new Date(controller.scheduledTime), ctx);
}
