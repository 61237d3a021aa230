/**
 * Bearer-token authentication. `ADMIN_TOKEN` is the root; other tokens are stored only as SHA-256
 * hashes. The principal is resolved lazily, so public reads never touch the tokens table.
 */
import type { Context } from "hono";
import { sha256 } from "hono/utils/crypto";
import { can, type Action, type Principal, ROOT } from "../domain/auth";
import { findActiveTokenByHash } from "../db/tokens";
import type { AppEnv } from "../env";
import { Problem } from "./problem";

const encoder = new TextEncoder();

/** SHA-256 of `value`, hex (Workers always have Web Crypto, so Hono's helper never gives null here). */
export async function sha256Hex(value: string): Promise<string> {
  return (await sha256(value))!;
}

/** Compares two secrets in constant time (their digests have equal length whatever the input). */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

const unauthorized = (detail: string, error?: "invalid_token" | "invalid_request") =>
  new Problem("unauthorized", detail, {
    headers: { "WWW-Authenticate": `Bearer realm="edge-timeline"${error ? `, error="${error}"` : ""}` },
  });

/**
 * The principal behind the request's bearer token: null without one, a 401 problem for a token
 * that is malformed, unknown or revoked.
 */
export async function resolvePrincipal(c: Context<AppEnv>): Promise<Principal | null> {
  const header = c.req.header("Authorization");
  if (!header) return null;
  const match = /^Bearer[ ]+([\x21-\x7E]{1,512})\s*$/i.exec(header);
  if (!match) throw unauthorized("Use `Authorization: Bearer <token>`.", "invalid_request");
  const found = await principalForSecret(c, match[1]!);
  if (!found) throw unauthorized("The token is not valid or has been revoked.", "invalid_token");
  return found;
}

/**
 * The principal a token secret stands for (the admin secret or an active scoped token), or null.
 * @example const who = await principalForSecret(c, formToken);
 */
export async function principalForSecret(c: Context<AppEnv>, secret: string): Promise<Principal | null> {
  const admin = c.env.ADMIN_TOKEN;
  if (admin && (await sameSecret(secret, admin))) return ROOT;
  const token = await findActiveTokenByHash(c.var.db, await sha256Hex(secret));
  return token ? { id: token.id, role: token.role, timelines: token.timelines } : null;
}

/** The request's principal, resolved once per request. */
export function principal(c: Context<AppEnv>): Promise<Principal | null> {
  let pending = c.get("principal");
  if (!pending) {
    pending = resolvePrincipal(c);
    c.set("principal", pending);
  }
  return pending;
}

/**
 * Ensures the request may perform `action` (on timeline `slug`); 401 without a token, 403 with
 * one that does not cover it.
 * @example const who = await authorize(c, "entry:write", slug);
 */
export async function authorize(c: Context<AppEnv>, action: Action, slug: string | null = null): Promise<Principal> {
  const who = await principal(c);
  if (!who) throw unauthorized("This needs a bearer token.");
  if (!can(who, action, slug)) {
    throw new Problem("forbidden", `This token may not ${describe(action)}${slug ? ` on timeline "${slug}"` : ""}.`);
  }
  return who;
}

function describe(action: Action): string {
  switch (action) {
    case "timeline:read-private":
      return "read this private timeline";
    case "entry:write":
      return "change entries";
    case "webhook:manage":
      return "manage webhooks";
    case "timeline:export":
      return "export entries";
    case "timeline:manage":
      return "change or delete the timeline";
    case "timeline:create":
      return "create this timeline";
    case "token:manage":
      return "manage tokens";
  }
}
