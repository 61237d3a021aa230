/**
 * Entry images, shared by the API's upload route and the studio's form: the upload read and
 * checked (type by its bytes, at most 5 MiB, alt text required), its metadata removed, stored in
 * R2 under its content hash, and served at that hashed URL with immutable caching.
 */
import type { Context } from "hono";
import { sha256 } from "hono/utils/crypto";
import * as z from "zod/mini";
import { cleanImage } from "../domain/image";
import { LIMITS } from "../domain/limits";
import type { Media } from "../domain/entry";
import type { AppEnv } from "../env";
import { matchesIfNoneMatch } from "./cache";
import { publicOrigin } from "./origin";
import { Problem, type ProblemField } from "./problem";
import { optionalText, requiredText } from "./schemas/fields";
import { validationProblem } from "./validation";

/** `/media/{sha256}.{ext}`: the path images are served at. */
export const MEDIA_FILE = /^[0-9a-f]{64}\.(jpg|png|webp|avif)$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

const UploadFields = z.object({ alt: requiredText(LIMITS.mediaAlt), credit: optionalText(LIMITS.mediaCredit) });

export interface ImageUpload {
  file: File;
  alt: string;
  credit: string | null;
}

/**
 * The image and its words from a multipart form (`file`, `alt`, `credit`); a validation problem
 * points at each missing or bad field.
 */
export async function readImageUpload(c: Context<AppEnv>): Promise<ImageUpload> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new Problem("unsupported-media-type", "Send the image as multipart/form-data with the fields file, alt and credit.");
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new Problem("bad-request", "The form could not be read.");
  }
  const errors: ProblemField[] = [];
  const file = form.get("file");
  if (file === null || typeof file === "string") errors.push({ pointer: "/file", detail: "is required: the image file" });
  const fields = UploadFields.safeParse({ alt: form.get("alt") ?? undefined, credit: form.get("credit") ?? undefined });
  if (!fields.success) {
    for (const issue of fields.error.issues) {
      const name = String(issue.path[0]);
      errors.push({ pointer: `/${name}`, detail: name === "alt" && issue.code !== "too_big" ? "is required: describe the image for people who cannot see it" : issue.message });
    }
  }
  if (errors.length > 0 || !fields.success) throw validationProblem(errors);
  if ((file as File).size > LIMITS.imageBytes) throw new Problem("payload-too-large", `An image may be at most ${LIMITS.imageBytes} bytes (5 MiB).`);
  return { file: file as File, alt: fields.data.alt, credit: fields.data.credit };
}

/**
 * Stores an uploaded image without its metadata and answers the entry's media for it. A file
 * that is not a JPEG, PNG, WebP or AVIF by its bytes is refused (415), whatever it is called.
 * @example const media = await storeImage(c, await readImageUpload(c));
 */
export async function storeImage(c: Context<AppEnv>, upload: ImageUpload): Promise<Media> {
  const bucket = c.env.MEDIA;
  if (!bucket) throw new Problem("unavailable", "Image storage (the MEDIA bucket) is not configured.");
  const clean = cleanImage(new Uint8Array(await upload.file.arrayBuffer()));
  if (!clean) {
    throw new Problem("unsupported-media-type", "The file is not a JPEG, PNG, WebP or AVIF image (judged by its content, not its name).", {
      errors: [{ pointer: "/file", detail: "is not a JPEG, PNG, WebP or AVIF image" }],
    });
  }
  const name = `${await sha256(clean.bytes)}.${clean.info.extension}`;
  await bucket.put(name, clean.bytes, { httpMetadata: { contentType: clean.info.mime, cacheControl: IMMUTABLE } });
  return { url: `${publicOrigin(c)}/media/${name}`, alt: upload.alt, credit: upload.credit, width: clean.info.width, height: clean.info.height };
}

/** `GET /media/{hash}.{ext}`: a stored image; its name is its content, so it never changes. */
export async function serveImage(c: Context<AppEnv>, name: string): Promise<Response> {
  const object = MEDIA_FILE.test(name) ? await c.env.MEDIA?.get(name) : null;
  if (!object) throw new Problem("not-found", `There is no image ${name}.`);
  const headers = {
    "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "Cache-Control": IMMUTABLE,
    ETag: `"${name.slice(0, 64)}"`,
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (matchesIfNoneMatch(c.req.header("If-None-Match"), headers.ETag)) {
    object.body.cancel();
    return new Response(null, { status: 304, headers });
  }
  return new Response(object.body, { headers: { ...headers, "Content-Length": String(object.size) } });
}
