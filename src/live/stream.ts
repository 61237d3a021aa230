/**
 * How readers learn that a timeline changed. Polling: `GET …/revision`, a tiny JSON that shared
 * caches answer (purged on every write, briefly cached otherwise). Push, for timelines marked
 * `live`: `GET …/live` upgrades to a WebSocket held by the timeline's Durable Object, which sends
 * `{"type":"revision","revision":N}` after each write. A private timeline's socket needs a bearer
 * token or a ticket from `POST …/live/tickets` (browsers cannot set headers on a WebSocket).
 */
import * as z from "zod/mini";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { can } from "../domain/auth";
import { issueTicket, TICKET_TTL_MS, ticketValid } from "../domain/live-ticket";
import type { Timeline } from "../domain/timeline";
import { findTimeline } from "../db/timelines";
import { liveRoom } from "./announce";
import { authorize, principal } from "../http/auth";
import { cacheTag, matchesIfNoneMatch, PRIVATE_CACHE_CONTROL } from "../http/cache";
import { publicOrigin } from "../http/origin";
import { Problem } from "../http/problem";
import { defineRoute, type RouteHandler } from "../http/route";
import { readableTimeline, timelineNotFound, writableTimeline } from "../http/timeline-access";
import { json, notModified, problems, SlugParams } from "../http/schemas/common";
import { meta } from "../http/schemas/fields";
import { REVISION_HEADER } from "./room";

/**
 * Browsers may reuse an answer for 5 s, shared caches for 10 s (and every write purges them), so a
 * polling widget sees a change within its polling interval plus at most 15 s, even where a purge
 * failed.
 */
export const REVISION_CACHE_CONTROL = "public, max-age=5, s-maxage=10";

const tags = ["Live"];

const RevisionJson = meta(
  z.object({
    revision: meta(z.number(), { description: "Grows with every write to the timeline or its entries." }),
    live: meta(z.boolean(), { description: "Whether `GET …/live` pushes new revisions." }),
  }),
  { id: "TimelineRevision" },
);

export const getRevision = defineRoute({
  method: "get",
  operationId: "getRevision",
  auth: "optional",
  path: "/v1/timelines/{slug}/revision",
  tags,
  summary: "The timeline's current revision: what polling widgets ask",
  description: `Small and cacheable (\`${REVISION_CACHE_CONTROL}\`, ETag, purged on every write); send \`If-None-Match\` to get 304 while nothing changed.`,
  params: SlugParams,
  responses: { 200: json(RevisionJson, "The revision"), 304: notModified, 404: problems[404] },
});

export const connectLive = defineRoute({
  method: "get",
  operationId: "connectLive",
  auth: "optional",
  path: "/v1/timelines/{slug}/live",
  tags,
  summary: "WebSocket: a message after each write to a live timeline",
  description:
    'Upgrade with `Upgrade: websocket`. The server sends `{"type":"revision","revision":N}` on connect and after each acknowledged write; send `ping` to get `pong`. Only for timelines with `live: true`. A private timeline needs `Authorization: Bearer …` or `?ticket=` from `POST …/live/tickets`. Clients should reconnect with backoff and poll `…/revision` meanwhile; close code 4000 means the timeline is no longer live.',
  params: SlugParams,
  query: z.object({ ticket: z.optional(z.string().check(z.maxLength(100, "is not a ticket this service issued"))) }),
  responses: {
    101: { description: "Switching protocols: the WebSocket" },
    404: problems[404],
    426: { description: "Not a WebSocket upgrade request", schema: problems[400].schema },
  },
});

export const createTicket = defineRoute({
  method: "post",
  operationId: "createLiveTicket",
  path: "/v1/timelines/{slug}/live/tickets",
  tags,
  summary: "A ticket that opens a private live timeline's WebSocket within a minute",
  auth: true,
  params: SlugParams,
  responses: {
    201: json(z.object({ ticket: z.string(), expires_at: z.string(), url: z.string() }), "The ticket and the socket URL that carries it"),
    401: problems[401],
    403: problems[403],
    404: problems[404],
  },
});

export const revision: RouteHandler<typeof getRevision> = async (c, { params }) => {
  const timeline = await readableTimeline(c, params.slug);
  const body = JSON.stringify({ revision: timeline.revision, live: timeline.live });
  const etag = `"r${timeline.revision}${timeline.live ? "l" : ""}"`;
  const headers: Record<string, string> =
    timeline.visibility === "private"
      ? { "Cache-Control": PRIVATE_CACHE_CONTROL, Vary: "Authorization", ETag: etag }
      : {
          "Cache-Control": REVISION_CACHE_CONTROL,
          "Cache-Tag": cacheTag(timeline.slug),
          ETag: etag,
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Expose-Headers": "ETag",
        };
  if (matchesIfNoneMatch(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
};

function liveUrl(c: Context<AppEnv>, slug: string): string {
  return `${publicOrigin(c).replace(/^http/, "ws")}/v1/timelines/${slug}/live`;
}

/** Whether this request may listen to `timeline`: anyone for public and unlisted ones. */
async function mayListen(c: Context<AppEnv>, timeline: Timeline, ticket: string | undefined): Promise<boolean> {
  if (timeline.visibility !== "private") return true;
  if (ticket) return ticketValid(c.env.ADMIN_TOKEN, timeline.slug, ticket, c.var.now.getTime());
  return can(await principal(c), "timeline:read-private", timeline.slug);
}

export const live: RouteHandler<typeof connectLive> = async (c, { params, query }) => {
  const { slug } = params;
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new Problem("upgrade-required", `Connect with a WebSocket client (Upgrade: websocket), or poll GET /v1/timelines/${slug}/revision.`, {
      headers: { Upgrade: "websocket" },
    });
  }
  const timeline = await findTimeline(c.var.db, slug);
  if (!timeline || timeline.deleted_at || !(await mayListen(c, timeline, query.ticket))) throw timelineNotFound(slug);
  if (!timeline.live) {
    throw new Problem("not-found", `Timeline "${slug}" is not live; poll GET /v1/timelines/${slug}/revision instead (or set "live": true).`);
  }
  const upgrade = new Request(c.req.url, { headers: { Upgrade: "websocket", [REVISION_HEADER]: String(timeline.revision) } });
  const res = await liveRoom(c.env, slug).fetch(upgrade);
  // A fresh response: the app's middleware adds headers, and a fetched response's are immutable.
  return new Response(null, { status: res.status, webSocket: res.webSocket });
};

export const ticket: RouteHandler<typeof createTicket> = async (c, { params }) => {
  await authorize(c, "timeline:read-private", params.slug);
  const timeline = await writableTimeline(c, params.slug);
  const expires = c.var.now.getTime() + TICKET_TTL_MS;
  const value = await issueTicket(c.env.ADMIN_TOKEN, timeline.slug, expires);
  return c.json(
    { ticket: value, expires_at: new Date(expires).toISOString(), url: `${liveUrl(c, timeline.slug)}?ticket=${encodeURIComponent(value)}` },
    201,
    { "Cache-Control": PRIVATE_CACHE_CONTROL },
  );
};
