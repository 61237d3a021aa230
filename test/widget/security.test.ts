/**
 * The widget and pages against hostile data and hostile framing: every stored string is text,
 * only http(s) links are links, the CSP allows nothing else, frame-ancestors follows
 * `embed_origins`, and private timelines are never rendered.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";
import { one, select } from "./html";

const XSS = `<script>alert(1)</script>"><img src=x onerror=alert(2)>' onmouseover='alert(3)`;
const BREAKOUT = `</script><script>alert(4)</script><!--`;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT, ...headers } });
  return { res, html: await res.text() };
}

/** No element that could run code: scripts only our own, no event handler attributes, no javascript: URLs. */
async function expectInert(html: string) {
  const elements = await select(html, "*");
  for (const el of elements) {
    for (const [name, value] of Object.entries(el.attrs)) {
      expect(name, `attribute ${name}`).not.toMatch(/^on/i);
      if (name === "href" || name === "src") expect(value, name).toMatch(/^(https?:\/\/|\/|#|\?)/);
    }
  }
  for (const script of await select(html, "script")) {
    const ours = /^\/embed\/widget\.[0-9a-f]+\.js$/.test(script.attrs.src ?? "") || /^(https:\/\/timeline\.test)?\/embed\.js$/.test(script.attrs.src ?? "");
    expect(ours || script.attrs.type === "application/ld+json", JSON.stringify(script)).toBe(true);
  }
  expect(await select(html, "img")).toHaveLength(0);
}

describe("hostile data", () => {
  let id = "";

  beforeAll(async () => {
    await createTimeline("evil", { title: `Evil ${XSS}`, description: `Beschreibung ${XSS} ${BREAKOUT}`, language: "de" });
    id = (
      await createEntry("evil", {
        kind: "commitment",
        title: `Titel ${XSS}`,
        body: `Text ${XSS}\n\njavascript:alert(5) and https://ok.example/a"onclick="alert(6) and https://ok.example/(x)) ${BREAKOUT}`,
        start: "2024-11-26",
        display_date: `Datum ${XSS}`.slice(0, 100),
        actors: [`Akteur ${XSS}`.slice(0, 100)],
        tags: [`<b>tag</b>`],
        location: `Ort ${XSS}`,
        sources: [{ url: "https://source.example/?q=<x>&a=\"b\"", title: `Quelle ${XSS}`, publisher: `Verlag ${XSS}` }],
        media: { url: "https://media.example/bild.jpg", alt: `Alt ${XSS}`, credit: `Credit ${XSS}` },
        commitment: {
          status: "announced",
          made_by: [`Macher ${XSS}`.slice(0, 100)],
          beneficiary: `Empfänger ${XSS}`,
          amount: { value: 5, currency: `<i>x</i>` },
        },
      })
    ).id;
  });

  it("shows every hostile string as text in the widget", async () => {
    const { res, html } = await get("/embed/evil");
    expect(res.status).toBe(200);
    await expectInert(html);
    expect((await one(html, "h1")).text).toBe(`Evil ${XSS}`);
    expect((await one(html, "title")).text).toBe(`Evil ${XSS}`);
    expect((await one(html, `li#entry-${id} h3`)).text).toBe(`Titel ${XSS}`);
    expect((await one(html, `li#entry-${id} > p:first-child > time`)).text).toBe(`Datum ${XSS}`.slice(0, 100));
    const meta = (await one(html, `li#entry-${id} dl.m`)).text;
    for (const text of [`Akteur ${XSS}`.slice(0, 100), `Ort ${XSS}`, `Empfänger ${XSS}`, "<b>tag</b>"]) expect(meta).toContain(text);
    expect((await one(html, `li#entry-${id} .cm`)).text).toContain("5 <i>x</i>");
    const sources = await select(html, `li#entry-${id} p.src a`);
    expect(sources.map((a) => a.text)).toEqual([`Alt ${XSS}`, `Quelle ${XSS}`]);
    expect(sources[1]!.attrs.href).toBe('https://source.example/?q=<x>&a="b"');
  });

  it("links only bare http(s) URLs in a body, never javascript:, and never lets a URL break out of its attribute", async () => {
    const { html } = await get("/embed/evil");
    const links = await select(html, `li#entry-${id} > p:not(.src) a`);
    expect(links.map((a) => a.attrs.href)).toEqual(["https://ok.example/a", "https://ok.example/(x)"]);
    for (const a of links) expect(Object.keys(a.attrs).sort()).toEqual(["href", "rel", "target"]);
    const body = (await select(html, `li#entry-${id} > p:not(.src)`)).map((p) => p.text).join("\n");
    expect(body).toContain(`Text ${XSS}`);
    expect(body).toContain("javascript:alert(5)");
    expect(body).toContain(BREAKOUT);
  });

  it("never makes a link of a non-http(s) URL that reached storage some other way", async () => {
    // The API refuses it...
    const refused = await call("POST", "/v1/timelines/evil/entries", {
      body: { title: "x", start: "2024", sources: [{ url: "javascript:alert(7)", title: "bad" }] },
    });
    expect(refused.status).toBe(400);
    // ...and if a row holds one anyway, the widget shows no link for it.
    await createTimeline("stored", { language: "en" });
    const entry = await createEntry("stored", { title: "Stored", start: "2024", sources: [{ url: "https://fine.example/", title: "fine" }] });
    const bad = JSON.stringify([
      { url: "javascript:alert(8)", title: "js", publisher: null, published: null },
      { url: "data:text/html,<script>alert(9)</script>", title: "data", publisher: null, published: null },
      { url: "https://fine.example/", title: "fine", publisher: null, published: null },
    ]);
    await env.DB.prepare("UPDATE entries SET sources = ?, media = ? WHERE id = ?")
      .bind(bad, JSON.stringify({ url: "javascript:alert(10)", alt: "m", credit: null }), entry.id)
      .run();
    const { html } = await get("/embed/stored");
    await expectInert(html);
    expect((await select(html, "p.src a")).map((a) => a.attrs.href)).toEqual(["https://fine.example/"]);
    expect(html).not.toContain("javascript:");
  });

  it("keeps JSON-LD on the page inert and exact", async () => {
    const { html } = await get("/t/evil");
    await expectInert(html);
    const ld = await one(html, 'script[type="application/ld+json"]');
    expect(ld.text).not.toMatch(/<\/?script/i);
    expect(ld.text).not.toContain("<");
    const raw = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(raw);
    expect(data.name).toBe(`Evil ${XSS}`);
    expect(data.description).toBe(`Beschreibung ${XSS} ${BREAKOUT}`);
    expect(data.hasPart[0].name).toBe(`Titel ${XSS}`);
    expect((await one(html, 'meta[property="og:title"]')).attrs.content).toBe(`Evil ${XSS}`);
  });

  it("escapes hostile titles on the landing page and in oEmbed html", async () => {
    const landing = await get("/");
    await expectInert(landing.html);
    expect((await select(landing.html, "article h2")).map((h) => h.text)).toContain(`Evil ${XSS}`);
    const oembed = await json(await call("GET", "/oembed?url=https://timeline.test/t/evil", { token: null }));
    expect(oembed.title).toBe(`Evil ${XSS}`);
    await expectInert(oembed.html);
    expect((await one(oembed.html, "iframe")).attrs.title).toBe(`Evil ${XSS}`);
  });
});

describe("framing and headers", () => {
  beforeAll(async () => {
    await createTimeline("anywhere", { language: "en" });
    await createTimeline("listed", { language: "en", embed_origins: ["https://news.example", "https://blog.example:8443"] });
  });

  it("lets any site frame a timeline without embed_origins, and only the listed ones otherwise", async () => {
    const any = (await get("/embed/anywhere")).res;
    expect(any.headers.get("Content-Security-Policy")).toMatch(/(^|; )frame-ancestors \*($|;)/);
    const listed = (await get("/embed/listed")).res;
    expect(listed.headers.get("Content-Security-Policy")).toMatch(
      /(^|; )frame-ancestors 'self' https:\/\/news\.example https:\/\/blog\.example:8443($|;)/,
    );
  });

  it("sends no X-Frame-Options on the widget, a strict CSP, CORP cross-origin, and no cookies", async () => {
    const { res, html } = await get("/embed/anywhere");
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    // An opener policy means nothing in an iframe; opened on its own it would only cost a process swap.
    expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("unsafe-none");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+={0,2}'/);
    expect(csp).not.toContain("unsafe-inline");
    // The hash in the policy is the hash of the one inline stylesheet.
    const css = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)));
    expect(csp).toContain(`'sha256-${btoa(String.fromCharCode(...digest))}'`);
    // No inline script; the one script is our versioned file.
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it("keeps the widget's policy on a 304 and on a cached copy, so revalidation never breaks framing", async () => {
    const first = (await get("/embed/listed")).res;
    const etag = first.headers.get("ETag")!;
    expect(first.headers.get("Cache-Control")).toMatch(/s-maxage=/);
    const again = (await get("/embed/listed", { "If-None-Match": etag })).res;
    expect(again.status).toBe(304);
    expect(again.headers.get("X-Frame-Options")).toBeNull();
    expect(again.headers.get("Content-Security-Policy")).toBe(first.headers.get("Content-Security-Policy"));
    const cached = (await get("/embed/listed")).res;
    expect(cached.headers.get("Content-Security-Policy")).toBe(first.headers.get("Content-Security-Policy"));
    expect(cached.headers.get("X-Frame-Options")).toBeNull();
  });

  it("shows the new embed_origins right after they change", async () => {
    await createTimeline("moving", { language: "en" });
    expect((await get("/embed/moving")).res.headers.get("Content-Security-Policy")).toContain("frame-ancestors *");
    const patched = await call("PATCH", "/v1/timelines/moving", { body: { embed_origins: ["https://only.example"] } });
    expect(patched.status).toBe(200);
    expect((await get("/embed/moving")).res.headers.get("Content-Security-Policy")).toContain(
      "frame-ancestors 'self' https://only.example",
    );
  });

  it("keeps the public page unframable", async () => {
    const { res } = await get("/t/anywhere");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
  });

  it("lets error pages of the widget show inside the host's iframe", async () => {
    const { res } = await get("/embed/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors *");
  });
});

describe("visibility", () => {
  beforeAll(async () => {
    await createTimeline("secret", { title: "Secret plans", visibility: "private", language: "en" });
    await createEntry("secret", { title: "Hidden entry", start: "2024" });
    await createTimeline("by-link", { title: "Only by link", visibility: "unlisted", language: "en" });
    await createTimeline("gone", { title: "Gone", language: "en" });
    expect((await call("DELETE", "/v1/timelines/gone")).status).toBe(204);
  });

  it("never renders a private timeline, not even for a token holder", async () => {
    for (const token of [null, undefined]) {
      for (const path of ["/embed/secret", "/t/secret"]) {
        const res = await call("GET", path, { token });
        const body = await res.text();
        expect(res.status, path).toBe(404);
        expect(body).not.toContain("Secret plans");
        expect(body).not.toContain("Hidden entry");
      }
      const oembed = await call("GET", "/oembed?url=https://timeline.test/t/secret", { token });
      expect(oembed.status).toBe(404);
    }
    expect(await (await call("GET", "/", { token: null })).text()).not.toContain("Secret plans");
  });

  it("renders unlisted timelines by link, marked noindex, and leaves them off the landing page", async () => {
    const { res, html } = await get("/t/by-link");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex");
    expect((await one(html, 'meta[name="robots"]')).attrs.content).toBe("noindex");
    expect((await get("/embed/by-link")).res.status).toBe(200);
    expect((await get("/")).html).not.toContain("Only by link");
  });

  it("treats deleted timelines as missing", async () => {
    expect((await get("/embed/gone")).res.status).toBe(404);
    expect((await get("/t/gone")).res.status).toBe(404);
  });
});
