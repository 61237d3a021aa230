/**
 * One Durable Object per live timeline: it holds the readers' WebSockets with the Hibernation API
 * (`acceptWebSocket`: no duration is billed while nobody writes) and tells every socket each new
 * revision as `{"type":"revision","revision":N}`. It keeps no storage: a socket learns the current
 * revision when it connects (the Worker passes it along), and clients ignore revisions they have.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env, LiveRoom } from "../env";

/** Header on the upgrade request forwarded by the Worker: the timeline's revision at connect time. */
export const REVISION_HEADER = "x-timeline-revision";

/** Close code telling a reader to stop reconnecting and poll instead. */
export const NOT_LIVE_CLOSE_CODE = 4000;

export function revisionMessage(revision: number): string {
  return JSON.stringify({ type: "revision", revision });
}

export class TimelineRoom extends DurableObject<Env> implements LiveRoom {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Accepts a reader's WebSocket (the Worker has checked the request) and greets it with the revision. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const revision = Number(request.headers.get(REVISION_HEADER));
    if (Number.isSafeInteger(revision) && revision > 0) server.send(revisionMessage(revision));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends `revision` to every connected reader; answers how many sockets it reached. */
  async broadcast(revision: number): Promise<number> {
    const message = revisionMessage(revision);
    let sent = 0;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(message);
        sent++;
      } catch {
        // A socket closing right now; its close handler cleans up.
      }
    }
    return sent;
  }

  /** Closes every socket: the timeline is no longer live (or no longer theirs to read). */
  async closeAll(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(NOT_LIVE_CLOSE_CODE, "the timeline is not live any more");
      } catch {
        // already closing
      }
    }
  }

  /** How many readers are connected (for tests and diagnostics). */
  async connections(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  /** Readers only listen; anything they send besides the auto-answered ping is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}
