/**
 * The outbox: a write's events are stored in the write's own batch, sent to the queue after the
 * commit, and swept up by the hourly cron when the send did not happen.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { call, createEntry, createTimeline, json } from "../support/api";

const HOURLY = "7 * * * *";

interface EventRow {
  id: string;
  type: string;
  entry_id: string;
  entry_revision: number;
  payload: string | null;
}

async function eventsOf(entryId: string): Promise<EventRow[]> {
  const { results } = await env.DB.prepare("SELECT id, type, entry_id, entry_revision, payload FROM webhook_events WHERE entry_id = ? ORDER BY id")
    .bind(entryId)
    .all<EventRow>();
  return results;
}

/** The saved state an event names: what its body will show. */
async function snapshotOf(event: EventRow) {
  const row = await env.DB.prepare("SELECT snapshot FROM entry_revisions WHERE entry_id = ? AND revision = ?").bind(event.entry_id, event.entry_revision).first<{ snapshot: string }>();
  return JSON.parse(row!.snapshot);
}

async function deliveriesOf(eventId: string) {
  const { results } = await env.DB.prepare("SELECT webhook_id, state, enqueued_at FROM webhook_deliveries WHERE event_id = ?").bind(eventId).all<{
    webhook_id: string;
    state: string;
    enqueued_at: string | null;
  }>();
  return results;
}

async function subscribe(slug: string, events: string[]): Promise<string> {
  const res = await call("POST", `/v1/timelines/${slug}/webhooks`, { body: { url: `https://hooks.example.org/${slug}`, events } });
  if (res.status !== 201) throw new Error(await res.text());
  return (await json(res)).id;
}

