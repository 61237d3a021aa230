/** Definitions of the webhook routes: inputs, answers, documentation. */
import * as z from "zod/mini";
import { UUID_PATTERN } from "../domain/ids";
import { LIMITS } from "../domain/limits";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../domain/webhooks";
import { defineRoute } from "../http/route";
import { json, problems, SlugParams } from "../http/schemas/common";
import { meta } from "../http/schemas/fields";
import { Slug } from "../http/schemas/timeline";

const tags = ["Webhooks"];

const Id = (what: string) => z.string().check(z.regex(UUID_PATTERN, `is not ${what}`));
const WebhookParams = z.object({ slug: Slug, id: Id("a webhook id") });
const DeliveryParams = z.object({ slug: Slug, id: Id("a webhook id"), delivery_id: Id("a delivery id") });

export const WebhookCreate = meta(
  z.strictObject({
    url: meta(z.string().check(z.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`)), {
      description:
        "Where to POST events: https only; literal private, loopback and link-local addresses and internal names are refused. Redirects are not followed.",
      examples: ["https://hooks.example.org/edge-timeline"],
    }),
    events: z.pipe(
      z
        .array(z.enum(WEBHOOK_EVENT_TYPES))
        .check(z.minLength(1, "must name at least one event type"), z.maxLength(10, "may name at most 10 event types")),
      z.transform((list: WebhookEventType[]) => [...new Set(list)]),
    ),
  }),
  { id: "WebhookCreate" },
);

const WebhookJson = meta(
  z.object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    created_at: z.string(),
    disabled_at: meta(z.nullable(z.string()), { description: "Set when the endpoint answered 410 Gone; nothing more is sent." }),
    disabled_reason: z.nullable(z.string()),
    previous_secret_expires_at: meta(z.nullable(z.string()), {
      description: "After a rotation, messages are signed with the old secret too until this time.",
    }),
    links: z.record(z.string(), z.string()),
  }),
  { id: "Webhook" },
);

const WebhookWithSecret = meta(
  z.extend(WebhookJson, {
    secret: meta(z.string(), { description: "The signing secret (`whsec_…`). Shown only now.", examples: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] }),
  }),
  { id: "WebhookWithSecret" },
);

const AttemptJson = z.object({
  attempt: z.number(),
  at: z.string(),
  status: meta(z.nullable(z.number()), { description: "The endpoint's HTTP status; null when it did not answer." }),
  error: z.nullable(z.string()),
  duration_ms: z.number(),
});

export const DeliveryJson = meta(
  z.object({
    id: meta(z.string(), { description: "The event's id: the `webhook-id` header of every attempt." }),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    entry_id: z.nullable(z.string()),
    created_at: z.string(),
    state: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number(),
    last_status: z.nullable(z.number()),
    last_attempt_at: z.nullable(z.string()),
    next_attempt_at: z.nullable(z.string()),
    delivered_at: z.nullable(z.string()),
    log: z.array(AttemptJson),
  }),
  { id: "WebhookDelivery" },
);

export const createWebhook = defineRoute({
  method: "post",
  operationId: "createWebhook",
  path: "/v1/timelines/{slug}/webhooks",
  tags,
  summary: "Subscribe an endpoint to the timeline's events (the secret is shown once)",
  description:
    "Deliveries follow Standard Webhooks: a JSON body `{type, timestamp, data}` with headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">`). Admins and editors of the timeline only.",
  auth: true,
  params: SlugParams,
  body: WebhookCreate,
  responses: {
    201: json(WebhookWithSecret, "Created"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
    415: problems[415],
  },
});

export const listWebhooks = defineRoute({
  method: "get",
  operationId: "listWebhooks",
  path: "/v1/timelines/{slug}/webhooks",
  tags,
  summary: "List the timeline's webhooks (without secrets)",
  auth: true,
  params: SlugParams,
  responses: { 200: json(z.object({ items: z.array(WebhookJson) }), "Webhooks"), 401: problems[401], 403: problems[403], 404: problems[404] },
});

export const getWebhook = defineRoute({
  method: "get",
  operationId: "getWebhook",
  path: "/v1/timelines/{slug}/webhooks/{id}",
  tags,
  summary: "Read a webhook (without its secret)",
  auth: true,
  params: WebhookParams,
  responses: { 200: json(WebhookJson, "The webhook"), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
});

export const deleteWebhook = defineRoute({
  method: "delete",
  operationId: "deleteWebhook",
  path: "/v1/timelines/{slug}/webhooks/{id}",
  tags,
  summary: "Delete a webhook; its pending deliveries stop",
  auth: true,
  params: WebhookParams,
  responses: { 204: { description: "Deleted" }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
});

export const rotateWebhook = defineRoute({
  method: "post",
  operationId: "rotateWebhookSecret",
  path: "/v1/timelines/{slug}/webhooks/{id}/rotate",
  tags,
  summary: "Replace the signing secret; the old one keeps signing alongside for a day",
  auth: true,
  params: WebhookParams,
  responses: { 200: json(WebhookWithSecret, "The new secret (shown once)"), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
});

export const listDeliveries = defineRoute({
  method: "get",
  operationId: "listWebhookDeliveries",
  path: "/v1/timelines/{slug}/webhooks/{id}/deliveries",
  tags,
  summary: "The deliveries log: each event sent to this endpoint, newest first, with every attempt",
  auth: true,
  params: WebhookParams,
  query: z.object({
    limit: z._default(
      z.coerce.number({ error: "must be a whole number from 1 to 100" }).check(
        z.refine(Number.isInteger, "must be a whole number from 1 to 100"),
        z.gte(1, "must be a whole number from 1 to 100"),
        z.lte(100, "must be a whole number from 1 to 100"),
      ),
      50,
    ),
    cursor: z.optional(Id("a cursor this service issued")),
  }),
  responses: {
    200: json(z.object({ items: z.array(DeliveryJson), next_cursor: z.nullable(z.string()) }), "Deliveries"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
  },
});

export const replayDelivery = defineRoute({
  method: "post",
  operationId: "replayWebhookDelivery",
  path: "/v1/timelines/{slug}/webhooks/{id}/deliveries/{delivery_id}/replay",
  tags,
  summary: "Send a finished (typically failed) delivery again, with the same webhook-id",
  auth: true,
  params: DeliveryParams,
  responses: {
    202: json(DeliveryJson, "Queued again"),
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    409: problems[409],
  },
});
