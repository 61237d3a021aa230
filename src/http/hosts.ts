/**
 * Which hosts the Worker answers for. Absolute links in bodies (embed snippets, feed URLs,
 * `links`, oEmbed) name the public origin, which is the request's own when `PUBLIC_ORIGIN` is
 * empty: a request for a host nobody chose must not be answered, or its links could be cached
 * for every later reader. `ALLOWED_HOSTS` (comma-separated, `host` or `host:port`) and the host of
 * `PUBLIC_ORIGIN` are served; with neither set, only loopback hosts (local development). Every
 * other host gets `421 Misdirected Request`.
 */
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import { Problem } from "./problem";

/** A host as a request URL spells it: lower-case name (or bracketed IPv6) and, when not the default, `:port`. */
function hostOf(text: string): string | null {
  const value = text.trim();
  if (value === "") return null;
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).host;
  } catch {
    return null;
  }
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether the Worker serves `url`'s host under `env`: a listed host matches with or without a
 * port when listed without one, and exactly when listed with one.
 * @example servesHost(new URL("http://127.0.0.1:8787/"), {}) // true
 * @example servesHost(new URL("https://evil.example/"), { ALLOWED_HOSTS: "timeline.example" }) // false
 */
export function servesHost(url: URL, env: Pick<Env, "ALLOWED_HOSTS" | "PUBLIC_ORIGIN">): boolean {
  const listed = [...(env.ALLOWED_HOSTS ?? "").split(","), env.PUBLIC_ORIGIN ?? ""].map(hostOf).filter((h): h is string => h !== null);
  if (listed.length === 0) return LOOPBACK.test(url.hostname);
  return listed.some((host) => host === url.host || host === url.hostname);
}

/**
 * Answers `421` for a host the Worker does not serve, before anything else runs.
 * @example app.use(servedHosts());
 */
export function servedHosts(): MiddlewareHandler<{ Bindings: Env }> {
  return async function servedHosts(c, next) {
    const url = new URL(c.req.url);
    if (!servesHost(url, c.env)) {
      throw new Problem(
        "misdirected",
        `This service does not answer for the host ${url.host}. Its operator lists the hosts it serves in ALLOWED_HOSTS (or PUBLIC_ORIGIN).`,
      );
    }
    await next();
  };
}
