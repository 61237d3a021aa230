/**
 * Entry images through the API (and the studio's form): type by bytes, at most 5 MiB, alt text
 * required, metadata removed, stored in R2 under their content hash and served immutable.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BASE, call, createEntry, createTimeline, json } from "../support/api";
import { GPS_SECRET, makePng } from "../support/images";
import { location, StudioClient } from "../support/studio";
import { exports } from "cloudflare:workers";

const SLUG = "pictures";
let entry: any;
let png: Uint8Array;

function upload(fields: Record<string, string | Blob>, options: { id?: string; token?: string | null; headers?: Record<string, string> } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? ADMIN : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  return exports.default.fetch(new Request(`${BASE}/v1/timelines/${SLUG}/entries/${options.id ?? entry.id}/media`, { method: "POST", headers, body: form }));
}

const text = (b: ArrayBuffer) => new TextDecoder("latin1").decode(b);

describe("entry images", () => {
  beforeAll(async () => {
    await createTimeline(SLUG);
    entry = await createEntry(SLUG, { title: "With a picture", start: "2024" });
    png = await makePng(40, 30);
  });

  it("stores an image without its metadata and sets media with its size", async () => {
    expect(text(png.buffer as ArrayBuffer)).toContain(GPS_SECRET);
    const res = await upload({ file: new File([png], "photo.png", { type: "image/png" }), alt: "A blue square", credit: "Staff" });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.media).toEqual({ url: expect.stringMatching(/^https:\/\/timeline\.test\/media\/[0-9a-f]{64}\.png$/), alt: "A blue square", credit: "Staff", width: 40, height: 30 });
    expect(body.revision).toBe(2);
    const image = await call("GET", new URL(body.media.url).pathname, { token: null });
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(image.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const stored = await image.arrayBuffer();
    expect(text(stored)).not.toContain(GPS_SECRET);
    expect(text(stored)).not.toContain("xmpmeta");
    expect(stored.byteLength).toBeLessThan(png.length);
    const again = await call("GET", new URL(body.media.url).pathname, { token: null, headers: { "If-None-Match": image.headers.get("ETag")! } });
    expect(again.status).toBe(304);
    // Its name is its content: the same image stores once under one name.
    const list = await env.MEDIA!.list();
    expect(list.objects.map((o) => o.key)).toEqual([new URL(body.media.url).pathname.slice("/media/".length)]);
  });

  it("refuses a file that claims to be a PNG but is not one, and changes nothing", async () => {
    const before = await json(await call("GET", `/v1/timelines/${SLUG}/entries/${entry.id}`));
    const fake = new File([new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")], "photo.png", { type: "image/png" });
    const res = await upload({ file: fake, alt: "x" });
    expect(res.status).toBe(415);
    expect(await json(res)).toMatchObject({ type: "/problems/unsupported-media-type", errors: [{ pointer: "/file" }] });
    const truncated = await upload({ file: new File([png.subarray(0, 60)], "cut.png"), alt: "x" });
    expect(truncated.status).toBe(415);
    expect(await json(await call("GET", `/v1/timelines/${SLUG}/entries/${entry.id}`))).toEqual(before);
  });

  it("requires alt text and a file, and says which is missing", async () => {
    const noAlt = await upload({ file: new File([png], "a.png"), alt: "  " });
    expect(noAlt.status).toBe(400);
    expect((await json(noAlt)).errors).toEqual([{ pointer: "/alt", detail: expect.stringContaining("describe the image") }]);
    const noFile = await upload({ alt: "A picture" });
    expect((await json(noFile)).errors).toEqual([{ pointer: "/file", detail: expect.any(String) }]);
    const notMultipart = await call("POST", `/v1/timelines/${SLUG}/entries/${entry.id}/media`, { body: { alt: "x" } });
    expect(notMultipart.status).toBe(415);
  });

  it("accepts up to 5 MiB, the one body past 1 MiB, and refuses more", async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(png.subarray(0, 8));
    const tooBig = await upload({ file: new File([big], "big.png"), alt: "x" });
    expect(tooBig.status).toBe(413);
    // Elsewhere the 1 MiB limit stands.
    const body = "x".repeat(1024 * 1024 + 1);
    expect((await call("POST", `/v1/timelines/${SLUG}/entries`, { body, headers: { "Content-Type": "application/json" } })).status).toBe(413);
  });

  it("needs a token that can edit the timeline, and an entry that exists", async () => {
    expect((await upload({ file: new File([png], "a.png"), alt: "x" }, { token: null })).status).toBe(401);
    expect((await upload({ file: new File([png], "a.png"), alt: "x" }, { id: "01930000-0000-7000-8000-000000000000" })).status).toBe(404);
    const stale = await upload({ file: new File([png], "a.png"), alt: "x" }, { headers: { "If-Match": `"e.${entry.id}.1"` } });
    expect(stale.status).toBe(412);
  });

  it("answers 404 for images that are not stored, or names that are not image names", async () => {
    expect((await call("GET", `/media/${"0".repeat(64)}.png`, { token: null })).status).toBe(404);
    expect((await call("GET", "/media/..%2Fsecret", { token: null })).status).toBe(404);
  });

  it("takes an upload from the studio's form, and shows a refusal beside it", async () => {
    const studio = new StudioClient();
    await studio.signIn();
    const form = new FormData();
    form.append("file", new File([await makePng(8, 6, [10, 200, 10])], "green.png"));
    form.append("alt", "A green square");
    form.append("credit", "");
    const res = await studio.post(`/studio/t/${SLUG}/e/${entry.id}/media`, form);
    expect(res.status).toBe(303);
    expect(location(res)).toBe(`/studio/t/${SLUG}/e/${entry.id}?done=imageUploaded#image`);
    const media = (await json(await call("GET", `/v1/timelines/${SLUG}/entries/${entry.id}`))).media;
    expect(media).toMatchObject({ alt: "A green square", credit: null, width: 8, height: 6 });
    const page = await (await studio.get(`/studio/t/${SLUG}/e/${entry.id}`)).text();
    expect(page).toContain(`src="${new URL(media.url).pathname}" alt="A green square" width="8" height="6"`);

    const fake = new FormData();
    fake.append("file", new File(["GIF89a not really"], "x.png"));
    fake.append("alt", "x");
    const refused = await studio.post(`/studio/t/${SLUG}/e/${entry.id}/media`, fake);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The image was not stored: file is not a JPEG, PNG, WebP or AVIF image");
  });
});
