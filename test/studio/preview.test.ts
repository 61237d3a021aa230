/**
 * The studio's preview (the widget's own rendering, drafts shown and marked, private timelines
 * too, never cached, framed by the studio alone), the embed code and oEmbed address; and entry
 * images in the public widget and page: lazy, sized, with alt and credit, styled only when shown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BASE, BROWSER_ACCEPT, call, createEntry, createTimeline, json } from "../support/api";
import { makePng } from "../support/images";
import { StudioClient } from "../support/studio";
import { exports } from "cloudflare:workers";

let studio: StudioClient;
let imageUrl: string;

const widget = async (path: string) => {
  const res = await call("GET", path, { token: null, headers: { Accept: BROWSER_ACCEPT } });
  return { res, html: await res.text() };
};

describe("preview and images", () => {
  beforeAll(async () => {
    await createTimeline("preview-private", { visibility: "private", language: "de" });
    await createEntry("preview-private", { title: "Veröffentlicht", start: "2024-01-01" });
    await createEntry("preview-private", { title: "Noch geheim", start: "2024-02-01", draft: true });
    await createTimeline("with-image", { language: "en" });
    const entry = await createEntry("with-image", { title: "Pictured", start: "2024-03-01" });
    await createEntry("with-image", { title: "Linked elsewhere", start: "2024-04-01", media: { url: "https://photos.example/a.jpg", alt: "Elsewhere", credit: null } });
    const form = new FormData();
    form.append("file", new File([await makePng(120, 80)], "p.png"));
    form.append("alt", "A blue <rectangle>");
    form.append("credit", "Photo: Staff");
    const res = await exports.default.fetch(
      new Request(`${BASE}/v1/timelines/with-image/entries/${entry.id}/media`, { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, body: form }),
    );
    imageUrl = (await json(res)).media.url;
    await createTimeline("no-image", { language: "en" });
    await createEntry("no-image", { title: "Plain", start: "2024" });
    studio = new StudioClient();
    await studio.signIn();
  });

  it("renders the widget for the studio with drafts marked, even for a private timeline", async () => {
    const frame = await studio.get("/studio/t/preview-private/preview/frame?lang=en&theme=dark");
    expect(frame.status).toBe(200);
    expect(frame.headers.get("Cache-Control")).toBe("private, no-store");
    expect(frame.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    const csp = frame.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("script-src");
    const html = await frame.text();
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain("Noch geheim");
    expect(html).toMatch(/<span class="k">Draft<\/span><\/p><h3[^>]*><a href="#entry-[^"]+">Noch geheim/);
    // The public widget shows neither the private timeline nor the draft.
    expect((await widget("/embed/preview-private")).res.status).toBe(404);
    // Signed out, the frame is the sign-in page.
    expect((await new StudioClient().get("/studio/t/preview-private/preview/frame")).status).toBe(303);
  });

  it("offers the embed code, the oEmbed address and the preview with its switches", async () => {
    const html = await (await studio.get("/studio/t/with-image/preview")).text();
    expect(html).toContain("&lt;div data-timeline=&quot;with-image&quot;&gt;&lt;/div&gt;&lt;script async src=&quot;https://timeline.test/embed.js&quot;&gt;");
    expect(html).toContain("https://timeline.test/oembed?url=https%3A%2F%2Ftimeline.test%2Ft%2Fwith-image&amp;format=json");
    expect(html).toContain('<iframe name="preview-with-image" src="/studio/t/with-image/preview/frame?theme=auto"');
    expect(html).toContain('target="preview-with-image"');
    expect(html).toContain('href="https://timeline.test/t/with-image"');
    const entryPage = await (await studio.get(`/studio/t/with-image/new`)).text();
    expect(entryPage).toContain("/studio/t/with-image/preview/frame");
  });

  it("shows an uploaded image in the widget and page: lazy, sized, with alt and credit", async () => {
    const path = new URL(imageUrl).pathname;
    for (const view of ["/embed/with-image", "/t/with-image"]) {
      const { res, html } = await widget(view);
      expect(html, view).toContain(
        `<figure class="im"><img src="${imageUrl}" alt="A blue &lt;rectangle&gt;" width="120" height="80" loading="lazy" decoding="async"><figcaption><bdi>Photo: Staff</bdi></figcaption></figure>`,
      );
      expect(html, view).toContain(".im img{");
      const csp = res.headers.get("Content-Security-Policy")!;
      expect(csp, view).toContain("img-src 'self'");
      expect(csp.match(/'sha256-/g)?.length, view).toBe(2);
      // An image elsewhere stays a link: the widget loads nothing from third parties.
      expect(html, view).toContain('href="https://photos.example/a.jpg"');
      expect(html, view).not.toContain('<img src="https://photos.example');
    }
    expect((await call("GET", path, { token: null })).status).toBe(200);
    const frame = await (await studio.get("/studio/t/with-image/preview/frame")).text();
    expect(frame).toContain(`<img src="${imageUrl}"`);
  });

  it("adds nothing to a widget without images", async () => {
    const { html } = await widget("/embed/no-image");
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toContain(".im");
    expect(html).not.toContain("<figure");
  });
});
