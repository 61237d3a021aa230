import { describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

describe("timelines", () => {
  it("creates a timeline with defaults and links to every way of reading it", async () => {
    const res = await call("POST", "/v1/timelines", { body: { slug: "g7", title: "  G7 und die Ukraine  " } });
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("https://timeline.test/v1/timelines/g7");
    const t = await json(res);
    expect(t).toMatchObject({
      slug: "g7",
      title: "G7 und die Ukraine",
      description: "",
      language: "en",
      time_zone: "UTC",
      visibility: "public",
      embed_origins: [],
      revision: 1,
    });
    expect(t.links).toMatchObject({
      entries: "https://timeline.test/v1/timelines/g7/entries",
      json_feed: "https://timeline.test/v1/timelines/g7/feed.json",
      atom: "https://timeline.test/v1/timelines/g7/feed.atom",
      ical: "https://timeline.test/v1/timelines/g7/calendar.ics",
      embed: "https://timeline.test/embed/g7",
    });
    expect(t).not.toHaveProperty("id");
    const read = await json(await call("GET", "/v1/timelines/g7", { token: null }));
    expect(read.title).toBe("G7 und die Ukraine");
  });

  it("canonicalises language tags and origins", async () => {
    const t = await createTimeline("canon", {
      language: "DE-at",
      time_zone: "Europe/Vienna",
      embed_origins: ["https://News.Example/", "https://news.example"],
    });
    expect(t.language).toBe("de-AT");
    expect(t.embed_origins).toEqual(["https://news.example"]);
  });

  it("explains every invalid field with a JSON pointer", async () => {
    const res = await call("POST", "/v1/timelines", {
      body: {
        slug: "Not A Slug",
        title: "",
        language: "not a language!",
        time_zone: "Mars/Olympus",
        visibility: "secret",
        embed_origins: ["https://x.example/path"],
        colour: "red",
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const problem = await json(res);
    expect(problem).toMatchObject({ type: "/problems/validation", status: 400, title: expect.any(String) });
    const pointers = problem.errors.map((e: any) => e.pointer).sort();
    expect(pointers).toEqual(
      ["/colour", "/embed_origins/0", "/language", "/slug", "/time_zone", "/title", "/visibility"].sort(),
    );
    expect(problem.errors.find((e: any) => e.pointer === "/colour").detail).toBe("is not a known field");
    expect((await call("GET", "/v1/timelines/not-a-slug")).status).toBe(404);
  });

  it("refuses a taken slug, and one held by a deleted timeline until it is restored", async () => {
    await createTimeline("taken");
    const again = await call("POST", "/v1/timelines", { body: { slug: "taken", title: "Again" } });
    expect(again.status).toBe(409);
    expect((await call("DELETE", "/v1/timelines/taken")).status).toBe(204);
    expect((await call("GET", "/v1/timelines/taken", { token: null })).status).toBe(404);
    const held = await json(await call("POST", "/v1/timelines", { body: { slug: "taken", title: "Again" } }));
    expect(held.detail).toContain("restore");
    const restored = await call("POST", "/v1/timelines/taken/restore");
    expect(restored.status).toBe(200);
    expect((await call("GET", "/v1/timelines/taken", { token: null })).status).toBe(200);
  });

  it("changes settings with PATCH and keeps the slug", async () => {
    await createTimeline("patch-me");
    const res = await call("PATCH", "/v1/timelines/patch-me", { body: { title: "Neu", visibility: "unlisted" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ slug: "patch-me", title: "Neu", visibility: "unlisted", revision: 2 });
    const slugChange = await call("PATCH", "/v1/timelines/patch-me", { body: { slug: "other" } });
    expect(slugChange.status).toBe(400);
    expect((await call("PATCH", "/v1/timelines/patch-me", { body: {} })).status).toBe(400);
    expect((await call("PATCH", "/v1/timelines/missing", { body: { title: "x" } })).status).toBe(404);
  });

  it("lists public timelines only, paged by cursor", async () => {
    await createTimeline("list-a");
    await createTimeline("list-b", { visibility: "unlisted" });
    await createTimeline("list-c", { visibility: "private" });
    await createTimeline("list-d");
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await json(
        await call("GET", `/v1/timelines?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { token: null }),
      );
      all.push(...page.items.map((t: any) => t.slug));
      cursor = page.next_cursor;
    } while (cursor);
    expect(all).toContain("list-a");
    expect(all).toContain("list-d");
    expect(all).not.toContain("list-b");
    expect(all).not.toContain("list-c");
    expect(all.indexOf("list-a")).toBeLessThan(all.indexOf("list-d"));
    expect((await call("GET", "/v1/timelines?cursor=garbage")).status).toBe(400);
  });

  it("serves unlisted timelines by slug with noindex, and private ones only with a covering token", async () => {
    await createTimeline("hidden", { visibility: "unlisted" });
    const unlisted = await call("GET", "/v1/timelines/hidden", { token: null });
    expect(unlisted.status).toBe(200);
    expect(unlisted.headers.get("X-Robots-Tag")).toBe("noindex");

    await createTimeline("secret", { visibility: "private" });
    expect((await call("GET", "/v1/timelines/secret", { token: null })).status).toBe(404);
    expect((await call("GET", "/v1/timelines/secret/entries", { token: null })).status).toBe(404);
    const withToken = await call("GET", "/v1/timelines/secret");
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await call("GET", "/v1/timelines/secret", { token: "wrong" })).status).toBe(401);
  });
});
