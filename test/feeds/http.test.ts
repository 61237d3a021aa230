/** What every feed shares: edge caching, CORS, private timelines, bad filters, documentation. */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createEntry, createTimeline, json } from "../support/api";

const FEEDS = [
  ["feed.json", "application/feed+json"],
  ["feed.atom", "application/atom+xml"],
  ["calendar.ics", "text/calendar"],
  ["timelinejs.json", "application/json"],
  ["entries.csv", "text/csv"],
] as const;

let editorToken: string;

beforeAll(async () => {
  await createTimeline("open-feeds");
  await createEntry("open-feeds", { title: "Öffentlich", start: "2024-11-26", tags: ["x"] });
  await createTimeline("secret-feeds", { visibility: "private" });
  await createEntry("secret-feeds", { title: "Geheim", start: "2024-11-26" });
  const token = await call("POST", "/v1/tokens", { body: { name: "reader", role: "editor", timelines: ["secret-feeds"] } });
  editorToken = (await json(token)).token;
});

describe.each(FEEDS)("%s", (file, type) => {
  const path = (slug: string) => `/v1/timelines/${slug}/${file}`;

  it("answers 200 with its media type, CORS * and edge-cache headers, then 304 on If-None-Match", async () => {
    const res = await call("GET", path("open-feeds"), { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain(type);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cache-Control")).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(res.headers.get("Cache-Tag")!.split(",")).toEqual(["timeline-open-feeds", "timeline-open-feeds~every-write"]);
    const etag = res.headers.get("ETag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(await res.text()).toContain("Öffentlich");
    const again = await call("GET", path("open-feeds"), { token: null, headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("is new after a write to the timeline", async () => {
    const before = await call("GET", path("open-feeds"), { token: null });
    const etag = before.headers.get("ETag")!;
    await createEntry("open-feeds", { title: `Neu für ${file}`, start: "2024-11-27" });
    const after = await call("GET", path("open-feeds"), { token: null, headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain(`Neu für ${file}`);
  });

  it("hides a private timeline without a token and never caches it with one", async () => {
    const anonymous = await call("GET", path("secret-feeds"), { token: null });
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("Content-Type")).toContain("application/problem+json");
    const withToken = await call("GET", path("secret-feeds"), { token: editorToken });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get("Cache-Control")).toBe("private, no-store");
    expect(withToken.headers.get("Vary")).toContain("Authorization");
    expect(await withToken.text()).toContain("Geheim");
  });

  it("rejects bad filters with a problem naming the parameter", async () => {
    for (const query of ["limit=0", "limit=201", "from=2024-02-30", "order=sideways", "kind=rumour", "cursor=nonsense"]) {
      const res = await call("GET", `${path("open-feeds")}?${query}`, { token: null });
      expect(res.status, query).toBe(400);
      const problem = await json(res);
      expect(problem.errors[0].parameter).toBe(query.split("=")[0]);
    }
    expect((await call("GET", path("no-such-timeline"), { token: null })).status).toBe(404);
  });
});

describe("documentation", () => {
  it("lists every feed, export and import in /openapi.json with its media type", async () => {
    const doc = await json(await call("GET", "/openapi.json", { token: null }));
    for (const [file, type] of FEEDS) {
      const op = doc.paths[`/v1/timelines/{slug}/${file}`].get;
      expect(Object.keys(op.responses[200].content)).toEqual([type]);
      expect(op.parameters.map((p: any) => p.name)).toEqual(
        expect.arrayContaining(["slug", "kind", "status", "tag", "actor", "from", "to", "q", "order", "limit", "cursor"]),
      );
    }
    expect(doc.paths["/v1/timelines/{slug}/export"].get.security).toEqual([{ bearer: [] }]);
    const importOp = doc.paths["/v1/timelines/{slug}/import"].post;
    expect(Object.keys(importOp.requestBody.content)).toEqual(["application/json", "text/csv"]);
    expect(importOp.responses).toHaveProperty("422");
    expect(importOp.parameters.map((p: any) => p.name)).toContain("dry_run");
  });

  it("lists the feeds in the timeline's links, as feedLinks does for pages", async () => {
    const { feedLinks } = await import("../../src/http/links");
    const timeline = await json(await call("GET", "/v1/timelines/open-feeds", { token: null }));
    const links = feedLinks("https://timeline.test", "open-feeds", "Open");
    expect(links.map((l) => l.href)).toEqual([timeline.links.json_feed, timeline.links.atom, timeline.links.ical, timeline.links.changes_json, timeline.links.changes_atom]);
    expect(links.map((l) => l.type)).toEqual(["application/feed+json", "application/atom+xml", "text/calendar", "application/feed+json", "application/atom+xml"]);
    expect(links[1]!.title).toBe("Open (Atom)");
  });
});
