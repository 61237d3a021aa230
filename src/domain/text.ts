/**
 * Text rules shared by every input and filter: Unicode NFC, trimmed, no control characters,
 * case-folded keys for look-ups, and the only links we ever emit (http and https).
 */

/** NFC-normalises and trims; CRLF and CR become LF. */
export function normalizeText(value: string): string {
  return value.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

// C0/C1 controls except tab and newline, plus bidi overrides that could disguise text.
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const FORBIDDEN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Whether text holds characters no title, name or body should contain. */
export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_LINE).test(value);
}

/**
 * The key a tag or actor is matched by: NFC, lower-cased, inner white space collapsed.
 * @example foldKey(" Vereinigte  Staaten ") // "vereinigte staaten"
 */
export function foldKey(value: string): string {
  return value.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Whether `value` is an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
}

/** Whether `value` is a bare origin such as `https://news.example:8443` (no path, query or user). */
export function isOrigin(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.origin === value.replace(/\/$/, "") && !url.username && !url.password;
}

/**
 * A full-text query for SQLite FTS5 from what a reader typed: every word must occur (as a prefix),
 * operators and quotes are taken literally. Null when nothing searchable is left.
 * @example ftsQuery('Gazprom "Sanktionen') // '"gazprom"* "sanktionen"*'
 */
export function ftsQuery(q: string, maxWords = 12): string | null {
  const words = q.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, maxWords)
    .map((w) => `"${w}"*`)
    .join(" ");
}

/**
 * JSON with object keys sorted, so equal data compares equal whatever order it was stored in.
 * @example canonicalJson({ b: 1, a: 2 }) === canonicalJson({ a: 2, b: 1 }) // true
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
