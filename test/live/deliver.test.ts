/**
 * The queue consumer: signed deliveries, the deliveries log, retries with backoff, 410 disabling the
 * endpoint, dead letters, and replays. The endpoint is a stand-in for `fetch`; the node-side test
 * (test/e2e/webhooks.test.ts) delivers to a real receiver through the real queue.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RETRY_DELAYS } from "../../src/domain/webhooks";
import worker from "../../src/index";
import { call, createEntry, createTimeline, json } from "../support/api";

const QUEUE = "edge-timeline-webhooks";
let messageCount = 0;

interface Hook {
  id: string;
  secret: string;
}

async function subscribe(slug: string, path: string, events = ["entry.created", "entry.updated"]): Promise<Hook> {
  const res = await call("POST", `/v1/timelines/${slug}/webhooks`, { body: { url: `https://hooks.example.org/${path}`, events } });
  if (res.status !== 201) throw new Error(await res.text());
  return json(res);
}

/** The delivery a new entry made for `hook`. */
async function newDelivery(slug: string, hook: Hook, title = "Neu") {
  const entry = await createEntry(slug, { title, start: "2024" });
  const row = await env.DB.prepare("SELECT d.event_id AS event FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.webhook_id = ? AND e.entry_id = ?")
    .bind(hook.id, entry.id)
    .first<{ event: string }>();
  return { webhook: hook.id, event: row!.event, entry };
}

/**
 * Runs the consumer on one message, as Queues would on its `attempts`-th delivery. getQueueResult
 * does not report a retry's delay, so `delays` records what the consumer asked for.
 */
async function consume(body: unknown, attempts = 1, queue = QUEUE, bindings: typeof env = env) {
  const batch = createMessageBatch(queue, [{ id: `m${++messageCount}`, timestamp: new Date(), attempts, body }]);
  const delays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

type Answer = Response | Error;
/** Stands in for the endpoint: answers in turn, records every request. */
function endpoint(...answers: Answer[]) {
  const requests: Request[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    requests.push(request);
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) throw answer;
    return answer.clone();
  });
  return { requests, spy };
}

async function deliveryState(key: { webhook: string; event: string }) {
  return env.DB.prepare("SELECT state, attempts, last_status, next_attempt_at FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?")
    .bind(key.webhook, key.event)
    .first<{ state: string; attempts: number; last_status: number | null; next_attempt_at: string | null }>();
}

afterEach(() => vi.restoreAllMocks());

