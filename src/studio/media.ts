/**
 * An entry's image in the studio: the current one shown, and the upload form (file, alt text
 * required, credit). The upload goes through the same checks and storage as the API's.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { type Entry, nextState } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { getEntry } from "../db/entries";
import type { AppEnv } from "../env";
import type { StudioWords } from "../i18n";
import { readImageUpload, storeImage } from "../http/media";
import { Problem } from "../http/problem";
import { EntryId } from "../http/schemas/common";
import { notHere, studioTimeline } from "./access";
import { signedIn } from "./guard";
import { field, type Html, notice } from "./layout";
import { writeEntries } from "../http/write";

/** Whether the entry's media is an image uploaded to this service (it has a size). */
export const isUploaded = (entry: Entry) => entry.media !== null && entry.media.width !== null && entry.media.height !== null;

/** The image panel of the entry page. */
export function imageForm(w: StudioWords, timeline: Timeline, entry: Entry, error: string | null): Html {
  const i = w.image;
  const media = entry.media;
  return html`<h2 id="image">${i.title}</h2>${error ? notice(`${i.refused}: ${error}`, "bad") : ""}${
    media && isUploaded(entry)
      ? html`<figure><img class="thumb" src="${new URL(media.url).pathname}" alt="${media.alt ?? ""}" width="${String(media.width)}" height="${String(media.height)}" loading="lazy"><figcaption class="help">${i.current}${
          media.credit ? html` · ${media.credit}` : ""
        }</figcaption></figure>`
      : ""
  }<form method="post" action="/studio/t/${timeline.slug}/e/${entry.id}/media" enctype="multipart/form-data"><div class="field"><label for="f-file">${i.file}</label><input type="file" id="f-file" name="file" accept="image/jpeg,image/png,image/webp,image/avif" required></div>${field(
    { label: i.alt, name: "alt", id: "f-image-alt", required: true, value: isUploaded(entry) ? media?.alt : "" },
  )}${field({ label: i.credit, name: "credit", id: "f-image-credit", value: isUploaded(entry) ? media?.credit : "" })}<button class="sec">${i.upload}</button></form>`;
}

/**
 * `POST /studio/t/{slug}/e/{id}/media`: stores the image (metadata removed) and sets it as the
 * entry's media. A refused upload comes back to the entry page with the reason.
 */
export async function uploadImage(c: Context<AppEnv>, refused: (timeline: Timeline, entry: Entry, message: string) => Promise<Response>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const id = c.req.param("id") ?? "";
  if (!EntryId.safeParse(id).success) throw notHere();
  const entry = await getEntry(c.var.db, timeline.id, id);
  if (!entry) throw notHere();
  let media;
  try {
    media = await storeImage(c, await readImageUpload(c));
  } catch (err) {
    if (!(err instanceof Problem) || err.status >= 500) throw err;
    const detail = err.errors?.map((f) => `${(f.pointer ?? "").replace("/", "")} ${f.detail}`).join("; ") || err.message;
    return refused(timeline, entry, detail);
  }
  const current = (await getEntry(c.var.db, timeline.id, id)) ?? entry;
  await writeEntries(c, timeline, [{ entry: nextState(current, { media }, c.var.now.toISOString()), action: "update", previous: current }], { by: who.id });
  return c.redirect(`/studio/t/${timeline.slug}/e/${id}?done=imageUploaded#image`, 303);
}
