/**
 * Drizzle over a D1 session. Reads may go to any replica that has seen the client's last write
 * (the `x-d1-bookmark` round-trip); writes start on the primary.
 */
import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof openDb>;

export const BOOKMARK_HEADER = "x-d1-bookmark";

export function openDb(database: D1Database | D1DatabaseSession) {
  // A session has the two methods Drizzle calls (prepare, batch).
  return drizzle(database as D1Database);
}

/** Opens a session: writes on the primary; reads wherever is as fresh as `bookmark`. */
export function openSession(database: D1Database, write: boolean, bookmark: string | null) {
  const session = database.withSession(write ? "first-primary" : (bookmark ?? "first-unconstrained"));
  return { db: openDb(session), bookmark: () => session.getBookmark() };
}
