/**
 * `embed_origins` is copied into `Content-Security-Policy: frame-ancestors`. Only real origins are
 * accepted (scheme http or https, a host of letters, digits, dots and hyphens or a bracketed IPv6
 * address, an optional port), and nothing stored can ever widen who may frame the widget.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalOrigin } from "../../src/domain/text";
import { frameAncestors } from "../../src/widget/document";
import { BROWSER_ACCEPT, call, createTimeline, json } from "../support/api";

const HOSTILE = [
  "https://a;b.example",
  "https://x,y.example",
  "https://*.evil.example",
  "https://a.example; script-src *",
  "https://a%3Bb.example",
  "https://a'b.example",
  "ftp://files.example",
  "https://user@news.example",
  "https://news.example/path",
  "*",
  "'self'",
];

describe("embed_origins on input", () => {
  it.each(HOSTILE.map((origin, i) => [origin, i] as const))("refuses %s with a pointer at the item", async (origin, i) => {
    const res = await call("POST", "/v1/timelines", { body: { slug: `hostile-origin-${i}`, title: "x", embed_origins: ["https://ok.example", origin] } });
    expect(res.status).toBe(400);
    const problem = await json(res);
    expect(problem.errors).toEqual([{ pointer: "/embed_origins/1", detail: expect.stringMatching(/origin/) }]);
  });

  it("accepts real origins and stores them canonically", async () => {
    const created = await json(
      await call("POST", "/v1/timelines", {
        body: {
          slug: "real-origins",
          title: "x",
          embed_origins: ["https://News.Example/", "http://localhost:8080", "https://[2001:DB8::1]:8443", "https://news.example:443", "https://bücher.example"],
        },
      }),
    );
    expect(created.embed_origins).toEqual(["https://news.example", "http://localhost:8080", "https://[2001:db8::1]:8443", "https://xn--bcher-kva.example"]);
  });

  it("names what an origin is", () => {
    expect(canonicalOrigin("https://a;b.example")).toBeNull();
    expect(canonicalOrigin("https://sub.news-site.example:8443")).toBe("https://sub.news-site.example:8443");
  });
});

describe("a stored embed_origins value that is not an origin", () => {
  beforeAll(async () => {
    await createTimeline("tampered", { embed_origins: ["https://ok.example"] });
    // As if written by an older version, or by hand: never valid through the API.
    await env.DB.prepare("UPDATE timelines SET embed_origins = ? WHERE slug = 'tampered'")
      .bind(JSON.stringify(["https://a;b.example", "https://*.evil.example"]))
      .run();
  });

  it("never widens framing to any site", async () => {
    expect(frameAncestors(["https://a;b.example"])).not.toContain("*");
    expect(frameAncestors(["https://a.example; script-src *"])).toBe("'self'");
    expect(frameAncestors(["https://x,y.example", "https://ok.example"])).toBe("'self' https://ok.example");
    const res = await call("GET", "/embed/tampered", { token: null, headers: { Accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(csp).not.toMatch(/frame-ancestors [^;]*\*/);
  });
});
