import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

const entry = { kind: "event", title: "Test", start: "2024" };

async function token(role: "editor" | "admin", timelines: string[]) {
  const res = await call("POST", "/v1/tokens", { body: { name: `${role} of ${timelines}`, role, timelines } });
  expect(res.status).toBe(201);
  return json(res);
}

describe("authentication and scopes", () => {
  beforeAll(async () => {
    await createTimeline("mine");
    await createTimeline("theirs");
  });

  it("asks for a token on writes, with a WWW-Authenticate challenge", async () => {
    const res = await call("POST", "/v1/timelines/mine/entries", { token: null, body: entry });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await json(res)).toMatchObject({ type: "/problems/unauthorized", status: 401 });
  });

  it("refuses a wrong or malformed token", async () => {
    const wrong = await call("POST", "/v1/timelines/mine/entries", { token: "et_not-a-real-token", body: entry });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    const basic = await call("POST", "/v1/timelines/mine/entries", {
      token: null,
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
      body: entry,
    });
    expect(basic.status).toBe(401);
  });

  it("creates a token shown once and stored only as a hash", async () => {
    const created = await token("editor", ["mine"]);
    expect(created).toMatchObject({ id: expect.any(String), name: "editor of mine", role: "editor", timelines: ["mine"] });
    expect(created.token).toMatch(/^et_[A-Za-z0-9_-]{43}$/);
    const listed = await json(await call("GET", "/v1/tokens"));
    const row = listed.items.find((t: any) => t.id === created.id);
    expect(row).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const { env } = await import("cloudflare:workers");
    const stored = await env.DB.prepare("SELECT * FROM tokens WHERE id = ?").bind(created.id).first<Record<string, string>>();
    expect(Object.values(stored!)).not.toContain(created.token);
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets an editor write entries of its timelines only, and never manage them", async () => {
    const editor = (await token("editor", ["mine"])).token;
    expect((await call("POST", "/v1/timelines/mine/entries", { token: editor, body: entry })).status).toBe(201);
    const other = await call("POST", "/v1/timelines/theirs/entries", { token: editor, body: entry });
    expect(other.status).toBe(403);
    expect((await json(other)).detail).toContain("theirs");
    expect((await call("PATCH", "/v1/timelines/mine", { token: editor, body: { title: "x" } })).status).toBe(403);
    expect((await call("DELETE", "/v1/timelines/mine", { token: editor })).status).toBe(403);
    expect((await call("POST", "/v1/timelines", { token: editor, body: { slug: "new-one", title: "x" } })).status).toBe(403);
    expect((await call("POST", "/v1/tokens", { token: editor, body: { name: "x", role: "admin", timelines: ["*"] } })).status).toBe(403);
  });

  it("lets a scoped admin manage its timelines but not tokens", async () => {
    const admin = (await token("admin", ["mine", "fresh"])).token;
    expect((await call("PATCH", "/v1/timelines/mine", { token: admin, body: { title: "Meins" } })).status).toBe(200);
    expect((await call("POST", "/v1/timelines", { token: admin, body: { slug: "fresh", title: "Neu" } })).status).toBe(201);
    expect((await call("POST", "/v1/timelines", { token: admin, body: { slug: "elsewhere", title: "x" } })).status).toBe(403);
    expect((await call("PATCH", "/v1/timelines/theirs", { token: admin, body: { title: "x" } })).status).toBe(403);
    expect((await call("GET", "/v1/tokens", { token: admin })).status).toBe(403);
  });

  it("reads private timelines only with a token that covers them", async () => {
    await createTimeline("private-one", { visibility: "private" });
    const editor = (await token("editor", ["mine"])).token;
    expect((await call("GET", "/v1/timelines/private-one/entries", { token: editor })).status).toBe(404);
    const reader = (await token("editor", ["private-one"])).token;
    expect((await call("GET", "/v1/timelines/private-one/entries", { token: reader })).status).toBe(200);
  });

  it("revokes a token so it stops working at once", async () => {
    const created = await token("editor", ["*"]);
    expect((await call("POST", "/v1/timelines/theirs/entries", { token: created.token, body: entry })).status).toBe(201);
    expect((await call("DELETE", `/v1/tokens/${created.id}`)).status).toBe(204);
    expect((await call("POST", "/v1/timelines/theirs/entries", { token: created.token, body: entry })).status).toBe(401);
    expect((await call("DELETE", `/v1/tokens/${created.id}`)).status).toBe(404);
  });

  it("validates token requests", async () => {
    const res = await call("POST", "/v1/tokens", { body: { name: "", role: "owner", timelines: [] } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors.map((e: any) => e.pointer).sort()).toEqual(["/name", "/role", "/timelines"]);
  });
});
