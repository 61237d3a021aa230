/**
 * What guards every studio request: its headers (never framed, strict CSP, never stored by a
 * shared cache), the same-origin check on every state change, and the session.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Principal } from "../domain/auth";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/origin";
import { sessionPrincipal } from "./session";

export const STUDIO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Studio headers on every answer (pages, redirects, errors): framing refused, a strict policy,
 * nothing kept by caches or search engines. Assets (fingerprinted, public) set their own caching.
 */
export function studioHeaders(): MiddlewareHandler<AppEnv> {
  return async function studioHeaders(c, next) {
    await next();
    const h = c.res.headers;
    // Only the preview frame sets its own policy: framed by the studio itself, by nothing else.
    const framedBySelf = h.get("Content-Security-Policy")?.includes("frame-ancestors 'self'") ?? false;
    if (!framedBySelf) h.set("Content-Security-Policy", STUDIO_CSP);
    h.set("X-Frame-Options", framedBySelf ? "SAMEORIGIN" : "DENY");
    h.set("Referrer-Policy", "same-origin");
    h.set("X-Robots-Tag", "noindex, nofollow");
    if (!h.get("Cache-Control")?.includes("immutable")) h.set("Cache-Control", "private, no-store");
  };
}

/**
 * Whether a state-changing request comes from a page of this service: the browser's
 * `Sec-Fetch-Site` says same-origin, or (older browsers) `Origin` names this service. A request
 * that shows neither is refused, whatever its content type.
 */
export function fromOwnPage(c: Context<AppEnv>): boolean {
  const allowed = new Set([new URL(c.req.url).origin, publicOrigin(c)]);
  const origin = c.req.header("Origin");
  if (origin !== undefined && !allowed.has(origin)) return false;
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined) return site === "same-origin";
  return origin !== undefined;
}

/** The interface language: the cookie set by the language switch, else the browser's first choice. */
export function studioLanguage(c: Context<AppEnv>): "en" | "de" {
  const chosen = getCookie(c, "et_lang");
  if (chosen === "en" || chosen === "de") return chosen;
  return /^\s*de\b/i.test(c.req.header("Accept-Language") ?? "") ? "de" : "en";
}

/** The signed-in principal; the session middleware has set it on every page behind sign-in. */
export async function signedIn(c: Context<AppEnv>): Promise<Principal> {
  const who = await c.get("principal");
  if (!who) throw new Error("studio page reached without a session");
  return who;
}

/** Resolves the session once; without one the request is sent to sign in (nothing else is shown). */
export function requireSession(onMissing: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  return async function requireSession(c, next) {
    const who = await sessionPrincipal(c);
    if (!who) return onMissing(c);
    c.set("principal", Promise.resolve(who));
    await next();
  };
}
