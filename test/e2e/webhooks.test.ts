/**
 * Webhooks end to end: a real `wrangler dev` (its queue, consumer and cron) delivers to a receiver
 * on 127.0.0.1 that verifies every delivery with the `standardwebhooks` package, an independent
 * implementation of the specification. Loopback targets are allowed here as in `npm start`; the
 * retry schedule is shortened to seconds.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

interface Delivery {
  path: string;
  id: string;
  type: string;
  body: { type: string; timestamp: string; data: Record<string, any> };
}

/** What the receiver answers per path: a list of statuses used in turn (the last one repeats). */
const answers = new Map<string, number[]>();
const secrets = new Map<string, string>();
const verified: Delivery[] = [];
const attempts: { path: string; id: string }[] = [];
const unverified: string[] = [];

let receiver: Server;
let receiverUrl: string;
let worker: LocalWorker;

function startReceiver(): Promise<void> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const id = headers["webhook-id"] ?? "";
      attempts.push({ path, id });
      const queue = answers.get(path) ?? [204];
      const status = queue.length > 1 ? queue.shift()! : queue[0]!;
      try {
        const body = new Webhook(secrets.get(path) ?? "whsec_none").verify(raw, headers) as Delivery["body"];
        if (status < 300) verified.push({ path, id, type: body.type, body });
      } catch (error) {
        unverified.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(400).end();
        return;
      }
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, "127.0.0.1", () => {
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${worker.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function subscribe(slug: string, path: string, events: string[]) {
  const res = await api("POST", `/v1/timelines/${slug}/webhooks`, { url: `${receiverUrl}${path}`, events });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  secrets.set(path, res.json.secret);
  return res.json as { id: string; secret: string };
}

async function until<T>(what: string, read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("webhooks through the real queue", () => {
  beforeAll(async () => {
    await startReceiver();
    worker = await startLocalWorker({ vars: { WEBHOOK_ALLOW_LOOPBACK: "true", WEBHOOK_RETRY_DELAYS: "1,1,1,1,1" } });
    expect((await api("POST", "/v1/timelines", { slug: "wire", title: "Wire", time_zone: "UTC" })).status).toBe(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("delivers every event type, each verified by the standardwebhooks package", async () => {
    await subscribe("wire", "/all", ["entry.created", "entry.updated", "entry.deleted", "commitment.status_changed", "commitment.overdue"]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const created = await api("POST", "/v1/timelines/wire/entries", {
      kind: "commitment",
      title: "Zusage",
      start: "2024-11-26",
      commitment: { status: "announced", due: yesterday },
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect((await api("PATCH", `/v1/timelines/wire/entries/${id}`, { commitment: { status: "in_progress" } })).status).toBe(200);
    // The hourly cron, as Cloudflare would fire it.
    const cron = await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("7 * * * *")}&time=${Date.now()}`);
    expect(cron.status).toBe(200);
    expect((await api("DELETE", `/v1/timelines/wire/entries/${id}`)).status).toBe(204);

    const got = await until("five deliveries", () => verified.filter((d) => d.path === "/all"), (list) => list.length >= 5);
    expect(unverified).toEqual([]);
    expect(got.map((d) => d.type).sort()).toEqual(["commitment.overdue", "commitment.status_changed", "entry.created", "entry.deleted", "entry.updated"]);
    for (const d of got) {
      expect(d.body.type).toBe(d.type);
      expect(d.body.data.id).toBe(id);
    }
    expect(got.find((d) => d.type === "entry.created")!.body.data).toEqual(created.json);
    expect(got.find((d) => d.type === "commitment.overdue")!.body.data.commitment.overdue).toBe(true);
    // The cron fires it once only.
    await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("7 * * * *")}&time=${Date.now() + 3_600_000}`);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(verified.filter((d) => d.path === "/all" && d.type === "commitment.overdue")).toHaveLength(1);
  });

  it("keeps the webhook-id while a receiver fails three times, and delivers once it recovers", async () => {
    answers.set("/flaky", [500, 503, 500, 200]);
    const hook = await subscribe("wire", "/flaky", ["entry.created"]);
    const created = await api("POST", "/v1/timelines/wire/entries", { kind: "event", title: "Trotz Störung", start: "2024" });
    const delivered = await until("the fourth attempt", () => verified.filter((d) => d.path === "/flaky"), (list) => list.length >= 1);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body.data.id).toBe(created.json.id);
    const tries = attempts.filter((a) => a.path === "/flaky");
    expect(tries).toHaveLength(4);
    expect(new Set(tries.map((t) => t.id))).toEqual(new Set([delivered[0]!.id]));

    const log = await until(
      "the deliveries log",
      async () => (await api("GET", `/v1/timelines/wire/webhooks/${hook.id}/deliveries`)).json.items[0],
      (item) => item?.state === "delivered",
    );
    expect(log.id).toBe(delivered[0]!.id);
    expect(log.log.map((a: { status: number }) => a.status)).toEqual([500, 503, 500, 200]);
    for (const a of log.log) expect(Date.parse(a.at)).toBeGreaterThan(Date.now() - 120_000);
  });

  it("disables an endpoint that answers 410 Gone", async () => {
    answers.set("/gone", [410]);
    const hook = await subscribe("wire", "/gone", ["entry.created"]);
    await api("POST", "/v1/timelines/wire/entries", { kind: "event", title: "Abbestellt", start: "2024" });
    const read = await until("the endpoint to be disabled", async () => (await api("GET", `/v1/timelines/wire/webhooks/${hook.id}`)).json, (w) => w.disabled_at !== null);
    expect(read.disabled_reason).toMatch(/410/);
    const before = attempts.filter((a) => a.path === "/gone").length;
    expect(before).toBe(1);
    await api("POST", "/v1/timelines/wire/entries", { kind: "event", title: "Danach", start: "2024" });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(attempts.filter((a) => a.path === "/gone")).toHaveLength(before);
  });

  it("refuses a private-range URL even where loopback is allowed", async () => {
    for (const url of ["http://10.0.0.8/hook", "http://192.168.1.20/hook", "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/"]) {
      const res = await api("POST", "/v1/timelines/wire/webhooks", { url, events: ["entry.created"] });
      expect(res.status, url).toBe(400);
      expect(res.json.errors[0].pointer).toBe("/url");
    }
  });
});
