/** Studio sessions: stored by the hash of their cookie value, read together with their token. */
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { TokenRole } from "../domain/auth";
import type { Db } from "./client";
import { studioSessions, tokens } from "./schema";

export interface StoredSession {
  tokenId: string;
  secretFingerprint: string | null;
  expiresAt: string;
  /** The token's scope; null for root sessions, and for a token revoked since (the session is then dead). */
  token: { role: TokenRole; timelines: string[] } | null;
}

export async function insertSession(db: Db, session: typeof studioSessions.$inferInsert): Promise<void> {
  await db.insert(studioSessions).values(session);
}

/** The unexpired session with this id hash and its (unrevoked) token, in one query. */
export async function findSession(db: Db, idHash: string, now: string): Promise<StoredSession | null> {
  const row = await db
    .select({
      tokenId: studioSessions.tokenId,
      secretFingerprint: studioSessions.secretFingerprint,
      expiresAt: studioSessions.expiresAt,
      role: tokens.role,
      timelines: tokens.timelines,
    })
    .from(studioSessions)
    .leftJoin(tokens, and(eq(tokens.id, studioSessions.tokenId), sql`${tokens.revokedAt} IS NULL`))
    .where(and(eq(studioSessions.idHash, idHash), gt(studioSessions.expiresAt, now)))
    .get();
  if (!row) return null;
  return {
    tokenId: row.tokenId,
    secretFingerprint: row.secretFingerprint,
    expiresAt: row.expiresAt,
    token: row.role && row.timelines ? { role: row.role, timelines: row.timelines } : null,
  };
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(studioSessions).where(eq(studioSessions.idHash, idHash));
}

/** Forgets sessions that expired before `now`; run daily by the scheduled handler. */
export async function purgeExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db.delete(studioSessions).where(lt(studioSessions.expiresAt, now)).run();
  return result.meta.changes ?? 0;
}
