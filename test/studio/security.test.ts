/**
 * Studio security: cross-site state changes refused (whatever their content type), a scoped
 * token's session confined to its timelines, never framed, strict CSP, never shared-cached, and
 * hostile text escaped in every field.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, call, createEntry, createTimeline, json } from "../support/api";
import { entryFields, entryIdIn, type Fields, location, StudioClient } from "../support/studio";

let admin: StudioClient;
let editor: StudioClient;
let otherId: string;

/** Elements and attributes that would run code: event handlers, inline scripts, images. */
async function hostileMarkup(html: string): Promise<string[]> {
  const found: string[] = [];
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        for (const [name] of el.attributes) if (/^on/i.test(name ?? "")) found.push(`${el.tagName}[${name}]`);
        const src = el.getAttribute("src") ?? "";
        // Ours: the preview frame and uploaded images, at paths of this service.
        if (el.tagName === "iframe" && !src.startsWith("/studio/t/")) found.push("iframe");
        if (el.tagName === "img" && !src.startsWith("/media/")) found.push("img");
        if (el.tagName === "svg") found.push(el.tagName);
        if (el.tagName === "script" && !src.startsWith("/studio/assets/")) found.push("script");
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

describe("studio security", () => {
  beforeAll(async () => {
    await createTimeline("sec-mine");
    await createTimeline("sec-theirs", { visibility: "private", title: "Their private desk" });
    otherId = (await createEntry("sec-theirs", { title: "Their scoop", start: "2024" })).id;
    const token = await json(await call("POST", "/v1/tokens", { body: { name: "mine", role: "editor", timelines: ["sec-mine"] } }));
    admin = new StudioClient();
    await admin.signIn();
    editor = new StudioClient();
    await editor.signIn(token.token);
  });

  it("refuses a cross-site form post, and one that shows no origin at all", async () => {
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM entries").first<{ n: number }>())!.n;
    const before = await count();
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site", Origin: "https://sub.timeline.test" },
      {},
    ];
    for (const headers of attempts) {
      const res = await admin.post("/studio/t/sec-mine/new", entryFields({ title: "Forged" }), headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain("did not come from a page of the studio");
    }
    // Also for bodies no HTML form can send, and for signing out.
    const jsonPost = await admin.request("POST", "/studio/t/sec-mine/new", {
      body: JSON.stringify({ title: "x" }),
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
    });
    expect(jsonPost.status).toBe(403);
    expect((await admin.post("/studio/sign-out", {}, { Origin: "https://evil.example" })).status).toBe(403);
    expect(await count()).toBe(before);
    // The same post from a studio page works.
    const ok = await admin.post("/studio/t/sec-mine/new", entryFields({ title: "Genuine" }));
    expect(ok.status).toBe(303);
  });

  it("confines a scoped token's session to its timelines", async () => {
    const overview = await (await editor.get("/studio")).text();
    expect(overview).toContain("sec-mine");
    expect(overview).not.toContain("Their private desk");
    for (const path of ["/studio/t/sec-theirs", `/studio/t/sec-theirs/e/${otherId}`, "/studio/t/sec-theirs/trash", `/studio/t/sec-theirs/e/${otherId}/history`]) {
      const res = await editor.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain("Their scoop");
    }
    // Its entry reached through the editor's own timeline is no way in either.
    expect((await editor.get(`/studio/t/sec-mine/e/${otherId}`)).status).toBe(404);
    const writes: [string, Fields][] = [
      ["/studio/t/sec-theirs/new", entryFields({ title: "Planted" })],
      [`/studio/t/sec-theirs/e/${otherId}`, entryFields({ title: "Overwritten", revision: "1" })],
      [`/studio/t/sec-theirs/e/${otherId}/delete`, {}],
      [`/studio/t/sec-mine/e/${otherId}/delete`, {}],
      ["/studio/t/sec-theirs/publish", {}],
      ["/studio/t/sec-theirs/delete", {}],
    ];
    for (const [path, fields] of writes) expect((await editor.post(path, fields)).status, path).toBe(404);
    const stored = await json(await call("GET", `/v1/timelines/sec-theirs/entries/${otherId}`));
    expect(stored).toMatchObject({ title: "Their scoop", revision: 1 });
    expect((await json(await call("GET", "/v1/timelines/sec-theirs/entries"))).items).toHaveLength(1);
  });

  it("lets an editor write entries but not manage the timeline or create one", async () => {
    expect((await editor.get("/studio/t/sec-mine/settings")).status).toBe(403);
    expect((await editor.post("/studio/t/sec-mine/delete", {})).status).toBe(403);
    expect((await editor.get("/studio/new")).status).toBe(403);
    expect((await editor.post("/studio/new", { slug: "planted", title: "x", language: "en", time_zone: "UTC", visibility: "public" })).status).toBe(400);
    expect((await call("GET", "/v1/timelines/planted")).status).toBe(404);
    const created = await editor.post("/studio/t/sec-mine/new", entryFields({ title: "Editor's entry" }));
    expect(created.status).toBe(303);
  });

  it("is never framed, sends a strict CSP and is never stored by a shared cache", async () => {
    for (const path of ["/studio/sign-in", "/studio", "/studio/t/sec-mine", "/studio/t/nope"]) {
      const res = await admin.get(path);
      expect(res.headers.get("X-Frame-Options"), path).toBe("DENY");
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain("unsafe-inline");
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
    }
    const anon = await new StudioClient().get("/studio");
    expect(anon.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("escapes hostile text in every field of the studio", async () => {
    const payload = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
    const res = await admin.post(
      "/studio/t/sec-mine/new",
      entryFields({
        kind: "commitment",
        title: payload,
        body: payload,
        display_date: payload.slice(0, 90),
        tags: payload.slice(0, 60),
        actors: payload,
        location: payload,
        src_url: `https://example.org/?q=${encodeURIComponent(payload)}`,
        src_title: payload,
        src_publisher: payload,
        src_published: "",
        made_by: payload,
        beneficiary: payload,
        amount: "5",
        amount_unit: payload.slice(0, 30),
      }),
    );
    expect(res.status).toBe(303);
    const id = entryIdIn(location(res));
    for (const path of [`/studio/t/sec-mine/e/${id}`, "/studio/t/sec-mine", `/studio/t/sec-mine/e/${id}/history`, `/studio/t/sec-mine?q=script`]) {
      const html = await (await admin.get(path)).text();
      expect(html, path).toContain("&lt;script&gt;alert(1)");
      expect(await hostileMarkup(html), path).toEqual([]);
    }
  });

  it("answers unknown studio pages with a readable page", async () => {
    const res = await admin.get("/studio/no-such-page");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(`${BASE}`).toContain("https");
  });
});
