/**
 * Studio sessions: a token exchanged for a cookie (HttpOnly, SameSite=Strict, Path=/studio,
 * Secure over https), stored only hashed, with an expiry; ended by signing out, by revoking the
 * token, or by rotating the admin secret. Without a valid session: the sign-in page, never data.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, createEntry, createTimeline, json } from "../support/api";
import { location, StudioClient } from "../support/studio";

const SECRET_TITLE = "Hidden settlement details";

describe("studio sessions", () => {
  it("sends the signed-out to sign in, never data", async () => {
    await createTimeline("sessions-a", { visibility: "private" });
    await createEntry("sessions-a", { title: SECRET_TITLE, start: "2024" });
    const anon = new StudioClient();
    for (const path of ["/studio", "/studio/t/sessions-a", "/studio/t/sessions-a/trash", "/studio/new", "/studio/t/sessions-a/settings"]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(303);
      expect(location(res), path).toBe(`/studio/sign-in?reason=ended&next=${encodeURIComponent(path)}`);
      expect(await res.text()).not.toContain(SECRET_TITLE);
    }
    const signInPage = await anon.get("/studio/sign-in");
    expect(signInPage.status).toBe(200);
    const html = await signInPage.text();
    expect(html).toContain('type="password"');
    expect(html).toContain('<label for="f-token">');
    // A forged or unknown cookie is no session either.
    anon.cookies.set("et_session", "A".repeat(43));
    expect((await anon.get("/studio")).status).toBe(303);
    const post = await anon.post("/studio/t/sessions-a/new", { kind: "event", title: "x", start: "2024" });
    expect(post.status).toBe(303);
    expect(location(post)).toContain("/studio/sign-in");
  });

  it("exchanges a token for an HttpOnly, SameSite=Strict cookie scoped to /studio, stored only hashed", async () => {
    const client = new StudioClient();
    const res = await client.post("/studio/sign-in?next=%2Fstudio%2Ft%2Fsessions-a", { token: "test-admin-token" });
    expect(res.status).toBe(303);
    expect(location(res)).toBe("/studio/t/sessions-a");
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith("et_session="))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\/studio/i);
    expect(cookie).toMatch(/; Secure/i); // the test origin is https
    expect(cookie).toMatch(/; Expires=/i);
    const id = client.cookies.get("et_session")!;
    const rows = await env.DB.prepare("SELECT * FROM studio_sessions").all<Record<string, string>>();
    expect(JSON.stringify(rows.results)).not.toContain(id);
    expect(JSON.stringify(rows.results)).not.toContain("test-admin-token");
    const row = rows.results.find((r) => r.token_id === "root")!;
    expect(Date.parse(row.expires_at!) - Date.parse(row.created_at!)).toBe(12 * 3_600_000);
    const page = await client.get("/studio/t/sessions-a");
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await page.text()).toContain(SECRET_TITLE);
  });

  it("does not follow a next address outside the studio", async () => {
    const client = new StudioClient();
    for (const next of ["https://evil.example/", "//evil.example/studio", "/v1/tokens", "/studio\\..\\x"]) {
      const res = await client.post(`/studio/sign-in?next=${encodeURIComponent(next)}`, { token: "test-admin-token" });
      expect(location(res), next).toBe("/studio");
    }
  });

  it("refuses a wrong token with the sign-in page again", async () => {
    const client = new StudioClient();
    const res = await client.post("/studio/sign-in", { token: "et_not-a-token" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("not valid");
    expect(client.cookies.has("et_session")).toBe(false);
  });

  it("ends on sign-out: the cookie is cleared and the stored session gone", async () => {
    const client = new StudioClient();
    await client.signIn();
    const id = client.cookies.get("et_session")!;
    const out = await client.post("/studio/sign-out", {});
    expect(out.status).toBe(303);
    expect(location(out)).toBe("/studio/sign-in?reason=signed-out");
    expect(client.cookies.has("et_session")).toBe(false);
    // Replaying the old cookie does not bring the session back.
    client.cookies.set("et_session", id);
    expect((await client.get("/studio")).status).toBe(303);
  });

  it("ends when its token is revoked", async () => {
    const created = await json(await call("POST", "/v1/tokens", { body: { name: "ed", role: "editor", timelines: ["sessions-a"] } }));
    const client = new StudioClient();
    await client.signIn(created.token);
    expect((await client.get("/studio/t/sessions-a")).status).toBe(200);
    expect((await call("DELETE", `/v1/tokens/${created.id}`)).status).toBe(204);
    const after = await client.get("/studio/t/sessions-a");
    expect(after.status).toBe(303);
    expect(location(after)).toContain("/studio/sign-in");
  });

  it("ends for the admin secret when the secret changes", async () => {
    const client = new StudioClient();
    await client.signIn();
    const request = () =>
      new Request("https://timeline.test/studio", { headers: { Cookie: `et_session=${client.cookies.get("et_session")}` }, redirect: "manual" });
    const send = async (adminToken: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(request(), { ...env, ADMIN_TOKEN: adminToken } as never, ctx);
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    expect(await send("test-admin-token")).toBe(200);
    expect(await send("a-rotated-secret")).toBe(303);
  });

  it("ends when it expires", async () => {
    const client = new StudioClient();
    await client.signIn();
    await env.DB.prepare("UPDATE studio_sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const res = await client.get("/studio");
    expect(res.status).toBe(303);
    expect(location(res)).toContain("/studio/sign-in");
  });

  it("rate-limits sign-in attempts per client address", async () => {
    const counts = new Map<string, number>();
    const limiter = {
      async limit({ key }: { key: string }) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return { success: counts.get(key)! <= 2 };
      },
    };
    const attempt = async () => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request("https://timeline.test/studio/sign-in", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://timeline.test", "CF-Connecting-IP": "198.51.100.4" },
          body: "token=guess",
          redirect: "manual",
        }),
        { ...env, SIGNIN_LIMITER: limiter } as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(await limited.text()).toContain("Too many sign-in attempts");
    expect([...counts.keys()]).toEqual(["ip:198.51.100.4"]);
  });
});
