/**
 * The Host header cannot poison shared caches. The Worker serves only the hosts it is told of
 * (`ALLOWED_HOSTS`, the host of `PUBLIC_ORIGIN`; loopback alone when neither is set), answers any
 * other with `421`, and keys every cached representation (isolate memory, Cache API, ETag) by the
 * origin its links were built for.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { servesHost } from "../../src/http/hosts";
import worker from "../../src/index";
import { BROWSER_ACCEPT, createTimeline } from "../support/api";

async function send(url: string, vars: { ALLOWED_HOSTS?: string; PUBLIC_ORIGIN?: string }, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, { headers }), { ...env, ALLOWED_HOSTS: "", PUBLIC_ORIGIN: "", ...vars } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("which hosts are served", () => {
  it("with nothing configured, only loopback hosts (local development)", async () => {
    for (const url of ["http://127.0.0.1:8787/healthz", "http://localhost/healthz", "http://[::1]:8787/healthz", "http://127.3.2.1/healthz"]) {
      expect((await send(url, {})).status, url).toBe(200);
    }
    const res = await send("https://evil.example/healthz", {});
    expect(res.status).toBe(421);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ type: "/problems/misdirected", status: 421, title: "Misdirected request" });
    expect((await send("http://localhost.evil.example/healthz", {})).status).toBe(421);
    expect((await send("http://10.0.0.1/healthz", {})).status).toBe(421);
  });

  it("with ALLOWED_HOSTS or PUBLIC_ORIGIN, exactly those", async () => {
    const allowed = { ALLOWED_HOSTS: " timeline.example , other.example:8443,bad host" };
    expect((await send("https://timeline.example/healthz", allowed)).status).toBe(200);
    expect((await send("https://timeline.example:444/healthz", allowed)).status).toBe(200);
    expect((await send("https://other.example:8443/healthz", allowed)).status).toBe(200);
    expect((await send("https://other.example/healthz", allowed)).status).toBe(421);
    expect((await send("https://evil.example/healthz", allowed)).status).toBe(421);
    expect((await send("http://127.0.0.1/healthz", allowed)).status).toBe(421);
    const published = { PUBLIC_ORIGIN: "https://pub.example/" };
    expect((await send("https://pub.example/healthz", published)).status).toBe(200);
    expect((await send("https://timeline.test/healthz", published)).status).toBe(421);
    expect(servesHost(new URL("https://a.example/"), { ALLOWED_HOSTS: "A.EXAMPLE" })).toBe(true);
  });

  it("answers every method and path of another host with 421, before touching anything", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("https://evil.example/v1/timelines", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } }),
      { ...env, ALLOWED_HOSTS: "timeline.test", DB: null } as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(421);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("a poisoned request followed by a normal one", () => {
  const two = { ALLOWED_HOSTS: "timeline.test,mirror.test" };
  beforeAll(async () => {
    await createTimeline("poison", { title: "Vergiftet?" });
  });

  it("cannot make another reader's page name a host nobody chose", async () => {
    const evil = await send("https://evil.example/t/poison", two, { Accept: BROWSER_ACCEPT });
    expect(evil.status).toBe(421);
    const page = await (await send("https://timeline.test/t/poison", two, { Accept: BROWSER_ACCEPT })).text();
    expect(page).toContain("https://timeline.test/embed.js"); // the copy-paste snippet
    expect(page).not.toContain("evil.example");
  });

  it("keeps one copy per origin its links name: isolate memory, Cache API and ETag", async () => {
    for (const path of ["/t/poison", "/embed/poison", "/v1/timelines/poison", "/v1/timelines/poison/feed.atom", "/oembed?url=https%3A%2F%2Fmirror.test%2Ft%2Fpoison"]) {
      const first = await send(`https://mirror.test${path}`, two, { Accept: BROWSER_ACCEPT });
      expect(first.status, path).toBe(200);
      const mirrored = await first.text();
      const normal = await send(`https://timeline.test${path.replace("mirror.test", "timeline.test")}`, two, { Accept: BROWSER_ACCEPT });
      expect(normal.status, path).toBe(200);
      const text = await normal.text();
      expect(text, path).toContain("https://timeline.test/");
      expect(text, path).not.toContain("mirror.test");
      expect(mirrored, path).not.toContain("https://timeline.test/");
      expect(normal.headers.get("ETag"), path).not.toBe(first.headers.get("ETag"));
    }
  });

  it("names only the configured public origin when PUBLIC_ORIGIN is set, whichever served host was asked", async () => {
    const vars = { ALLOWED_HOSTS: "mirror.test", PUBLIC_ORIGIN: "https://timeline.test" };
    const a = await send("https://mirror.test/t/poison", vars, { Accept: BROWSER_ACCEPT });
    const b = await send("https://timeline.test/t/poison", vars, { Accept: BROWSER_ACCEPT });
    const [textA, textB] = [await a.text(), await b.text()];
    expect(textA).toBe(textB);
    expect(textA).not.toContain("mirror.test");
    expect(a.headers.get("ETag")).toBe(b.headers.get("ETag"));
  });

  it("gives /openapi.json the servers of its own origin", async () => {
    const mirror = await (await send("https://mirror.test/openapi.json", two)).json<any>();
    const normal = await (await send("https://timeline.test/openapi.json", two)).json<any>();
    expect(mirror.servers[0].url).toContain("mirror.test");
    expect(normal.servers[0].url).toContain("timeline.test");
  });
});
