/**
 * Removing a timeline and everything stored about it straight from D1, as if the data had never
 * been in this instance: what a restore into a fresh installation starts from.
 */
import { env } from "cloudflare:workers";

/** Deletes the timeline `slug`, its entries and every row that refers to them (children first). */
export async function forgetTimeline(slug: string): Promise<void> {
  const row = await env.DB.prepare("SELECT id FROM timelines WHERE slug = ?").bind(slug).first<{ id: number }>();
  const id = row!.id;
  const ids = `SELECT id FROM entries WHERE timeline_id = ${id}`;
  const byTimeline = ["ledger_changes", "ledger_aggregates", "exchange_rates", "exchange_rate_series", "webhooks"];
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM entry_facets WHERE entry_id IN (${ids})`),
    env.DB.prepare(`DELETE FROM entry_revisions WHERE entry_id IN (${ids})`),
    ...byTimeline.map((table) => env.DB.prepare(`DELETE FROM ${table} WHERE timeline_id = ?`).bind(id)),
    env.DB.prepare("DELETE FROM entries WHERE timeline_id = ?").bind(id),
    env.DB.prepare("DELETE FROM timelines WHERE id = ?").bind(id),
  ]);
}
