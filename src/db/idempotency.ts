/** Stored responses for `Idempotency-Key` retries. */
import { and, eq, lt } from "drizzle-orm";
import { type Statement, statement } from "./batch";
import type { Db } from "./client";
import { idempotencyKeys } from "./schema";

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: string;
}

export async function findStoredResponse(db: Db, principal: string, key: string): Promise<StoredResponse | null> {
  const row = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)))
    .get();
  return row ? { requestHash: row.requestHash, status: row.status, body: row.response } : null;
}

/** The insert that records a response; it fails (and with it its batch) if the key was taken meanwhile. */
export function storeResponse(db: Db, principal: string, key: string, stored: StoredResponse, now: string): Statement {
  return statement(db, db.insert(idempotencyKeys).values({
    principal,
    key,
    requestHash: stored.requestHash,
    status: stored.status,
    response: stored.body,
    createdAt: now,
  }));
}

/** Forgets keys older than `before` (ISO date-time); run daily by the scheduled handler. */
export async function purgeStoredResponses(db: Db, before: string): Promise<number> {
  const result = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).run();
  return result.meta.changes ?? 0;
}
