/** Webhook handlers: thin; rules in domain/ (events, URLs, signatures), storage in db/. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { uuidv7 } from "../domain/ids";
import { LIMITS } from "../domain/limits";
import { checkWebhookUrl } from "../domain/webhook-url";
import { newWebhookSecret } from "../domain/webhook-signature";
import {
  deleteWebhook as storeDeletion,
  findDelivery,
  findWebhook,
  insertWebhook,
  listDeliveries as queryDeliveries,
  listWebhooks as queryWebhooks,
  reopenDelivery,
  rotateWebhookSecret,
  type Webhook,
} from "../db/webhooks";
import { enqueueDeliveries } from "./announce";
import { authorize } from "../http/auth";
import { PRIVATE_CACHE_CONTROL } from "../http/cache";
import { publicOrigin } from "../http/origin";
import { Problem } from "../http/problem";
import type { RouteHandler } from "../http/route";
import { writableTimeline } from "../http/timeline-access";
import { validationProblem } from "../http/validation";
import { urlRules } from "./settings";
import type * as routes from "./webhooks.routes";

/** How long a rotated-out secret keeps signing beside the new one. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const noStore = { "Cache-Control": PRIVATE_CACHE_CONTROL };

function webhookJson(c: Context<AppEnv>, slug: string, w: Webhook) {
  const base = `${publicOrigin(c)}/v1/timelines/${slug}/webhooks/${w.id}`;
  const overlap = w.previousSecretUntil && w.previousSecretUntil > c.var.now.toISOString() ? w.previousSecretUntil : null;
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    created_at: w.createdAt,
    disabled_at: w.disabledAt,
    disabled_reason: w.disabledReason,
    previous_secret_expires_at: overlap,
    links: { self: base, deliveries: `${base}/deliveries`, rotate: `${base}/rotate` },
  };
}

function webhookNotFound(slug: string, id: string): Problem {
  return new Problem("not-found", `Timeline "${slug}" has no webhook ${id}.`);
}

/** The timeline and its webhook `id`, for a caller allowed to manage its webhooks. */
async function managedWebhook(c: Context<AppEnv>, slug: string, id: string) {
  await authorize(c, "webhook:manage", slug);
  const timeline = await writableTimeline(c, slug);
  const hook = await findWebhook(c.var.db, timeline.id, id);
  if (!hook) throw webhookNotFound(slug, id);
  return { timeline, hook };
}

export const createWebhook: RouteHandler<typeof routes.createWebhook> = async (c, { params, body }) => {
  const who = await authorize(c, "webhook:manage", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const verdict = checkWebhookUrl(body.url, urlRules(c.env));
  if (!verdict.ok) throw validationProblem([{ pointer: "/url", detail: verdict.reason }]);
  const existing = await queryWebhooks(c.var.db, timeline.id);
  if (existing.length >= LIMITS.webhooksPerTimeline) {
    throw new Problem("conflict", `Timeline "${params.slug}" already has ${existing.length} webhooks, the most it may have; delete one first.`);
  }
  const secret = newWebhookSecret();
  const hook = await insertWebhook(c.var.db, {
    id: uuidv7(),
    timelineId: timeline.id,
    url: verdict.url,
    events: body.events,
    secret,
    createdAt: c.var.now.toISOString(),
    createdBy: who.id,
  });
  const json = { ...webhookJson(c, params.slug, hook), secret };
  return c.json(json, 201, { ...noStore, Location: json.links.self });
};

export const listWebhooks: RouteHandler<typeof routes.listWebhooks> = async (c, { params }) => {
  await authorize(c, "webhook:manage", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const hooks = await queryWebhooks(c.var.db, timeline.id);
  return c.json({ items: hooks.map((w) => webhookJson(c, params.slug, w)) }, 200, noStore);
};

export const getWebhook: RouteHandler<typeof routes.getWebhook> = async (c, { params }) => {
  const { hook } = await managedWebhook(c, params.slug, params.id);
  return c.json(webhookJson(c, params.slug, hook), 200, noStore);
};

export const deleteWebhook: RouteHandler<typeof routes.deleteWebhook> = async (c, { params }) => {
  const { hook } = await managedWebhook(c, params.slug, params.id);
  await storeDeletion(c.var.db, hook.id, c.var.now.toISOString());
  return c.body(null, 204);
};

export const rotateWebhook: RouteHandler<typeof routes.rotateWebhook> = async (c, { params }) => {
  const { hook } = await managedWebhook(c, params.slug, params.id);
  const secret = newWebhookSecret();
  const until = new Date(c.var.now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const rotated = await rotateWebhookSecret(c.var.db, hook, secret, until);
  return c.json({ ...webhookJson(c, params.slug, rotated), secret }, 200, noStore);
};

export const listDeliveries: RouteHandler<typeof routes.listDeliveries> = async (c, { params, query }) => {
  const { hook } = await managedWebhook(c, params.slug, params.id);
  const page = await queryDeliveries(c.var.db, hook.id, { before: query.cursor ?? null, limit: query.limit });
  const last = page.items.at(-1);
  return c.json({ items: page.items, next_cursor: page.more && last ? last.id : null }, 200, noStore);
};

export const replayDelivery: RouteHandler<typeof routes.replayDelivery> = async (c, { params }) => {
  const { hook } = await managedWebhook(c, params.slug, params.id);
  if (hook.disabledAt) {
    throw new Problem("conflict", `Webhook ${hook.id} is disabled (${hook.disabledReason ?? "answered 410 Gone"}); create a new one to receive events again.`);
  }
  const key = { webhook: hook.id, event: params.delivery_id };
  const delivery = await findDelivery(c.var.db, hook.id, params.delivery_id);
  if (!delivery) throw new Problem("not-found", `Webhook ${hook.id} has no delivery ${params.delivery_id}.`);
  const now = c.var.now.toISOString();
  if (!(await reopenDelivery(c.var.db, key, now))) {
    throw new Problem("conflict", `Delivery ${params.delivery_id} is still being attempted; it can be replayed once it has succeeded or failed.`);
  }
  const recorded = await enqueueDeliveries(c.env, c.var.db, [key], now);
  if (recorded) c.executionCtx.waitUntil(recorded);
  return c.json({ ...delivery, state: "pending" as const, next_attempt_at: now }, 202, noStore);
};
