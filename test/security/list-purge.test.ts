/**
 * The timeline list (`/v1/timelines`) and the landing page (`/`) show titles and descriptions of
 * public timelines. They carry a Cache-Tag, and every change to which timelines are listed or how
 * (create, visibility/title/description, delete, restore) purges it from Workers Cache, so a
 * timeline made private or deleted does not stay listed at the edge.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ADMIN, call, createTimeline } from "../support/api";

/** Sends a request with a stand-in for Workers Cache's purge (production only), recording the tags. */
async function send(method: string, path: string, body?: unknown) {
  const purged: string[][] = [];
  const ctx = {
    waitUntil: () => undefined, // the late purge (5 s later) is covered in test/http/caching.test.ts
    passThroughOnException: () => undefined,
    props: {},
    cache: { purge: async ({ tags }: { tags: string[] }) => (purged.push(tags), { success: true, errors: [] }) },
  };
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const request = new Request(`https://timeline.test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await worker.fetch(request, env as never, ctx as never);
  return { res, tags: purged.flat() };
}

describe("the timeline list and the landing page", () => {
  beforeAll(async () => {
    await createTimeline("listed-one", { title: "Öffentlich", description: "Steht in der Liste" });
  });

  it("carry a Cache-Tag of their own", async () => {
    const list = await call("GET", "/v1/timelines", { token: null });
    expect(list.headers.get("Cache-Tag")).toBe("timelines");
    const landing = await call("GET", "/", { token: null });
    expect(landing.headers.get("Cache-Tag")).toBe("timelines");
  });

  it("are purged when a timeline is created, changed, deleted or restored", async () => {
    const created = await send("POST", "/v1/timelines", { slug: "listed-two", title: "Neu" });
    expect(created.res.status).toBe(201);
    expect(created.tags).toContain("timelines");
    for (const patch of [{ visibility: "private" }, { visibility: "public" }, { title: "Umbenannt" }, { description: "Anders" }]) {
      const changed = await send("PATCH", "/v1/timelines/listed-one", patch);
      expect(changed.res.status).toBe(200);
      expect(changed.tags).toEqual(expect.arrayContaining(["timelines", "timeline-listed-one"]));
    }
    const deleted = await send("DELETE", "/v1/timelines/listed-one");
    expect(deleted.res.status).toBe(204);
    expect(deleted.tags).toEqual(expect.arrayContaining(["timelines", "timeline-listed-one"]));
    const restored = await send("POST", "/v1/timelines/listed-one/restore");
    expect(restored.res.status).toBe(200);
    expect(restored.tags).toEqual(expect.arrayContaining(["timelines", "timeline-listed-one"]));
  });
});