/** Waits for the after-commit work a response left running (waitUntil). */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const value = await read();
    if (accept(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

afterEach(() => vi.restoreAllMocks());

describe("outbox", () => {
  let all: string;
  let createdOnly: string;

  beforeAll(async () => {
    await createTimeline("outbox");
    all = await subscribe("outbox", ["entry.created", "entry.updated", "entry.deleted", "commitment.status_changed", "commitment.overdue"]);
    createdOnly = await subscribe("outbox", ["entry.created"]);
    await createTimeline("quiet");
  });

  it("stores entry.created naming the saved revision (a small row), one delivery per subscribed endpoint, sent to the queue", async () => {
    const entry = await createEntry("outbox", { title: "Gipfel", start: "2024-11-26", tags: ["G7"] });
    const [event] = await eventsOf(entry.id);
    expect(event).toMatchObject({ type: "entry.created", entry_id: entry.id, entry_revision: 1, payload: null });
    expect(await snapshotOf(event!)).toMatchObject({ id: entry.id, title: "Gipfel", revision: 1 });
    const deliveries = await eventually(() => deliveriesOf(event!.id), (d) => d.every((x) => x.enqueued_at !== null));
    expect(deliveries.map((d) => d.webhook_id).sort()).toEqual([all, createdOnly].sort());
    expect(deliveries.every((d) => d.state === "pending" && d.enqueued_at !== null)).toBe(true);
  });

  it("fires updated, status_changed, deleted and (on restore) created, each only to endpoints that want it", async () => {
    const entry = await createEntry("outbox", { kind: "commitment", title: "Fonds", start: "2024-11-26", commitment: { status: "announced", due: "2030" } });
    const path = `/v1/timelines/outbox/entries/${entry.id}`;
    expect((await call("PATCH", path, { body: { title: "Fonds (neu)" } })).status).toBe(200);
    expect((await call("PATCH", path, { body: { commitment: { status: "in_progress" } } })).status).toBe(200);
    expect((await call("DELETE", path)).status).toBe(204);
    expect((await call("POST", `${path}/restore`)).status).toBe(200);
    const events = await eventsOf(entry.id);
    expect(events.map((e) => e.type)).toEqual([
      "entry.created",
      "entry.updated",
      "entry.updated",
      "commitment.status_changed",
      "entry.deleted",
      "entry.created",
    ]);
    expect(events.map((e) => e.entry_revision)).toEqual([1, 2, 3, 3, 4, 5]);
    const statusChanged = await snapshotOf(events[3]!);
    expect(statusChanged.commitment.status).toBe("in_progress");
    expect(statusChanged.commitment.history.at(-1)).toMatchObject({ from: "announced", status: "in_progress" });
    expect((await deliveriesOf(events[1]!.id)).map((d) => d.webhook_id)).toEqual([all]);
    expect((await deliveriesOf(events[5]!.id)).length).toBe(2);
  });

  it("fires nothing for drafts; publishing one fires entry.created", async () => {
    const draft = await createEntry("outbox", { title: "Entwurf", start: "2024", draft: true });
    expect(draft.draft).toBe(true);
    expect((await call("PATCH", `/v1/timelines/outbox/entries/${draft.id}`, { body: { title: "Entwurf 2" } })).status).toBe(200);
    expect(await eventsOf(draft.id)).toEqual([]);
    expect((await call("PATCH", `/v1/timelines/outbox/entries/${draft.id}`, { body: { draft: false } })).status).toBe(200);
    expect((await eventsOf(draft.id)).map((e) => e.type)).toEqual(["entry.created"]);
  });

  it("fires for imports too", async () => {
    const doc = { format: "edge-timeline/1", timeline: { slug: "x", title: "x" }, entries: [{ kind: "event", title: "Importiert", start: "2023" }] };
    const res = await call("POST", "/v1/timelines/outbox/import", { body: doc });
    expect(res.status).toBe(200);
    const report = await json(res);
    const id = report.items[0].id;
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["entry.created"]);
  });

  it("stores nothing for a timeline nobody subscribed to", async () => {
    const entry = await createEntry("quiet", { title: "Still", start: "2024" });
    expect(await eventsOf(entry.id)).toEqual([]);
  });

  it("stores nothing when the write fails: the events are part of its batch", async () => {
    await createEntry("outbox", { title: "Erster", start: "2024", external_id: "row-1" });
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM webhook_events").first<{ n: number }>())!.n;
    const res = await call("POST", "/v1/timelines/outbox/entries", { body: { kind: "event", title: "Zweiter", start: "2024", external_id: "row-1" } });
    expect(res.status).toBe(409);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM webhook_events").first<{ n: number }>())!.n).toBe(before);
  });

  it("loses nothing when the queue send fails: the hourly sweep sends it", async () => {
    const send = vi.spyOn(env.WEBHOOK_QUEUE, "sendBatch").mockRejectedValueOnce(new Error("queue unavailable"));
    const entry = await createEntry("outbox", { title: "Trotzdem", start: "2024" });
    expect(send).toHaveBeenCalledTimes(1);
    const [event] = await eventsOf(entry.id);
    expect((await deliveriesOf(event!.id)).every((d) => d.enqueued_at === null)).toBe(true);

    // Within the grace period the sweep leaves it to the write.
    await worker.scheduled(createScheduledController({ cron: HOURLY, scheduledTime: Date.now() }), env);
    expect((await deliveriesOf(event!.id)).every((d) => d.enqueued_at === null)).toBe(true);

    await worker.scheduled(createScheduledController({ cron: HOURLY, scheduledTime: Date.now() + 5 * 60_000 }), env);
    expect(send).toHaveBeenCalledTimes(2);
    const sent = send.mock.calls[1]![0] as { body: { webhook: string; event: string } }[];
    expect(sent.map((m) => m.body.event)).toContain(event!.id);
    expect((await deliveriesOf(event!.id)).every((d) => d.enqueued_at !== null)).toBe(true);
  });
});

describe("the deliveries log's horizon", () => {
  it("forgets finished deliveries after 30 days in the daily housekeeping, never pending ones", async () => {
    await createTimeline("horizon");
    const hook = await subscribe("horizon", ["entry.created"]);
    const done = await createEntry("horizon", { title: "Alt", start: "2024" });
    const waiting = await createEntry("horizon", { title: "Wartet", start: "2024" });
    const [doneEvent] = await eventsOf(done.id);
    const [waitingEvent] = await eventsOf(waiting.id);
    await env.DB.prepare("UPDATE webhook_deliveries SET state = 'delivered' WHERE event_id = ?").bind(doneEvent!.id).run();
    await env.DB.prepare("INSERT INTO webhook_attempts (webhook_id, event_id, attempt, at, status, duration_ms) VALUES (?, ?, 1, '2026-01-01', 200, 5)").bind(hook, doneEvent!.id).run();

    await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() + 29 * 86_400_000 }), env);
    expect(await eventsOf(done.id)).toHaveLength(1);
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() + 31 * 86_400_000 }), env);
    expect(await eventsOf(done.id)).toEqual([]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM webhook_attempts WHERE event_id = ?").bind(doneEvent!.id).first<{ n: number }>())!.n).toBe(0);
    expect(await eventsOf(waiting.id)).toHaveLength(1);
    expect(await deliveriesOf(waitingEvent!.id)).toHaveLength(1);
  });
});
