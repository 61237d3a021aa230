/**
 * D1 tables (Drizzle). `drizzle-kit generate` turns this file into `migrations/*.sql`; the full-text
 * index and the optimistic-lock trigger live in a hand-written migration beside them.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { CommitmentData, SourceRef } from "../domain/commitments";
import type { DateQualifier, EntryKind, Media } from "../domain/entry";
import type { Visibility } from "../domain/timeline";
import type { Translations } from "../domain/translations";

export const timelines = sqliteTable(
  "timelines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    language: text("language").notNull().default("en"),
    timeZone: text("time_zone").notNull().default("UTC"),
    visibility: text("visibility").$type<Visibility>().notNull().default("public"),
    embedOrigins: text("embed_origins", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** ISO 4217 code the scorecard converts money into, with the timeline's exchange rates. */
    reportingCurrency: text("reporting_currency"),
    /**
     * Bumped whenever the ledger aggregates are recomputed (rates imported, reporting currency
     * changed); an entry write whose conversions were prepared under another version aborts.
     */
    ledgerVersion: integer("ledger_version").notNull().default(0),
    /** Published languages, the source `language` first. */
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Readers' widgets are pushed each new revision over a WebSocket (besides polling). */
    live: integer("live", { mode: "boolean" }).notNull().default(false),
    /** Bumped by every write to the timeline or its entries: the cache generation. */
    revision: integer("revision").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at"),
  },
  (t) => [
    // A deleted timeline keeps its slug until it is purged, so it can be restored.
    uniqueIndex("timelines_slug").on(t.slug),
    index("timelines_public_list").on(t.visibility, t.id).where(sql`deleted_at IS NULL`),
  ],
);

export const entries = sqliteTable(
  "entries",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(),
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    /** The id an entry has in the system it was imported from (TimelineJS unique_id, a CSV row). */
    externalId: text("external_id"),
    kind: text("kind").$type<EntryKind>().notNull(),
    title: text("title").notNull(),
    body: text("body"),
    start: text("start").notNull(),
    end: text("end"),
    /** Chronological order: start instant, then precision rank (year before month …), then id. */
    startMs: integer("start_ms").notNull(),
    startRank: integer("start_rank").notNull(),
    /** Exclusive end of the whole period the entry covers, for overlap filters. */
    endMs: integer("end_ms").notNull(),
    dateQualifier: text("date_qualifier").$type<DateQualifier>(),
    displayDate: text("display_date"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    actors: text("actors", { mode: "json" }).$type<string[]>().notNull(),
    location: text("location"),
    importance: integer("importance"),
    media: text("media", { mode: "json" }).$type<Media>(),
    sources: text("sources", { mode: "json" }).$type<SourceRef[]>().notNull(),
    /** Copy of commitment.status, for the `status` filter's index. */
    status: text("status"),
    commitment: text("commitment", { mode: "json" }).$type<CommitmentData>(),
    /** Unpublished: left out of every public read (API without an editing token, feeds, widget, pages). */
    draft: integer("draft", { mode: "boolean" }).notNull().default(false),
    /** The entry's text in other languages, by language tag. */
    translations: text("translations", { mode: "json" }).$type<Translations>().notNull().default(sql`'{}'`),
    /** Words the full-text index sees besides title and body (actors, tags, place, sources). */
    searchText: text("search_text").notNull().default(""),
    revision: integer("revision").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at"),
  },
  (t) => [
    uniqueIndex("entries_id").on(t.id),
    uniqueIndex("entries_external_id").on(t.timelineId, t.externalId).where(sql`external_id IS NOT NULL`),
    index("entries_chrono").on(t.timelineId, t.startMs, t.startRank, t.id).where(sql`deleted_at IS NULL`),
    index("entries_kind_chrono")
      .on(t.timelineId, t.kind, t.startMs, t.startRank, t.id)
      .where(sql`deleted_at IS NULL`),
    index("entries_status_chrono")
      .on(t.timelineId, t.status, t.startMs, t.startRank, t.id)
      .where(sql`deleted_at IS NULL`),
    index("entries_deleted").on(t.timelineId, t.deletedAt).where(sql`deleted_at IS NOT NULL`),
    // entries_due (json_extract(commitment, '$.due')), for the overdue sweep, is in a hand-written
    // migration: drizzle-kit 0.31 garbles expression indexes.
  ],
);

