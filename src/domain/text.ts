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

/** Characters that render as nothing: zero-width spaces and joiners, bidi marks, soft hyphens, variation selectors. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The key a tag or actor is matched by: NFC, invisible characters dropped, lower-cased, inner
 * white space collapsed, so two labels that look alike are one. (Titles and bodies keep the
 * joiners: Persian, Indic scripts and emoji need them; only this key ignores them.)
 * @example foldKey(" Vereinigte  Staaten ") // "vereinigte staaten"
 * @example foldKey("Nord\u200Bkorea") // "nordkorea"
 */
export function foldKey(value: string): string {
  return value.normalize("NFC").replace(INVISIBLE, "").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Where in a parsed JSON value the first lone surrogate sits (a string, or an object's key), as a
 * path, with the code unit; null when every string is well-formed Unicode. JSON escapes
 * (`"\\ud800"`) are the only way one gets in once bytes were decoded as UTF-8; it is not text and
 * would be stored as U+FFFD. Walks without recursion, so nesting depth costs no stack.
 */
export function findLoneSurrogate(value: unknown): { path: (string | number)[]; code: number } | null {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  const lone = (text: string) => {
    const at = text.search(/\p{Cs}/u);
    return at === -1 ? null : text.charCodeAt(at);
  };
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === "string") {
      const code = lone(current);
      if (code !== null) return { path, code };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: [...path, i] });
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        const code = lone(key);
        if (code !== null) return { path: [...path, key], code };
      }
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return null;
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

const HOST_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** A host as CSP source expressions can hold it: DNS labels, or a bracketed IPv6 address. */
const ORIGIN_HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:.]+\\])$`);

/**
 * The canonical form of an origin (`https://news.example:8443`), or null when `value` is not
 * exactly one: scheme http or https, a host of letters, digits, dots and hyphens (international
 * names become punycode) or a bracketed IPv6 address, an optional port; no user, path, query or
 * fragment. The URL parser alone accepts hosts such as `a;b.example` or `*.evil.example`, which
 * would be CSP syntax once copied into `frame-ancestors`.
 * @example canonicalOrigin("https://News.Example:443/") // "https://news.example"
 * @example canonicalOrigin("https://*.evil.example") // null
 */
export function canonicalOrigin(value: string): string | null {
  const text = value.trim().replace(/\/$/, "");
  if (text.length > 300 || !/^https?:\/\/[^/?#]+$/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || !ORIGIN_HOST.test(url.hostname)) return null;
  return url.origin;
}

/** Whether `value` is an origin in its canonical form (as `canonicalOrigin` writes it). */
export function isOrigin(value: string): boolean {
  return canonicalOrigin(value) === value;
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
 * Fills `{name}` placeholders; unknown names stay as written.
 * @example fill("{a} of {b}", { a: "1", b: "2" }) // "1 of 2"
 */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
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