describe("delivering webhooks", () => {
  beforeAll(async () => {
    await createTimeline("deliver");
  });

  it("posts the stored body, signed per Standard Webhooks, and logs the attempt", async () => {
    const hook = await subscribe("deliver", "ok");
    const key = await newDelivery("deliver", hook, "Signiert");
    const { requests } = endpoint(new Response("thanks", { status: 200 }));
    const result = await consume(key);
    expect(result.explicitAcks).toEqual([`m${messageCount}`]);
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("https://hooks.example.org/ok");
    expect(req.redirect).toBe("manual");
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(req.headers.get("webhook-id")).toBe(key.event);
    expect(Math.abs(Number(req.headers.get("webhook-timestamp")) - Date.now() / 1000)).toBeLessThan(60);
    const body = await req.text();
    const verified = new Webhook(hook.secret).verify(body, Object.fromEntries(req.headers)) as { type: string; data: { id: string } };
    expect(verified).toMatchObject({ type: "entry.created", data: { id: key.entry.id, title: "Signiert" } });
    // The entry exactly as the API showed it when it was created.
    expect(verified.data).toEqual(key.entry);

    expect(await deliveryState(key)).toMatchObject({ state: "delivered", attempts: 1, last_status: 200 });
    const log = await json(await call("GET", `/v1/timelines/deliver/webhooks/${hook.id}/deliveries`));
    const item = log.items.find((d: { id: string }) => d.id === key.event);
    expect(item).toMatchObject({ type: "entry.created", state: "delivered", attempts: 1, last_status: 200, entry_id: key.entry.id });
    expect(item.log).toEqual([{ attempt: 1, at: expect.any(String), status: 200, error: null, duration_ms: expect.any(Number) }]);
    expect(item.delivered_at).toBe(item.log[0].at);
  });

  it("retries a failure with backoff and jitter, the first within a minute, logging each attempt", async () => {
    const hook = await subscribe("deliver", "flaky");
    const key = await newDelivery("deliver", hook);
    const { requests } = endpoint(new Response("oops", { status: 503 }), new Error("connection reset"), new Response(null, { status: 302, headers: { Location: "https://elsewhere.example/" } }));
    const first = await consume(key, 1);
    expect(first.retryMessages).toHaveLength(1);
    const delay = first.delays[0]!;
    expect(delay).toBeGreaterThanOrEqual(RETRY_DELAYS[0]! * 0.75 - 1);
    expect(delay).toBeLessThanOrEqual(Math.min(60, RETRY_DELAYS[0]!));
    const state = await deliveryState(key);
    expect(state).toMatchObject({ state: "pending", attempts: 1, last_status: 503 });
    expect(Date.parse(state!.next_attempt_at!) - Date.now()).toBeLessThanOrEqual(60_000);

    const firstBody = await requests[0]!.text();
    const second = await consume(key, 2);
    expect(second.delays[0]!).toBeGreaterThan(60);
    const third = await consume(key, 3);
    expect(third.retryMessages).toHaveLength(1);
    // Every attempt signs and sends the same bytes, even after the entry changed.
    await call("PATCH", `/v1/timelines/deliver/entries/${key.entry.id}`, { body: { title: "Geändert" } });
    await consume(key, 4);
    expect(await requests[1]!.text()).toBe(firstBody);
    expect(await requests[3]!.text()).toBe(firstBody);
    expect(JSON.parse(firstBody).data.title).toBe("Neu");
    const log = (await json(await call("GET", `/v1/timelines/deliver/webhooks/${hook.id}/deliveries`))).items.find((d: { id: string }) => d.id === key.event).log;
    expect(log.map((a: { status: number | null; error: string }) => [a.status, a.error])).toEqual([
      [503, "answered HTTP 503"],
      [null, expect.stringContaining("connection reset")],
      [302, "redirects are not followed"],
      [302, "redirects are not followed"],
    ]);
  });

  it("fails the delivery once the schedule is spent, and a replay sends it again with the same webhook-id", async () => {
    const hook = await subscribe("deliver", "down");
    const key = await newDelivery("deliver", hook);
    endpoint(new Response(null, { status: 500 }));
    const last = await consume(key, RETRY_DELAYS.length + 1);
    expect(last.retryMessages).toEqual([]);
    expect(last.explicitAcks).toHaveLength(1);
    expect(await deliveryState(key)).toMatchObject({ state: "failed", next_attempt_at: null });

    const send = vi.spyOn(env.WEBHOOK_QUEUE, "sendBatch");
    const replay = await call("POST", `/v1/timelines/deliver/webhooks/${hook.id}/deliveries/${key.event}/replay`);
    expect(replay.status).toBe(202);
    expect(await json(replay)).toMatchObject({ id: key.event, state: "pending" });
    expect(send).toHaveBeenCalledWith([{ body: { webhook: key.webhook, event: key.event }, contentType: "json" }]);
    expect((await call("POST", `/v1/timelines/deliver/webhooks/${hook.id}/deliveries/${key.event}/replay`)).status).toBe(409);

    vi.mocked(globalThis.fetch).mockRestore();
    const { requests } = endpoint(new Response(null, { status: 204 }));
    const result = await consume(key, 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect(requests[0]!.headers.get("webhook-id")).toBe(key.event);
    expect(await deliveryState(key)).toMatchObject({ state: "delivered", attempts: 2 });
  });

  it("disables the endpoint on 410 Gone: nothing more is sent to it", async () => {
    await createTimeline("gone");
    const hook = await subscribe("gone", "gone");
    const first = await newDelivery("gone", hook, "Eins");
    const second = await newDelivery("gone", hook, "Zwei");
    const { requests } = endpoint(new Response(null, { status: 410 }));
    expect((await consume(first)).explicitAcks).toHaveLength(1);
    const read = await json(await call("GET", `/v1/timelines/gone/webhooks/${hook.id}`));
    expect(read.disabled_at).not.toBeNull();
    expect(read.disabled_reason).toMatch(/410/);
    expect(await deliveryState(first)).toMatchObject({ state: "failed", last_status: 410 });
    expect(await deliveryState(second)).toMatchObject({ state: "failed" });
    await consume(second);
    expect(requests).toHaveLength(1);
    // New writes store no deliveries for it, and it cannot be replayed into.
    const entry = await createEntry("gone", { title: "Drei", start: "2024" });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM webhook_events WHERE entry_id = ?").bind(entry.id).first<{ n: number }>())!.n).toBe(0);
    expect((await call("POST", `/v1/timelines/gone/webhooks/${hook.id}/deliveries/${first.event}/replay`)).status).toBe(409);
  });

  it("signs with the old secret too while a rotation overlaps", async () => {
    const hook = await subscribe("deliver", "rotating");
    const rotated = await json(await call("POST", `/v1/timelines/deliver/webhooks/${hook.id}/rotate`));
    const key = await newDelivery("deliver", hook);
    const { requests } = endpoint(new Response(null, { status: 200 }));
    await consume(key);
    const req = requests[0]!;
    const body = await req.text();
    const headers = Object.fromEntries(req.headers);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(hook.secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(body, headers)).not.toThrow();
  });

  it("sends nothing for a deleted endpoint and ends its deliveries", async () => {
    const hook = await subscribe("deliver", "deleted");
    const key = await newDelivery("deliver", hook);
    expect((await call("DELETE", `/v1/timelines/deliver/webhooks/${hook.id}`)).status).toBe(204);
    const { requests } = endpoint(new Response(null, { status: 200 }));
    expect((await consume(key)).explicitAcks).toHaveLength(1);
    expect(requests).toHaveLength(0);
    expect(await deliveryState(key)).toMatchObject({ state: "failed" });
  });

  it("marks dead-lettered messages failed, and drops messages that name nothing", async () => {
    const hook = await subscribe("deliver", "dead");
    const key = await newDelivery("deliver", hook);
    const result = await consume(key, 21, "edge-timeline-webhooks-dlq");
    expect(result.ackAll).toBe(true);
    expect(await deliveryState(key)).toMatchObject({ state: "failed" });
    const junk = await consume({ nonsense: true });
    expect(junk.explicitAcks).toHaveLength(1);
  });

  it("retries later when the consumer itself fails", async () => {
    const hook = await subscribe("deliver", "db-down");
    const key = await newDelivery("deliver", hook);
    const broken = { ...env, DB: { ...env.DB, prepare: () => { throw new Error("D1_ERROR: Network connection lost"); } } } as unknown as typeof env;
    const result = await consume(key, 1, QUEUE, broken);
    expect(result.retryMessages).toHaveLength(1);
    expect(result.delays).toEqual([60]);
  });
});
