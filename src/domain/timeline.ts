/** A timeline as the service stores and publishes it. */
export type Visibility = "public" | "unlisted" | "private";
export const VISIBILITIES = ["public", "unlisted", "private"] as const satisfies readonly Visibility[];

export interface Timeline {
  /** Internal key; never published. */
  id: number;
  slug: string;
  title: string;
  description: string;
  language: string;
  /** Published languages, `language` first (see translations.ts). */
  languages: string[];
  time_zone: string;
  visibility: Visibility;
  embed_origins: string[];
  /** ISO 4217 code the scorecard converts money into; null: none, every currency stays its own. */
  reporting_currency: string | null;
  /** Internal: which recomputation of the ledger aggregates is current. Never published. */
  ledger_version: number;
  /** Open widgets are pushed each new revision over a WebSocket, besides polling. */
  live: boolean;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;
