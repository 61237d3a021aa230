/**
 * An entry's translations side by side with its original text: per language what is missing or
 * stale (the original changed since), with a form to write it. The source text itself is edited
 * on the entry's own page; dates, amounts, status, tags and actors are shared by every language.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { buildEntry, changedTranslations, type Entry, entryAsInput, mergeEntryPatch } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import {
  isStale,
  NOTE_KINDS,
  type NoteKind,
  sameLanguage,
  sourceNotes,
  type StoredTranslation,
  TEXT_FIELDS,
  type TextField,
  translationFor,
} from "../domain/translations";
import { getEntry } from "../db/entries";
import { StaleRevision } from "../db/errors";
import type { AppEnv } from "../env";
import { fill, type StudioWords } from "../i18n";
import { EntryId } from "../http/schemas/common";
import { EntryCreate, TranslationInput } from "../http/schemas/entry";
import { LanguageTag } from "../http/schemas/fields";
import { writeEntries } from "../http/write";
import { notHere, studioTimeline } from "./access";
import { type FieldErrors, readForm } from "./form";
import { signedIn } from "./guard";
import { field, type Html, notice, page, postButton, ui } from "./layout";
import { doneNotice, tabs } from "./parts";

/** What a translation lacks against the original, and whether it lags behind it. */
export interface TranslationState {
  lang: string;
  /** Listed in the timeline's `languages`. */
  published: boolean;
  translation: StoredTranslation | null;
  /** Fields (and notes) the original has and the translation does not. */
  missing: string[];
  /** Of how many the original has. */
  total: number;
  stale: boolean;
}

/**
 * For each language an entry should be (or is) translated into, what is missing or stale: the
 * timeline's published languages but the source one, then any other language it holds.
 */
export function translationStates(entry: Entry, timeline: Pick<Timeline, "language" | "languages">): TranslationState[] {
  const published = timeline.languages.filter((l) => !sameLanguage(l, timeline.language));
  const others = Object.keys(entry.translations).filter((l) => !published.some((p) => sameLanguage(p, l)));
  return [...published, ...others].map((lang) => {
    const translation = translationFor(entry.translations, lang) ?? null;
    const wanted = [
      ...TEXT_FIELDS.filter((f) => entry[f] !== null),
      ...NOTE_KINDS.flatMap((kind) => sourceNotes(entry, kind).map((note) => `${kind}:${note}`)),
    ];
    const has = (key: string) => {
      if (!translation) return false;
      const [kind, ...note] = key.split(":");
      if (NOTE_KINDS.includes(kind as NoteKind)) return translation[kind as NoteKind]?.[note.join(":")] !== undefined;
      return translation[key as TextField] !== null;
    };
    return {
      lang,
      published: published.includes(lang),
      translation,
      missing: wanted.filter((key) => !has(key)),
      total: wanted.length,
      stale: translation ? isStale(translation, entry) : false,
    };
  });
}

/** The state of one language in a few words, as tags. */
export function stateTags(w: StudioWords, s: TranslationState): Html {
  const t = w.translations.states;
  const tags: Html[] = [];
  if (!s.translation) tags.push(html`<span class="tag bad">${t.missing}</span>`);
  else {
    if (s.stale) tags.push(html`<span class="tag draft">${t.stale}</span>`);
    if (s.missing.length > 0) {
      tags.push(html`<span class="tag bad">${fill(t.incomplete, { n: String(s.missing.length), total: String(s.total) })}</span>`);
    }
    if (s.translation.machine) tags.push(html`<span class="tag">${t.machine}</span>`);
    if (!s.stale && s.missing.length === 0) tags.push(html`<span class="tag">${t.current}</span>`);
  }
  if (!s.published) tags.push(html`<span class="tag">${t.unpublished}</span>`);
  return html`${tags.map((tag, i) => html`${i ? " " : ""}${tag}`)}`;
}

