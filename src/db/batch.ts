/**
 * Atomic batches of statements. D1 has no BEGIN; a batch is its transaction. Statements are kept
 * as plain SQL and parameters (Drizzle renders them), because Drizzle's own batch cannot carry
 * raw statements with parameters.
 */
import type { SQL } from "drizzle-orm";
import type { Db } from "./client";
import { asDbError } from "./errors";

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Renders a Drizzle `sql` template or query builder to a statement, without running it. */
export function statement(db: Db, query: SQL | { toSQL(): { sql: string; params: unknown[] } }): Statement {
  if ("toSQL" in query) {
    const { sql, params } = query.toSQL();
    return { sql, params };
  }
  const { sql, params } = db.run(query).getQuery();
  return { sql, params };
}

/**
 * Runs the statements as one transaction: all apply, or none does. Returns each statement's rows
 * (raw, keyed by column name). Fails with a typed error from `./errors` when D1 names one.
 */
export async function runBatch(db: Db, statements: Statement[]): Promise<Record<string, unknown>[][]> {
  if (statements.length === 0) return [];
  const client = db.$client;
  try {
    const results = await client.batch<Record<string, unknown>>(statements.map((s) => client.prepare(s.sql).bind(...s.params)));
    return results.map((r) => r.results ?? []);
  } catch (err) {
    throw asDbError(err);
  }
}
