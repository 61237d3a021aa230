/**
 * Studio sessions: a token typed once is exchanged for a random session id in a cookie
 * (`HttpOnly`, `SameSite=Strict`, `Secure` over https, `Path=/studio`). Only the id's SHA-256 is
 * stored, with an expiry; the session acts as its token and ends when it expires, on sign-out,
 * or when the token is revoked (for the admin secret: when the secret changes).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Principal, ROOT } from "../domain/auth";
import { deleteSession, findSession, insertSession } from "../db/sessions";
import type { AppEnv } from "../env";
import { principalForSecret, sha256Hex } from "../http/auth";

export const SESSION_COOKIE = "et_session";
/** A working day and then some; signing in again costs one paste of the token. */
export const SESSION_HOURS = 12;

const secure = (c: Context<AppEnv>) => new URL(c.req.url).protocol === "https:";

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Which admin secret a root session began with, without storing the secret or its full hash. */
async function secretFingerprint(secret: string): Promise<string> {
  return (await sha256Hex(`studio-session:${secret}`)).slice(0, 16);
}

/**
 * Exchanges a token secret for a session and sets its cookie; null when the secret is no token.
 * @example if (!(await signIn(c, form.token))) return signInPage(c, { failed: true });
 */
export async function signIn(c: Context<AppEnv>, secret: string): Promise<Principal | null> {
  const who = await principalForSecret(c, secret);
  if (!who) return null;
  const id = randomId();
  const now = c.var.now;
  const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await insertSession(c.var.db, {
    idHash: await sha256Hex(id),
    tokenId: who.id,
    secretFingerprint: who.id === ROOT.id ? await secretFingerprint(secret) : null,
    createdAt: now.toISOString(),
    expiresAt: expires.toISOString(),
  });
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Strict",
    secure: secure(c),
    path: "/studio",
    expires,
  });
  return who;
}

/** The principal of the request's session, or null when there is none that is still valid. */
export async function sessionPrincipal(c: Context<AppEnv>): Promise<Principal | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const session = await findSession(c.var.db, await sha256Hex(id), c.var.now.toISOString());
  if (!session) return null;
  if (session.tokenId === ROOT.id) {
    const admin = c.env.ADMIN_TOKEN;
    return admin && session.secretFingerprint === (await secretFingerprint(admin)) ? ROOT : null;
  }
  return session.token ? { id: session.tokenId, role: session.token.role, timelines: session.token.timelines } : null;
}

/** Ends the request's session (stored and cookie). */
export async function signOut(c: Context<AppEnv>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deleteSession(c.var.db, await sha256Hex(id));
  deleteCookie(c, SESSION_COOKIE, { path: "/studio", secure: secure(c), httpOnly: true, sameSite: "Strict" });
}
