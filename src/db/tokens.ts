/** API token queries. Only hashes of secrets are stored. */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { tokens, type TokenRow } from "./schema";

export async function findActiveTokenByHash(db: Db, secretHash: string): Promise<TokenRow | null> {
  const row = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.secretHash, secretHash), isNull(tokens.revokedAt)))
    .get();
  return row ?? null;
}

export async function insertToken(db: Db, token: typeof tokens.$inferInsert): Promise<TokenRow> {
  return db.insert(tokens).values(token).returning().get();
}

/** Revokes a token; false when there is no such active token. */
export async function revokeToken(db: Db, id: string, now: string): Promise<boolean> {
  const row = await db
    .update(tokens)
    .set({ revokedAt: now })
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
    .returning({ id: tokens.id })
    .get();
  return row !== undefined;
}

export async function listTokens(db: Db): Promise<TokenRow[]> {
  return db.select().from(tokens).where(isNull(tokens.revokedAt)).orderBy(tokens.id);
}
