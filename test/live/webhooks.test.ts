/** The webhook API: who may manage endpoints, what is refused, secrets shown once, rotation, deliveries log. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

const base = "/v1/timelines/hooks/webhooks";

async function tokenFor(role: "editor" | "admin", timelines: string[]): Promise<string> {
  const res = await call("POST", "/v1/tokens", { body: { name: `${role} ${timelines.join()}`, role, timelines } });
  return (await json(res)).token;
}

describe("webhook endpoints", () => {
  beforeAll(async () => {
    await createTimeline("hooks");
    await createTimeline("other-hooks");
  });

  it("creates an endpoint and shows its whsec_ secret once", async () => {
    const res = await call("POST", base, { body: { url: "https://hooks.example.org/in", events: ["entry.created", "entry.created", "commitment.overdue"] } });
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const created = await json(res);
    expect(created).toMatchObject({
      url: "https://hooks.example.org/in",
      events: ["entry.created", "commitment.overdue"],
      disabled_at: null,
      previous_secret_expires_at: null,
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(res.headers.get("Location")).toBe(`https://timeline.test${base}/${created.id}`);

    const read = await json(await call("GET", `${base}/${created.id}`));
    expect(read.id).toBe(created.id);
    expect(read).not.toHaveProperty("secret");
    const list = await json(await call("GET", base));
    expect(list.items.map((w: { id: string }) => w.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.secret);
  });

  it("refuses private-range, loopback, internal and plain-http targets, pointing at the field", async () => {
    for (const url of ["https://10.0.0.7/hook", "https://127.0.0.1/hook", "http://hooks.example.org/", "https://169.254.169.254/", "https://db.internal/", "https://[fd12::1]/"]) {
      const res = await call("POST", base, { body: { url, events: ["entry.created"] } });
      expect(res.status, url).toBe(400);
      const problem = await json(res);
      expect(problem.errors[0].pointer).toBe("/url");
    }
  });

  it("validates the event list", async () => {
    const res = await call("POST", base, { body: { url: "https://hooks.example.org/", events: ["entry.exploded"] } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].pointer).toMatch(/^\/events/);
    expect((await call("POST", base, { body: { url: "https://hooks.example.org/", events: [] } })).status).toBe(400);
    expect((await call("POST", base, { body: { url: "https://hooks.example.org/" } })).status).toBe(400);
  });

  it("is for admins and the timeline's editors only", async () => {
    const editor = await tokenFor("editor", ["hooks"]);
    const stranger = await tokenFor("editor", ["other-hooks"]);
    const body = { url: "https://hooks.example.org/editor", events: ["entry.updated"] };
    expect((await call("POST", base, { body, token: editor })).status).toBe(201);
    expect((await call("GET", base, { token: editor })).status).toBe(200);
    expect((await call("POST", base, { body, token: stranger })).status).toBe(403);
    expect((await call("GET", base, { token: stranger })).status).toBe(403);
    expect((await call("GET", base, { token: null })).status).toBe(401);
  });

  it("keeps each timeline's endpoints to itself", async () => {
    const created = await json(await call("POST", base, { body: { url: "https://hooks.example.org/mine", events: ["entry.created"] } }));
    expect((await call("GET", `/v1/timelines/other-hooks/webhooks/${created.id}`)).status).toBe(404);
    expect((await call("DELETE", `/v1/timelines/other-hooks/webhooks/${created.id}`)).status).toBe(404);
  });

  it("rotates the secret, and the old one keeps signing for a day", async () => {
    const created = await json(await call("POST", base, { body: { url: "https://hooks.example.org/rotate", events: ["entry.created"] } }));
    const res = await call("POST", `${base}/${created.id}/rotate`);
    expect(res.status).toBe(200);
    const rotated = await json(res);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const overlap = Date.parse(rotated.previous_secret_expires_at) - Date.now();
    expect(overlap).toBeGreaterThan(23 * 3_600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3_600_000);
    const row = await env.DB.prepare("SELECT secret, previous_secret FROM webhooks WHERE id = ?").bind(created.id).first<{ secret: string; previous_secret: string }>();
    expect(row).toEqual({ secret: rotated.secret, previous_secret: created.secret });
  });

  it("deletes an endpoint; it is gone from the API", async () => {
    const created = await json(await call("POST", base, { body: { url: "https://hooks.example.org/gone", events: ["entry.created"] } }));
    expect((await call("DELETE", `${base}/${created.id}`)).status).toBe(204);
    expect((await call("GET", `${base}/${created.id}`)).status).toBe(404);
    expect((await call("DELETE", `${base}/${created.id}`)).status).toBe(404);
  });

  it("answers a clear problem for unknown ids, timelines and malformed ids", async () => {
    expect((await call("GET", `${base}/0193652a-7c00-7000-8000-000000000001`)).status).toBe(404);
    expect((await call("GET", "/v1/timelines/nope/webhooks")).status).toBe(404);
    const bad = await call("GET", `${base}/not-an-id`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0]).toMatchObject({ parameter: "id" });
    expect((await call("GET", `${base}/0193652a-7c00-7000-8000-000000000001/deliveries?limit=0`)).status).toBe(400);
  });

  it("documents every webhook route in the OpenAPI document", async () => {
    const doc = await json(await call("GET", "/openapi.json", { token: null }));
    for (const path of [
      "/v1/timelines/{slug}/webhooks",
      "/v1/timelines/{slug}/webhooks/{id}",
      "/v1/timelines/{slug}/webhooks/{id}/rotate",
      "/v1/timelines/{slug}/webhooks/{id}/deliveries",
      "/v1/timelines/{slug}/webhooks/{id}/deliveries/{delivery_id}/replay",
      "/v1/timelines/{slug}/live",
      "/v1/timelines/{slug}/revision",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });
});
