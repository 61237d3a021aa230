/**
 * Nothing is lost: every saved state of an entry, with a button to bring one back, and the trash
 * of deleted entries.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { buildEntry, type Entry, entryAsInput } from "../domain/entry";
import { translationsAsInput } from "../domain/translations";
import { getEntry, listDeletedEntries, listRevisions } from "../db/entries";
import type { AppEnv } from "../env";
import { fill, language } from "../i18n";
import { EntryId } from "../http/schemas/common";
import { EntryCreate } from "../http/schemas/entry";
import { notHere, studioTimeline } from "./access";
import { signedIn } from "./guard";
import { page, postButton, ui } from "./layout";
import { doneNotice, entryWhen, spelledDate, tabs } from "./parts";
import { writeEntries } from "../http/write";

function entryId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!EntryId.safeParse(id).success) throw notHere();
  return id;
}

const when = (iso: string, lang: "en" | "de") =>
  `${spelledDate(iso.slice(0, 10), lang)}, ${iso.slice(11, 16)} UTC`;

/** `GET /studio/t/{slug}/e/{id}/history`: every saved version, newest first. */
export async function historyPage(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const id = entryId(c);
  const entry = await getEntry(c.var.db, timeline.id, id, { includeDeleted: true });
  if (!entry) throw notHere();
  const { lang, w } = ui(c);
  const statusWords = language(lang, lang).words.status;
  const revisions = await listRevisions(c.var.db, id);
  const h = w.history;
  const items = revisions.map((r) => {
    const snapshot = r.snapshot as unknown as Entry;
    const current = r.revision === entry.revision;
    return html`<li><strong>${fill(h.version, { n: String(r.revision) })}</strong> · ${h.actions[r.action]} · <span class="when">${when(r.created_at, lang)}</span>${
      current ? html` <span class="tag">${h.current}</span>` : ""
    }<br>${snapshot.title} · ${entryWhen(snapshot, lang)}${
      snapshot.commitment ? html` · ${statusWords[snapshot.commitment.status]}` : ""
    }${snapshot.draft ? html` <span class="tag draft">${w.list.draft}</span>` : ""}${
      current || r.action === "delete" ? "" : postButton(`/studio/t/${timeline.slug}/e/${id}/history/${r.revision}`, h.restore, { className: "sec" })
    }</li>`;
  });
  const body = html`<h1>${h.title}: ${entry.title}</h1>${tabs(w, timeline, null)}<p><a href="/studio/t/${timeline.slug}/e/${id}">${w.entry.edit}</a></p><ol class="entries">${items}</ol>`;
  return page(c, { title: `${h.title}: ${entry.title}`, body, signedIn: true });
}

/**
 * `POST /studio/t/{slug}/e/{id}/history/{revision}`: the entry becomes what it was at that
 * version, saved as a new version (history of a commitment's status grows; nothing is erased).
 */
export async function restoreVersion(c: Context<AppEnv>): Promise<Response> {
  const who = await signedIn(c);
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const id = entryId(c);
  const current = await getEntry(c.var.db, timeline.id, id, { includeDeleted: true });
  if (!current) throw notHere();
  const wanted = Number(c.req.param("revision"));
  const revision = (await listRevisions(c.var.db, id)).find((r) => r.revision === wanted);
  if (!revision) throw notHere();
  const snapshot = revision.snapshot as unknown as Entry;
  // Translations that were stale in that version come back stale.
  const input = { ...entryAsInput({ ...snapshot, external_id: current.external_id }), translations: translationsAsInput(snapshot.translations, snapshot) };
  const parsed = EntryCreate.safeParse(input);
  if (!parsed.success) throw notHere();
  const next = buildEntry(current, parsed.data, { id, now: c.var.now.toISOString() });
  await writeEntries(c, timeline, [{ entry: next, previous: current, action: "update" }], { by: who.id });
  return c.redirect(`/studio/t/${timeline.slug}/e/${id}?done=restored`, 303);
}

/** `GET /studio/t/{slug}/trash`: deleted entries, most recent first, each restorable. */
export async function trashPage(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const { lang, w } = ui(c);
  const deleted = await listDeletedEntries(c.var.db, timeline.id);
  const t = w.trash;
  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "trash")}${doneNotice(c, w)}<h2>${t.entries}</h2>${
    deleted.length
      ? html`<ul class="entries">${deleted.map(
          (e) => html`<li><strong>${e.title}</strong> <span class="when">${entryWhen(e, lang)} · ${fill(t.deleted, {
            date: when(e.deleted_at!, lang),
          })}</span>${postButton(`/studio/t/${timeline.slug}/e/${e.id}/restore`, t.restore, { className: "sec" })}</li>`,
        )}</ul>`
      : html`<p>${t.empty}</p>`
  }`;
  return page(c, { title: `${t.title}: ${timeline.title}`, body, signedIn: true });
}
