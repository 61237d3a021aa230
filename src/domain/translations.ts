/**
 * One entry, several languages. An entry keeps its facts once (dates, kind, status, amounts,
 * actors, sources) and its text in the timeline's source language; a translation per language
 * holds some or all of that text: title, body, display date, location, and the commitment's
 * status and tranche notes (keyed by the source note they translate, so they survive reordering).
 *
 * A translation remembers a fingerprint of the source text it covers. It is `stale` exactly when
 * that text has changed since, and fresh again if the change is undone; it stays published either
 * way. A note is keyed by its source note: when that note is edited, its translation no longer
 * applies (the note falls back) and the translation turns stale for good, until it is rewritten. Readers ask for a language and get each field from the most specific translation that has
 * it (`en-GB` → `en` → the source language), every field that fell back marked.
 */

/** The text fields a translation may carry, besides notes. */
export const TEXT_FIELDS = ["title", "body", "display_date", "location"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Note kinds a translation may carry: each maps a source note to its translation. */
export const NOTE_KINDS = ["status_notes", "tranche_notes"] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** A translation as stored with its entry. */
export interface StoredTranslation {
  title: string | null;
  body: string | null;
  display_date: string | null;
  location: string | null;
  /** Source status note (as written in `commitment.history[].note`) → its translation. */
  status_notes?: Record<string, string>;
  /** Source tranche note → its translation. */
  tranche_notes?: Record<string, string>;
  /** Made by a machine (and not yet reviewed by a person). */
  machine: boolean;
  /** The entry revision whose text this translates; null when unknown (imported as stale). */
  source_revision: number | null;
  /** Fingerprint of the source text it covers when it was written; null: some older, unknown text. */
  source_hash: string | null;
}

/** An entry's translations by language tag (canonical BCP 47: `en`, `en-GB`, `uk`). */
export type Translations = Record<string, StoredTranslation>;

/** A translation as readers get it: `stale` derived, the fingerprint left out. */
export interface TranslationJson extends Omit<StoredTranslation, "source_hash"> {
  stale: boolean;
}

/** A translation as a writer sends it. Missing text falls back; notes must name a source note. */
export interface TranslationInput {
  title?: string | null;
  body?: string | null;
  display_date?: string | null;
  location?: string | null;
  status_notes?: Record<string, string> | null;
  tranche_notes?: Record<string, string> | null;
  machine?: boolean;
  /**
   * Omitted: stale as before when the text is unchanged, fresh when it is new. `false` confirms the
   * translation against the current source; `true` records it as translating an older text.
   */
  stale?: boolean;
}

/** What of an entry a translation translates (structural, so any entry shape fits). */
export interface SourceText {
  title: string;
  body: string | null;
  display_date: string | null;
  location: string | null;
  commitment: {
    history: readonly { note: string | null }[];
    tranches?: readonly { note?: string | null }[];
  } | null;
}

/** The source notes of each kind, in order, without blanks or repeats. */
export function sourceNotes(entry: SourceText, kind: NoteKind): string[] {
  const list =
    kind === "status_notes" ? (entry.commitment?.history ?? []).map((h) => h.note) : (entry.commitment?.tranches ?? []).map((t) => t.note);
  return [...new Set(list.filter((n): n is string => typeof n === "string" && n !== ""))];
}

/**
 * 53-bit string hash (cyrb53), hex: a fingerprint, not a secret.
 * @example hash53("Gipfel") === hash53("Gipfel") // true
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/**
 * The fingerprint of the source text a translation covers: the source value of every text field
 * it translates. Notes are keyed by their source text, so they never go stale, only missing.
 */
export function sourceFingerprint(entry: SourceText, translation: Pick<StoredTranslation, TextField>): string {
  const covered = TEXT_FIELDS.filter((f) => translation[f] !== null).map((f) => [f, entry[f]]);
  return hash53(JSON.stringify(covered));
}

/** Whether the source text a translation covers has changed since it was written. */
export function isStale(translation: StoredTranslation, entry: SourceText): boolean {
  return translation.source_hash === null || translation.source_hash !== sourceFingerprint(entry, translation);
}

/** The published form of one translation. */
export function translationJson(translation: StoredTranslation, entry: SourceText): TranslationJson {
  const { source_hash: _hash, status_notes, tranche_notes, ...rest } = translation;
  return {
    ...rest,
    ...(status_notes && Object.keys(status_notes).length > 0 ? { status_notes } : {}),
    ...(tranche_notes && Object.keys(tranche_notes).length > 0 ? { tranche_notes } : {}),
    stale: isStale(translation, entry),
  };
}

/** Every translation of an entry in its published form. */
export function translationsJson(translations: Translations, entry: SourceText): Record<string, TranslationJson> {
  return Object.fromEntries(Object.entries(translations).map(([lang, t]) => [lang, translationJson(t, entry)]));
}

/** Language tags compare without regard to case (`en-gb` is `en-GB`). */
export function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The primary language subtag: `en` for `en-GB`. */
export function baseLanguage(tag: string): string {
  return tag.split("-")[0]!.toLowerCase();
}

/**
 * A tag and the shorter tags it falls back to, most specific first (RFC 4647 lookup: drop
 * subtags from the end, and a single-letter one left dangling).
 * @example lookupTags("zh-Hant-TW") // ["zh-Hant-TW", "zh-Hant", "zh"]
 */
export function lookupTags(tag: string): string[] {
  const subtags = tag.split("-");
  const tags: string[] = [];
  for (let n = subtags.length; n > 0; n--) if (subtags[n - 1]!.length > 1) tags.push(subtags.slice(0, n).join("-"));
  return tags;
}

/**
 * The languages to take text from for `requested`, most specific first and the source language
 * last, never twice.
 * @example fallbackChain("en-GB", "de") // ["en-GB", "en", "de"]
 * @example fallbackChain("de-AT", "de") // ["de-AT", "de"]
 * @example fallbackChain(null, "de") // ["de"]
 */
export function fallbackChain(requested: string | null | undefined, source: string): string[] {
  const chain: string[] = [];
  for (const tag of requested ? lookupTags(requested) : []) {
    if (sameLanguage(tag, source)) break;
    chain.push(tag);
  }
  chain.push(source);
  return chain;
}

/** The published languages of a timeline: its source language first, then the others once each. */
export function publishedLanguages(source: string, languages: readonly string[]): string[] {
  const list = [source];
  for (const tag of languages) if (!list.some((l) => sameLanguage(l, tag))) list.push(tag);
  return list;
}

/**
 * The published languages after a timeline write that may change the source language, the list,
 * or both. A new source language takes the old one's place at the head of the list.
 * @example languagesAfter({ language: "de", languages: ["de", "en"] }, { language: "fr" }) // ["fr", "en"]
 */
export function languagesAfter(
  current: { language: string; languages: readonly string[] } | null,
  changes: { language?: string; languages?: readonly string[] },
): string[] {
  const language = changes.language ?? current?.language ?? "en";
  const others = changes.languages ?? (current ? current.languages.filter((l) => !sameLanguage(l, current.language)) : []);
  return publishedLanguages(language, others);
}

/** The translation stored under `lang` (tags compared without regard to case). */
export function translationFor(translations: Translations, lang: string): StoredTranslation | undefined {
  return translations[lang] ?? Object.entries(translations).find(([tag]) => sameLanguage(tag, lang))?.[1];
}

/** Where a localized entry's text comes from. */
export interface TextOrigin {
  /** The language each text field is written in (the source language where no translation has it). */
  languages: Record<TextField, string>;
  /** The fields shown in another language than the one asked for, with the language they are in. */
  fallback: Partial<Record<TextField | NoteKind, string>>;
  /** The most specific translation that supplied any text, or null when all of it is the source's. */
  translation: { lang: string; machine: boolean; stale: boolean } | null;
  /**
   * The language each note is shown in, by position (`commitment.history`, `commitment.tranches`);
   * null where there is no note. Lets a reader mark one untranslated note among translated ones.
   */
  notes: Record<NoteKind, (string | null)[]>;
}

/** An entry with the fields `localize` replaces: text, and the commitment's notes. */
export interface TranslatableEntry extends SourceText {
  translations: Translations;
}

/**
 * The entry's text in the first language of `chain` that has it, field by field (see
 * `fallbackChain`; its last element is the source language), and where each field came from.
 * Everything else about the entry stays as it is.
 * @example localize(entry, fallbackChain("en", "de")).entry.title // the English title, or the German one
 */
export function localize<E extends TranslatableEntry>(entry: E, chain: readonly string[]): { entry: E; origin: TextOrigin } {
  const source = chain[chain.length - 1]!;
  const asked = chain[0]!;
  const translated = chain.slice(0, -1).flatMap((lang) => {
    const t = translationFor(entry.translations, lang);
    return t ? [{ lang, t }] : [];
  });
  const suppliers = new Set<string>();
  const languages = {} as Record<TextField, string>;
  const fallback: TextOrigin["fallback"] = {};
  const text: Partial<Record<TextField, string | null>> = {};
  for (const field of TEXT_FIELDS) {
    const hit = translated.find(({ t }) => t[field] !== null);
    if (hit) {
      text[field] = hit.t[field];
      suppliers.add(hit.lang);
    }
    languages[field] = hit?.lang ?? source;
    const shown = hit ? hit.t[field] : entry[field];
    if (shown !== null && !sameLanguage(languages[field], asked)) fallback[field] = languages[field];
  }

  const notes: TextOrigin["notes"] = { status_notes: [], tranche_notes: [] };
  /** A note in the first language that translates it, else as written. */
  const noteIn = (kind: NoteKind, note: string | null | undefined): string | null | undefined => {
    if (!note) {
      notes[kind].push(null);
      return note;
    }
    const lang = noteLanguage(entry.translations, kind, note, chain);
    notes[kind].push(lang);
    if (!sameLanguage(lang, asked) && fallback[kind] !== source) fallback[kind] = lang;
    if (sameLanguage(lang, source)) return note;
    suppliers.add(lang);
    return translationFor(entry.translations, lang)![kind]![note];
  };
  const c = entry.commitment;
  const commitment = c && {
    ...c,
    history: c.history.map((h) => ({ ...h, note: noteIn("status_notes", h.note) ?? null })),
    ...(c.tranches ? { tranches: c.tranches.map((t) => ({ ...t, note: noteIn("tranche_notes", t.note) })) } : {}),
  };

  const used = translated.find(({ lang }) => suppliers.has(lang));
  const translation = used ? { lang: used.lang, machine: used.t.machine, stale: isStale(used.t, entry) } : null;
  return { entry: { ...entry, ...text, commitment } as E, origin: { languages, fallback, translation, notes } };
}

/**
 * The language a source note of `kind` is shown in when read along `chain` (see `fallbackChain`):
 * the first language whose translation has it, else the source language (the chain's last).
 * @example noteLanguage(entry.translations, "tranche_notes", "Erste Tranche", ["en", "de"]) // "en" when translated
 */
export function noteLanguage(translations: Translations, kind: NoteKind, note: string, chain: readonly string[]): string {
  return chain.slice(0, -1).find((lang) => translationFor(translations, lang)?.[kind]?.[note] !== undefined) ?? chain[chain.length - 1]!;
}

function noteMap(notes: Record<string, string> | null | undefined, sources: readonly string[]): Record<string, string> | undefined {
  if (!notes) return undefined;
  const kept = Object.entries(notes).filter(([note]) => sources.includes(note));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** The text part of a translation (what a writer sends), normalised for comparison and storage. */
function translationText(input: TranslationInput | StoredTranslation, entry: SourceText) {
  return {
    title: input.title ?? null,
    body: input.body ?? null,
    display_date: input.display_date ?? null,
    location: input.location ?? null,
    status_notes: noteMap(input.status_notes, sourceNotes(entry, "status_notes")),
    tranche_notes: noteMap(input.tranche_notes, sourceNotes(entry, "tranche_notes")),
  };
}

function sameText(a: ReturnType<typeof translationText>, b: ReturnType<typeof translationText>): boolean {
  const notes = (m: Record<string, string> | undefined) => JSON.stringify(Object.entries(m ?? {}).sort(([x], [y]) => (x < y ? -1 : 1)));
  return (
    TEXT_FIELDS.every((f) => a[f] === b[f]) &&
    notes(a.status_notes) === notes(b.status_notes) &&
    notes(a.tranche_notes) === notes(b.tranche_notes)
  );
}

/**
 * The translations an entry stores after a write of `input` (the whole set: languages left out
 * are removed). A translation whose text is unchanged keeps what it translates, so a source edit
 * leaves it stale; a new or changed one translates `next` as written at `revision`. Notes whose
 * source note no longer exists (it was edited or removed) are dropped, and the translation is
 * then stale: it translated a text that has changed.
 */
export function writeTranslations(
  previous: Translations | null,
  input: Record<string, TranslationInput>,
  next: SourceText,
  revision: number,
): Translations {
  const result: Translations = {};
  for (const [lang, given] of Object.entries(input)) {
    const text = translationText(given, next);
    const machine = given.machine ?? false;
    const before = previous ? translationFor(previous, lang) : undefined;
    const unchanged = before && sameText(translationText(before, next), text);
    if (before && unchanged && (given.stale === undefined || given.stale === isStale(before, next))) {
      // A note whose source note changed (or went) is dropped: the rest now translates an older text.
      const source_hash = lostNotes(before, next) ? null : before.source_hash;
      result[lang] = { ...withoutEmptyNotes(text), machine, source_revision: before.source_revision, source_hash };
      continue;
    }
    const stale = given.stale ?? false;
    const fresh = { ...withoutEmptyNotes(text), machine, source_revision: stale ? null : revision, source_hash: null };
    result[lang] = stale ? fresh : { ...fresh, source_hash: sourceFingerprint(next, fresh) };
  }
  return result;
}

/** Whether a stored translation has a note whose source note the entry no longer has. */
function lostNotes(translation: StoredTranslation, entry: SourceText): boolean {
  return NOTE_KINDS.some((kind) => Object.keys(translation[kind] ?? {}).some((note) => !sourceNotes(entry, kind).includes(note)));
}

function withoutEmptyNotes(text: ReturnType<typeof translationText>) {
  const { status_notes, tranche_notes, ...rest } = text;
  return { ...rest, ...(status_notes ? { status_notes } : {}), ...(tranche_notes ? { tranche_notes } : {}) };
}

/**
 * The translations of an entry copied into another timeline, where its revisions start again at
 * 1: a fresh one translates revision 1, a stale one an unknown older text (as an import of it).
 */
export function restartedTranslations(translations: Translations, entry: SourceText): Translations {
  return Object.fromEntries(
    Object.entries(translations).map(([lang, t]) => [
      lang,
      isStale(t, entry) ? { ...t, source_revision: null, source_hash: null } : { ...t, source_revision: 1 },
    ]),
  );
}

/**
 * The input that would keep `translations` as they are (the base a patch merges onto). With
 * `restoring`, the entry they were saved with (an older version brought back): those that were
 * stale then say so, so they come back stale.
 */
export function translationsAsInput(translations: Translations | undefined, restoring?: SourceText): Record<string, TranslationInput> {
  return Object.fromEntries(
    Object.entries(translations ?? {}).map(([lang, t]) => {
      const { source_hash: _h, source_revision: _r, ...input } = t;
      return [lang, restoring && isStale(t, restoring) ? { ...input, stale: true } : input];
    }),
  );
}

/** A writer's mistake in a translation: where (a path below the translation) and what. */
export interface TranslationProblem {
  path: (string | number)[];
  detail: string;
}

/**
 * What is wrong with translations a writer sends for an entry of a timeline written in `source`:
 * a translation into the source language itself, or a note that is not one of the entry's.
 * Paths start at the language tag.
 */
export function translationProblems(
  input: Record<string, TranslationInput | null>,
  source: string,
  entry: SourceText,
): TranslationProblem[] {
  return Object.entries(input).flatMap(([lang, translation]): TranslationProblem[] => {
    if (!translation) return [];
    if (sameLanguage(lang, source)) {
      return [{ path: [lang], detail: `is the timeline's source language (${source}): write its text in the entry's own fields` }];
    }
    return unknownNotes(translation, entry).map(([kind, note]) => ({
      path: [lang, kind, note],
      detail: `is not one of the entry's ${kind === "status_notes" ? "status" : "tranche"} notes (give the note exactly as written)`,
    }));
  });
}

/**
 * Notes a translation names that the entry does not have (a writer's mistake: each key must be a
 * source note exactly as written), as [kind, note] pairs.
 */
export function unknownNotes(input: TranslationInput, entry: SourceText): [NoteKind, string][] {
  return NOTE_KINDS.flatMap((kind) => {
    const sources = sourceNotes(entry, kind);
    return Object.keys(input[kind] ?? {})
      .filter((note) => !sources.includes(note))
      .map((note): [NoteKind, string] => [kind, note]);
  });
}