/** A language's name in the studio's language ("German", "Englisch"). */
function languageName(tag: string, ui: "en" | "de"): string {
  try {
    return new Intl.DisplayNames([ui], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function entryId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!EntryId.safeParse(id).success) throw notHere();
  return id;
}

async function load(c: Context<AppEnv>) {
  const timeline = await studioTimeline(c, c.req.param("slug")!, "entry:write");
  const entry = await getEntry(c.var.db, timeline.id, entryId(c));
  if (!entry) throw notHere();
  return { timeline, entry };
}

/** The language of a translation form's URL: a language tag other than the timeline's own. */
function formLanguage(c: Context<AppEnv>, timeline: Timeline): string {
  const lang = LanguageTag.safeParse(c.req.param("lang"));
  if (!lang.success || sameLanguage(lang.data, timeline.language)) throw notHere();
  return lang.data;
}

/** A text field's label, as the entry form names it. */
function fieldLabel(w: StudioWords, f: TextField): string {
  return { title: w.entry.headline, body: w.entry.body, display_date: w.entry.displayDate, location: w.entry.location }[f];
}

interface LanguageForm {
  lang: string;
  /** Values as submitted, when showing problems. */
  values?: Map<string, string>;
  errors?: FieldErrors;
}

/** One language beside the original: field, original text, translation (a form control). */
function languageSection(c: Context<AppEnv>, timeline: Timeline, entry: Entry, state: TranslationState, form: LanguageForm | null): Html {
  const { lang: uiLang, w } = ui(c);
  const t = w.translations;
  const tr = state.translation;
  const id = (name: string) => `t-${state.lang}-${name.replace(/[^a-z0-9_-]/gi, "_")}`;
  const value = (name: string, stored: string | null | undefined) => (form?.values ? form.values.get(name) ?? "" : stored ?? "");
  const error = (name: string) => form?.errors?.get(name) ?? null;
  const rows: Html[] = TEXT_FIELDS.filter((f) => entry[f] !== null || (tr && tr[f] !== null)).map(
    (f) => html`<tr><th scope="row">${fieldLabel(w, f)}</th><td lang="${timeline.language}">${entry[f] ?? ""}</td><td>${field({
      label: `${fieldLabel(w, f)} (${languageName(state.lang, uiLang)})`,
      name: f,
      id: id(f),
      value: value(f, tr?.[f]),
      error: error(f),
      multiline: f === "body",
      rows: f === "body" ? 6 : undefined,
      attrs: html` lang="${state.lang}"`,
    })}</td></tr>`,
  );
  for (const kind of NOTE_KINDS) {
    sourceNotes(entry, kind).forEach((note, i) => {
      const name = `${kind}.${i}`;
      const label = kind === "status_notes" ? w.status.note : t.trancheNote;
      rows.push(
        html`<tr><th scope="row">${label}</th><td lang="${timeline.language}">${note}</td><td>${field({
          label: `${label} (${languageName(state.lang, uiLang)})`,
          name,
          id: id(name),
          value: value(name, tr?.[kind]?.[note]),
          error: error(name),
          multiline: true,
          rows: 2,
          attrs: html` lang="${state.lang}"`,
        })}</td></tr>`,
      );
    });
  }
  const action = `/studio/t/${timeline.slug}/e/${entry.id}/translations/${state.lang}`;
  const machine = form?.values ? form.values.has("machine") : tr?.machine ?? false;
  return html`<section id="lang-${state.lang}"><h2>${languageName(state.lang, uiLang)} <span lang="${state.lang}">(${state.lang})</span> ${stateTags(
    w,
    state,
  )}</h2>${form?.errors?.has("") ? notice(form.errors.get("")!, "bad") : ""}<form method="post" action="${action}" novalidate><input type="hidden" name="revision" value="${String(
    entry.revision,
  )}"><div class="scroll"><table class="diff"><thead><tr><th scope="col">${t.field}</th><th scope="col">${t.original} (${languageName(
    timeline.language,
    uiLang,
  )})</th><th scope="col">${languageName(state.lang, uiLang)}</th></tr></thead><tbody>${rows}</tbody></table></div><p class="check"><input type="checkbox" id="${id(
    "machine",
  )}" name="machine" value="1"${machine ? html` checked` : ""}><label for="${id("machine")}">${t.machine}</label></p><button>${t.save}</button></form>${
    tr ? postButton(`${action}/delete`, t.remove, { className: "dan", confirm: t.removeConfirm, hidden: { revision: String(entry.revision) } }) : ""
  }</section>`;
}

function translationsView(c: Context<AppEnv>, timeline: Timeline, entry: Entry, options: { form?: LanguageForm; note?: Html | ""; status?: number } = {}) {
  const { w } = ui(c);
  const t = w.translations;
  const states = translationStates(entry, timeline);
  const title = `${t.title}: ${entry.title}`;
  const overview = states.length
    ? html`<ul class="entries">${states.map(
        (s) => html`<li><a href="#lang-${s.lang}">${languageName(s.lang, ui(c).lang)}</a> ${stateTags(w, s)}</li>`,
      )}</ul>`
    : html`<p>${t.onlyOne} <a href="/studio/t/${timeline.slug}/settings">${t.settings}</a></p>`;
  const body = html`<h1>${title}</h1>${tabs(w, timeline, null)}${doneNotice(c, w)}${options.note ?? ""}<p><a href="/studio/t/${timeline.slug}/e/${entry.id}">${w.entry.edit}</a></p><p>${t.intro}</p>${overview}${states.map(
    (s) => languageSection(c, timeline, entry, s, options.form && sameLanguage(options.form.lang, s.lang) ? options.form : null),
  )}`;
  return page(c, { title, body, status: options.status ?? 200, signedIn: true });
}

/** `GET /studio/t/{slug}/e/{id}/translations` */
export async function translationsPage(c: Context<AppEnv>): Promise<Response> {
  const { timeline, entry } = await load(c);
  return translationsView(c, timeline, entry);
}

/** Writes the entry with its translations changed; false when it changed since `revision` was read. */
async function writeTranslation(c: Context<AppEnv>, timeline: Timeline, current: Entry, lang: string, translation: unknown): Promise<boolean> {
  const who = await signedIn(c);
  const merged = EntryCreate.safeParse(mergeEntryPatch(entryAsInput(current), { translations: { [lang]: translation } }));
  if (!merged.success) throw notHere();
  const next = buildEntry(current, merged.data, { id: current.id, now: c.var.now.toISOString() });
  try {
    await writeEntries(c, timeline, [{ entry: next, action: "update", previous: current }], { by: who.id, translationsOnly: changedTranslations(current, next) });
    return true;
  } catch (err) {
    if (err instanceof StaleRevision) return false;
    throw err;
  }
}

/** `POST /studio/t/{slug}/e/{id}/translations/{lang}`: the translation as written, of the original as it is now. */
export async function saveTranslation(c: Context<AppEnv>): Promise<Response> {
  const { w } = ui(c);
  const { timeline, entry } = await load(c);
  const lang = formLanguage(c, timeline);
  const form = await readForm(c);
  const values = new Map(form.entries());
  const changed = () => translationsView(c, timeline, entry, { form: { lang, values }, note: notice(w.translations.changed, "bad"), status: 409 });
  if (form.text("revision") !== String(entry.revision)) return changed();

  const notes: Record<NoteKind, Record<string, string>> = { status_notes: {}, tranche_notes: {} };
  for (const kind of NOTE_KINDS) {
    sourceNotes(entry, kind).forEach((note, i) => {
      const text = form.text(`${kind}.${i}`).trim();
      if (text) notes[kind][note] = text;
    });
  }
  const input = {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, form.text(f)])),
    ...(Object.keys(notes.status_notes).length ? { status_notes: notes.status_notes } : {}),
    ...(Object.keys(notes.tranche_notes).length ? { tranche_notes: notes.tranche_notes } : {}),
    machine: form.has("machine"),
    stale: false,
  };
  const parsed = TranslationInput.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = new Map();
    for (const issue of parsed.error.issues) {
      const name = issue.path.length ? String(issue.path[0]) : "";
      if (!errors.has(name)) errors.set(name, issue.message);
    }
    return translationsView(c, timeline, entry, { form: { lang, values, errors }, status: 400 });
  }
  if (!(await writeTranslation(c, timeline, entry, lang, parsed.data))) return changed();
  return c.redirect(`/studio/t/${timeline.slug}/e/${entry.id}/translations?done=translationSaved#lang-${lang}`, 303);
}

/** `POST /studio/t/{slug}/e/{id}/translations/{lang}/delete` */
export async function removeTranslation(c: Context<AppEnv>): Promise<Response> {
  const { w } = ui(c);
  const { timeline, entry } = await load(c);
  const lang = formLanguage(c, timeline);
  const form = await readForm(c);
  const stored = Object.keys(entry.translations).find((tag) => sameLanguage(tag, lang));
  if (!stored) throw notHere();
  const changed = () => translationsView(c, timeline, entry, { note: notice(w.translations.changed, "bad"), status: 409 });
  if (form.text("revision") !== String(entry.revision)) return changed();
  if (!(await writeTranslation(c, timeline, entry, stored, null))) return changed();
  return c.redirect(`/studio/t/${timeline.slug}/e/${entry.id}/translations?done=translationRemoved`, 303);
}
