/** scripts/lib/seed.mjs against a stand-in API: create or update, then import; clear errors. */
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { demoFile } from "../../scripts/lib/project.mjs";
import {
  readTimelineDocument,
  SeedError,
  seedTimeline,
  summarizeReport,
  type TimelineDocument,
} from "../../scripts/lib/seed.mjs";

interface Seen {
  method: string;
  path: string;
  auth: string | undefined;
  type: string | undefined;
  body: unknown;
}

type Handler = (req: Seen) => { status: number; body?: unknown };

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

/** A tiny HTTP server that records requests and answers with `handler`. */
async function fakeApi(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer(async (req, res) => {
    const request: Seen = {
      method: req.method ?? "",
      path: req.url ?? "",
      auth: req.headers.authorization,
      type: req.headers["content-type"],
      body: await readJson(req),
    };
    seen.push(request);
    const { status, body } = handler(request);
    res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const document: TimelineDocument = {
  format: "edge-timeline/1",
  timeline: {
    slug: "demo-x",
    title: "Demo",
    description: "A demo",
    language: "en",
    time_zone: "UTC",
    visibility: "public",
    embed_origins: [],
    created_at: "2024-01-01T00:00:00Z",
  },
  entries: [{ id: "e1" }, { id: "e2" }],
};

describe("seedTimeline", () => {
  it("creates the timeline, then imports the whole document with the admin token", async () => {
    const api = await fakeApi((req) =>
      req.path === "/v1/timelines" ? { status: 201, body: {} } : { status: 200, body: { created: ["e1", "e2"], updated: [], rejected: [] } },
    );
    const result = await seedTimeline({ baseUrl: `${api.url}/`, adminToken: "tok", document });
    expect(result).toMatchObject({ slug: "demo-x", timeline: "created", entries: 2 });
    expect(summarizeReport(result.report)).toBe("created 2, updated 0, rejected 0");
    expect(api.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/timelines", "POST /v1/timelines/demo-x/import"]);
    for (const r of api.seen) {
      expect(r.auth).toBe("Bearer tok");
      expect(r.type).toBe("application/json");
    }
    expect(api.seen[0]!.body).toEqual({
      slug: "demo-x",
      title: "Demo",
      description: "A demo",
      language: "en",
      time_zone: "UTC",
      visibility: "public",
      embed_origins: [],
    });
    expect(api.seen[1]!.body).toEqual(document);
  });

  it("updates the timeline's fields when it exists (409), then imports", async () => {
    const api = await fakeApi((req) => {
      if (req.method === "POST" && req.path === "/v1/timelines") return { status: 409, body: { status: 409, title: "Conflict" } };
      return { status: 200, body: {} };
    });
    const result = await seedTimeline({ baseUrl: api.url, adminToken: "tok", document });
    expect(result.timeline).toBe("updated");
    expect(api.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/timelines",
      "PATCH /v1/timelines/demo-x",
      "POST /v1/timelines/demo-x/import",
    ]);
    expect(api.seen[1]!.body).not.toHaveProperty("slug");
    expect(api.seen[1]!.body).toMatchObject({ title: "Demo", visibility: "public" });
  });

  it("reports a refused import with the problem's details", async () => {
    const api = await fakeApi((req) =>
      req.path.endsWith("/import")
        ? {
            status: 422,
            body: {
              type: "about:blank",
              title: "Unprocessable",
              status: 422,
              detail: "2 entries are invalid",
              errors: [{ pointer: "/entries/0/start", detail: "not a date" }],
            },
          }
        : { status: 201, body: {} },
    );
    const error = await seedTimeline({ baseUrl: api.url, adminToken: "tok", document }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect(error).toMatchObject({ step: "import", status: 422 });
    expect((error as Error).message).toBe(
      "import: POST /v1/timelines/demo-x/import → HTTP 422 Unprocessable: 2 entries are invalid [/entries/0/start not a date]",
    );
  });

  it("reports a missing route and an unreachable server", async () => {
    const api = await fakeApi(() => ({ status: 404 }));
    await expect(seedTimeline({ baseUrl: api.url, adminToken: "t", document })).rejects.toThrow(
      "create: POST /v1/timelines → HTTP 404",
    );
    const url = api.url;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(seedTimeline({ baseUrl: url, adminToken: "t", document })).rejects.toMatchObject({
      name: "SeedError",
      step: "create",
      status: undefined,
    });
  });
});

describe("readTimelineDocument", () => {
  it.skipIf(!existsSync(demoFile))("reads the demo timeline", async () => {
    const doc = await readTimelineDocument(demoFile);
    expect(doc.format).toBe("edge-timeline/1");
    expect(doc.timeline.slug).toBe("g7-ukraine");
    expect(doc.entries.length).toBeGreaterThan(0);
  });
});
