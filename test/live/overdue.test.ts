/** The hourly cron's overdue alerts: once and only once per commitment and due date. */
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { dueTextRange } from "../../src/domain/overdue";
import { openDb } from "../../src/db/client";
import { overdueCandidatesQuery } from "../../src/db/overdue";
import worker from "../../src/index";
import { call, createEntry, createTimeline, json } from "../support/api";

const HOURLY = "7 * * * *";
const HOUR = 3_600_000;
/** 31 March 2025 ends in Berlin (CEST, UTC+2) at 22:00 UTC. */
const END_OF_MARCH_BERLIN = Date.UTC(2025, 2, 31, 22);

async function hourly(at: number) {
  await worker.scheduled(createScheduledController({ cron: HOURLY, scheduledTime: at }), env);
}

async function overdueEvents(entryId: string) {
  const { results } = await env.DB.prepare(
    "SELECT e.id, e.created_at, json_extract(r.snapshot, '$.commitment.due') AS due FROM webhook_events e JOIN entry_revisions r ON r.entry_id = e.entry_id AND r.revision = e.entry_revision WHERE e.type = 'commitment.overdue' AND e.entry_id = ? ORDER BY e.id",
  )
    .bind(entryId)
    .all<{ id: string; created_at: string; due: string }>();
  return results;
}

/** Delivers one event to a stand-in endpoint and answers the body it received. */
async function deliveredBody(webhook: string, event: string) {
  let body = "";
  const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
    body = String(init?.body);
    return new Response(null, { status: 204 });
  });
  const batch = createMessageBatch("edge-timeline-webhooks", [{ id: event, timestamp: new Date(), attempts: 1, body: { webhook, event } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  await getQueueResult(batch, ctx);
  fetchSpy.mockRestore();
  return JSON.parse(body);
}

const commitment = (due: string, status = "announced") => ({ kind: "commitment", title: `Due ${due}`, start: "2024-11-26", commitment: { status, due } });

describe("overdue alerts", () => {
  let hook: string;

  beforeAll(async () => {
    await createTimeline("pledges", { time_zone: "Europe/Berlin" });
    const res = await call("POST", "/v1/timelines/pledges/webhooks", { body: { url: "https://hooks.example.org/overdue", events: ["commitment.overdue"] } });
    hook = (await json(res)).id;
  });

  it("fires commitment.overdue once the due period has passed in the timeline's zone, once only", async () => {
    const entry = await createEntry("pledges", commitment("2025-03-31"));
    await hourly(END_OF_MARCH_BERLIN - 10 * 60_000); // 23:50 in Berlin: not yet
    expect(await overdueEvents(entry.id)).toEqual([]);

    await hourly(END_OF_MARCH_BERLIN + 7 * 60_000);
    const [event, ...more] = await overdueEvents(entry.id);
    expect(more).toEqual([]);
    expect(event!.created_at).toBe(new Date(END_OF_MARCH_BERLIN + 7 * 60_000).toISOString());
    const delivery = await env.DB.prepare("SELECT state, enqueued_at FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?").bind(hook, event!.id).first<{ state: string; enqueued_at: string }>();
    expect(delivery).toMatchObject({ state: "pending", enqueued_at: expect.any(String) });
    // The body shows the commitment as the API did at that hour: overdue.
    expect(await deliveredBody(hook, event!.id)).toMatchObject({
      type: "commitment.overdue",
      timestamp: event!.created_at,
      data: { id: entry.id, commitment: { due: "2025-03-31", overdue: true } },
    });

    for (const later of [1, 2, 5, 24, 47]) await hourly(END_OF_MARCH_BERLIN + later * HOUR + 7 * 60_000);
    expect(await overdueEvents(entry.id)).toHaveLength(1);
  });

  it("fires once when two sweeps run at the same moment", async () => {
    const entry = await createEntry("pledges", commitment("2025-03-30"));
    const at = END_OF_MARCH_BERLIN - 24 * HOUR + 7 * 60_000;
    await Promise.all([hourly(at), hourly(at), hourly(at + HOUR)]);
    expect(await overdueEvents(entry.id)).toHaveLength(1);
  });

  it("fires again for a changed due date", async () => {
    const entry = await createEntry("pledges", commitment("2025-02"));
    const endOfFebruary = Date.UTC(2025, 1, 28, 23); // CET, UTC+1
    await hourly(endOfFebruary + 7 * 60_000);
    expect(await overdueEvents(entry.id)).toHaveLength(1);
    expect((await call("PATCH", `/v1/timelines/pledges/entries/${entry.id}`, { body: { commitment: { due: "2025-03-31" } } })).status).toBe(200);
    await hourly(END_OF_MARCH_BERLIN + 7 * 60_000);
    const events = await overdueEvents(entry.id);
    expect(events.map((e) => e.due)).toEqual(["2025-02", "2025-03-31"]);
  });

  it("stays quiet for fulfilled, withdrawn, deleted, draft and long-overdue commitments", async () => {
    const fulfilled = await createEntry("pledges", commitment("2025-03-31", "fulfilled"));
    const withdrawn = await createEntry("pledges", commitment("2025-03-31", "withdrawn"));
    const deleted = await createEntry("pledges", commitment("2025-03-31"));
    await call("DELETE", `/v1/timelines/pledges/entries/${deleted.id}`);
    const ancient = await createEntry("pledges", commitment("2020"));
    const draft = await createEntry("pledges", { ...commitment("2025-03-31"), draft: true });
    const settledInTime = await createEntry("pledges", commitment("2025-03-31"));
    await call("PATCH", `/v1/timelines/pledges/entries/${settledInTime.id}`, { body: { commitment: { status: "fulfilled" } } });
    await hourly(END_OF_MARCH_BERLIN + 7 * 60_000);
    for (const entry of [fulfilled, withdrawn, deleted, ancient, settledInTime, draft]) expect(await overdueEvents(entry.id), entry.title).toEqual([]);
  });

  it("records the alert without subscribers, so a later webhook does not hear of it again", async () => {
    await createTimeline("unheard", { time_zone: "UTC" });
    const entry = await createEntry("unheard", commitment("2025-03-31"));
    await hourly(Date.UTC(2025, 3, 1, 0, 7));
    expect(await overdueEvents(entry.id)).toEqual([]);
    const alert = await env.DB.prepare("SELECT due FROM overdue_alerts WHERE entry_id = ?").bind(entry.id).first<{ due: string }>();
    expect(alert).toEqual({ due: "2025-03-31" });
    await call("POST", "/v1/timelines/unheard/webhooks", { body: { url: "https://hooks.example.org/late", events: ["commitment.overdue"] } });
    await hourly(Date.UTC(2025, 3, 1, 1, 7));
    expect(await overdueEvents(entry.id)).toEqual([]);
  });

  it("reads candidates through the due-date index", async () => {
    const now = Date.UTC(2025, 3, 1);
    const query = overdueCandidatesQuery(openDb(env.DB), dueTextRange(now - 48 * HOUR, now), 100).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>();
    expect(results.map((r) => r.detail).join("\n")).toMatch(/USING INDEX entries_due/);
  });
});
