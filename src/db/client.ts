/**
 * Drizzle over a D1 session. Reads may go to any replica that has seen the client's last write
 * (the `x-d1-bookmark` round-trip); writes start on the primary.
 */
import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof openDb>;

export const BOOKMARK_HEADER = "x-d1-bookmark";

/** What D1 hands out as a bookmark: three 8-digit hex counters and a 32-digit hex hash. */
const BOOKMARK_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/**
 * A client's `x-d1-bookmark` when it has a bookmark's shape, else null: a malformed value (or a
 * session constraint such as `first-primary`) is ignored rather than handed to D1, where it may throw.
 * @example clientBookmark("first-primary") // null
 */
export function clientBookmark(value: string | null | undefined): string | null {
  return value && BOOKMARK_PATTERN.test(value) ? value : null;
}

export function openDb(database: D1Database | D1DatabaseSession) {
  // A session has the two methods Drizzle calls (prepare, batch).
  return drizzle(database as D1Database);
}

/** Opens a session: writes on the primary; reads wherever is as fresh as `bookmark`. */
export function openSession(database: D1Database, write: boolean, bookmark: string | null) {
  const session = database.withSession(write ? "first-primary" : (clientBookmark(bookmark) ?? "first-unconstrained"));
  return { db: openDb(session), bookmark: () => session.getBookmark() };
}