/** One row per tag or actor of a live entry, in chronological order, so facet filters page by index. */
export const entryFacets = sqliteTable(
  "entry_facets",
  {
    timelineId: integer("timeline_id").notNull(),
    facet: text("facet").$type<"tag" | "actor">().notNull(),
    /** NFC, lower-cased: what a filter compares. */
    valueKey: text("value_key").notNull(),
    startMs: integer("start_ms").notNull(),
    startRank: integer("start_rank").notNull(),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
  },
  (t) => [
    primaryKey({ columns: [t.timelineId, t.facet, t.valueKey, t.startMs, t.startRank, t.entryId] }),
    index("entry_facets_entry").on(t.entryId),
  ],
);

/** Every saved state of an entry, so changes can be read back and undone. */
export const entryRevisions = sqliteTable(
  "entry_revisions",
  {
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    revision: integer("revision").notNull(),
    action: text("action").$type<"create" | "update" | "delete" | "restore" | "import">().notNull(),
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    tokenId: text("token_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.revision] })],
);

import type { TokenRole } from "../domain/auth";
import type { WebhookEventType } from "../domain/webhooks";

export const tokens = sqliteTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").$type<TokenRole>().notNull(),
    /** Slugs the token may act on, or `["*"]` for all. */
    timelines: text("timelines", { mode: "json" }).$type<string[]>().notNull(),
    /** SHA-256 of the secret, hex. The secret itself is never stored. */
    secretHash: text("secret_hash").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("tokens_secret_hash").on(t.secretHash)],
);

/** Stored answers to `POST …/entries` with an `Idempotency-Key`, replayed on retry. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: text("response").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index("idempotency_keys_age").on(t.createdAt)],
);

/** Exchange rates a timeline's editors imported: `rate` units of `currency` per one `base`. */
export const exchangeRates = sqliteTable(
  "exchange_rates",
  {
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    base: text("base").notNull(),
    currency: text("currency").notNull(),
    /** `YYYY-MM-DD`. */
    date: text("date").notNull(),
    rate: real("rate").notNull(),
  },
  (t) => [primaryKey({ columns: [t.timelineId, t.base, t.currency, t.date] })],
);

/** The pairs a timeline has rates for, so a write learns them without scanning the rates. */
export const exchangeRateSeries = sqliteTable(
  "exchange_rate_series",
  {
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    base: text("base").notNull(),
    currency: text("currency").notNull(),
    firstDate: text("first_date").notNull(),
    lastDate: text("last_date").notNull(),
    rates: integer("rates").notNull(),
  },
  (t) => [primaryKey({ columns: [t.timelineId, t.base, t.currency] })],
);

/**
 * Sums of the scorecard (see domain/scorecard.ts): one row per timeline, scope, subject and
 * metric, exact integers. Maintained in the batch of every write; recomputed with the rates.
 */
