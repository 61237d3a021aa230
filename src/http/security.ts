/**
 * Headers every response carries. Routes that need something else (the embeddable widget's
 * frame-ancestors, for one) set their own before these defaults are filled in.
 */
import type { MiddlewareHandler } from "hono";
import { encodeBase64 } from "hono/utils/encode";

const DEFAULTS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

const HTML_CSP = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function securityHeaders(): MiddlewareHandler {
  return async function securityHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(DEFAULTS)) {
      // A route that sets its own CSP (frame-ancestors) decides framing there.
      if (!headers.has(name) && !(name === "X-Frame-Options" && headers.has("Content-Security-Policy"))) {
        headers.set(name, value);
      }
    }
    if (!headers.has("Content-Security-Policy")) {
      const html = headers.get("Content-Type")?.startsWith("text/html");
      headers.set("Content-Security-Policy", html ? HTML_CSP : NON_HTML_CSP);
    }
    if (new URL(c.req.url).protocol === "https:" && !isLocal(c.req.url)) {
      headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  };
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

const hashes = new Map<string, Promise<string>>();

/**
 * The CSP source that allows one inline stylesheet: `'sha256-…'`, computed once per sheet.
 * @example `style-src ${await styleSource(css)}`
 */
export function styleSource(css: string): Promise<string> {
  let hash = hashes.get(css);
  if (!hash) {
    hash = crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)).then((digest) => `'sha256-${encodeBase64(digest)}'`);
    hashes.set(css, hash);
  }
  return hash;
}
