/** `GET /oembed`: oEmbed 1.0 `rich` for this service's timeline URLs, and nothing else. */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";
import { one } from "./html";

const ORIGIN = "https://timeline.test";
const oembed = (query: string) => call("GET", `/oembed?${query}`, { token: null });
const url = (path: string) => `url=${encodeURIComponent(ORIGIN + path)}`;

describe("oEmbed", () => {
  beforeAll(async () => {
    await createTimeline("shared", { title: "Shared timeline", language: "en" });
    await createTimeline("private-one", { title: "Private", visibility: "private" });
  });

  it("answers a /t/{slug} URL with a rich oEmbed 1.0 document", async () => {
    const res = await oembed(`${url("/t/shared")}&format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("ETag")).toBeTruthy();
    const body = await json(res);
    expect(body).toEqual({
      version: "1.0",
      type: "rich",
      title: "Shared timeline",
      html: expect.any(String),
      width: 640,
      height: 600,
      provider_name: "edge-timeline",
      provider_url: `${ORIGIN}/`,
      cache_age: 3600,
    });
    const iframe = await one(body.html, "iframe");
    expect(iframe.attrs).toMatchObject({
      src: `${ORIGIN}/embed/shared`,
      width: "640",
      height: "600",
      title: "Shared timeline",
      loading: "lazy",
      "data-timeline-frame": "",
    });
    expect((await one(body.html, "script")).attrs.src).toBe(`${ORIGIN}/embed.js`);
  });

  it("answers /embed/{slug} URLs too, keeping the widget's options from the URL", async () => {
    const body = await json(await oembed(url("/embed/shared?lang=de&theme=dark&utm=x")));
    expect((await one(body.html, "iframe")).attrs.src).toBe(`${ORIGIN}/embed/shared?lang=de&theme=dark`);
  });

  it("honours maxwidth and maxheight; with maxheight the size stays fixed (no self-sizing loader)", async () => {
    const narrow = await json(await oembed(`${url("/t/shared")}&maxwidth=300`));
    expect([narrow.width, narrow.height]).toEqual([300, 600]);
    expect((await one(narrow.html, "iframe")).attrs.width).toBe("300");
    expect(narrow.html).toContain("/embed.js");
    const short = await json(await oembed(`${url("/t/shared")}&maxwidth=2000&maxheight=250`));
    expect([short.width, short.height]).toEqual([640, 250]);
    expect((await one(short.html, "iframe")).attrs.height).toBe("250");
    expect(short.html).not.toContain("<script");
  });

  it("answers format=xml with 501", async () => {
    const res = await oembed(`${url("/t/shared")}&format=xml`);
    expect(res.status).toBe(501);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await json(res)).toMatchObject({ status: 501, type: "/problems/not-implemented" });
  });

  it("answers 404 for unknown, private, foreign or non-timeline URLs", async () => {
    for (const query of [
      url("/t/nope"),
      url("/t/private-one"),
      url("/v1/timelines/shared"),
      url("/t/shared/extra"),
      url("/"),
      `url=${encodeURIComponent("https://elsewhere.example/t/shared")}`,
      `url=${encodeURIComponent("http://timeline.test/t/shared")}`,
      "url=not%20a%20url",
    ]) {
      const res = await oembed(query);
      expect(res.status, query).toBe(404);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("answers bad parameters with 400 problems, never a 500", async () => {
    for (const query of ["", `${url("/t/shared")}&maxwidth=0`, `${url("/t/shared")}&maxwidth=wide`, `${url("/t/shared")}&format=yaml`]) {
      const res = await oembed(query);
      expect(res.status, query).toBe(400);
      expect((await json(res)).errors.length).toBeGreaterThan(0);
    }
  });
});