export const ledgerAggregates = sqliteTable(
  "ledger_aggregates",
  {
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    metric: text("metric").notNull(),
    scope: text("scope").$type<"all" | "maker" | "beneficiary">().notNull(),
    /** Folded name; "" for the whole timeline, unattributed money, or no beneficiary. */
    subject: text("subject").notNull(),
    label: text("label").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [
    // Metric first: a scorecard reads ranges of metrics (never the due-date counts it does not need).
    primaryKey({ columns: [t.timelineId, t.metric, t.scope, t.subject] }),
    // One maker's scorecard.
    index("ledger_aggregates_subject").on(t.timelineId, t.scope, t.subject, t.metric),
  ],
);

/** The changes feed's index: one row per change of a live, published commitment. */
export const ledgerChanges = sqliteTable(
  "ledger_changes",
  {
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    recordedAt: text("recorded_at").notNull(),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    key: text("key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.timelineId, t.recordedAt, t.entryId, t.key] }), index("ledger_changes_entry").on(t.entryId)],
);

/** Webhook endpoints of a timeline (Standard Webhooks). */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    timelineId: integer("timeline_id")
      .notNull()
      .references(() => timelines.id),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    /** `whsec_…`: needed in the clear to sign; shown to its owner only when made. */
    secret: text("secret").notNull(),
    /** The secret before the last rotation, still signing until `previous_secret_until`. */
    previousSecret: text("previous_secret"),
    previousSecretUntil: text("previous_secret_until"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
    /** Set when the endpoint answered `410 Gone`: nothing more is sent. */
    disabledAt: text("disabled_at"),
    disabledReason: text("disabled_reason"),
    deletedAt: text("deleted_at"),
  },
  (t) => [index("webhooks_timeline").on(t.timelineId).where(sql`deleted_at IS NULL`)],
);

/**
 * The outbox: each event a write fires, stored in the write's own batch (only when some endpoint
 * of the timeline wants it). `id` is the `webhook-id` every delivery of it carries. The row stays
 * small: the body is built at the first attempt from the entry's saved revision (entry_revisions)
 * as the API showed it at `created_at`, then kept in `payload` so every attempt signs the same bytes.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    timelineId: integer("timeline_id").notNull(),
    type: text("type").$type<WebhookEventType>().notNull(),
    entryId: text("entry_id"),
    entryRevision: integer("entry_revision"),
    /** The exact body sent and signed; null until the first attempt builds it. */
    payload: text("payload"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("webhook_events_age").on(t.createdAt)],
);

export type DeliveryState = "pending" | "delivered" | "failed";

/** One event for one endpoint: its state, and whether it has been handed to the queue yet. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    webhookId: text("webhook_id").notNull(),
    eventId: text("event_id").notNull(),
    state: text("state").$type<DeliveryState>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastAttemptAt: text("last_attempt_at"),
    nextAttemptAt: text("next_attempt_at"),
    deliveredAt: text("delivered_at"),
    /** When it was sent to the queue; null = still to send (the cron sweep looks for these). */
    enqueuedAt: text("enqueued_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.webhookId, t.eventId] }),
    index("webhook_deliveries_unsent").on(t.createdAt).where(sql`enqueued_at IS NULL`),
  ],
);

/** Every attempt to deliver, as the deliveries log lists it. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    webhookId: text("webhook_id").notNull(),
    eventId: text("event_id").notNull(),
    attempt: integer("attempt").notNull(),
    at: text("at").notNull(),
    /** The endpoint's HTTP status; null when no answer came (network error, timeout). */
    status: integer("status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.eventId, t.attempt] })],
);

/** `commitment.overdue` fired for this commitment and due date: the record that makes it once. */
export const overdueAlerts = sqliteTable(
  "overdue_alerts",
  {
    entryId: text("entry_id").notNull(),
    due: text("due").notNull(),
    eventId: text("event_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.due] })],
);

/**
 * Signed-in browser sessions of the studio. The cookie holds a random id; only its SHA-256 is
 * stored. A session acts as its token (`root` for the ADMIN_TOKEN secret) until it expires, is
 * signed out, or the token is revoked (or the admin secret rotated).
 */
export const studioSessions = sqliteTable(
  "studio_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    tokenId: text("token_id").notNull(),
    /** Root sessions: a fingerprint of the admin secret they began with; a new secret ends them. */
    secretFingerprint: text("secret_fingerprint"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("studio_sessions_expiry").on(t.expiresAt)],
);

export type TimelineRow = typeof timelines.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
