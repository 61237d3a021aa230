/**
 * The backup format `edge-timeline/1`: the timeline's fields and every live entry with every
 * stored field (commitment history and tranches included), and the exchange rates.
 * `POST …/import` reads the entries and the rates back.
 */
import type { Entry } from "../domain/entry";
import type { Rate } from "../domain/rates";
import type { Timeline } from "../domain/timeline";
import { type TranslationJson, translationsJson } from "../domain/translations";

export const EXPORT_FORMAT = "edge-timeline/1";

export type ExportedTimeline = Omit<Timeline, "id" | "revision" | "ledger_version" | "deleted_at">;
/** Translations travel as readers see them (`stale` stated, no fingerprint); import reads them back. */
export type ExportedEntry = Omit<Entry, "deleted_at" | "translations"> & { translations: Record<string, TranslationJson> };

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  exported_at: string;
  timeline: ExportedTimeline;
  entries: ExportedEntry[];
  /** The timeline's exchange rates; `POST …/import` stores them with the entries. */
  exchange_rates: Rate[];
}

/** The stored fields of an entry (a live entry has no `deleted_at` to keep). */
export function exportedEntry(e: Entry): ExportedEntry {
  const { deleted_at: _deleted, ...stored } = e;
  return { ...stored, translations: translationsJson(e.translations, e) };
}

export function exportDocument(timeline: Timeline, entries: Entry[], now: string, rates: Rate[] = []): ExportDocument {
  return {
    format: EXPORT_FORMAT,
    exported_at: now,
    timeline: {
      slug: timeline.slug,
      title: timeline.title,
      description: timeline.description,
      language: timeline.language,
      languages: timeline.languages,
      time_zone: timeline.time_zone,
      visibility: timeline.visibility,
      embed_origins: timeline.embed_origins,
      reporting_currency: timeline.reporting_currency,
      live: timeline.live,
      created_at: timeline.created_at,
      updated_at: timeline.updated_at,
    },
    entries: entries.map(exportedEntry),
    exchange_rates: rates,
  };
}
