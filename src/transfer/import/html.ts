/**
 * TimelineJS texts are HTML; entries hold plain text. This turns the HTML an author wrote into
 * the text a reader saw: paragraphs and line breaks kept, links as "label (URL)", every other tag
 * dropped, character references decoded. Not a sanitizer: the result is text, never markup.
 */

const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", shy: "",
  ndash: "–", mdash: "—", hellip: "…", bull: "•", middot: "·",
  laquo: "«", raquo: "»", lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„",
  copy: "©", reg: "®", trade: "™", euro: "€", pound: "£", yen: "¥", cent: "¢", deg: "°", sect: "§",
  auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß",
  eacute: "é", egrave: "è", ecirc: "ê", aacute: "á", agrave: "à", acirc: "â", iacute: "í", oacute: "ó",
  uacute: "ú", ntilde: "ñ", ccedil: "ç", Eacute: "É", oslash: "ø", aring: "å", aelig: "æ",
};

/**
 * Decodes character references (named ones from a common set, all numeric ones); unknown or
 * invalid references stay as written.
 * @example decodeEntities("Fiuggi &amp; Anagni &#8211; &#x2603;") // "Fiuggi & Anagni – ☃"
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "");

/**
 * HTML as plain text: blocks become paragraphs, `<br>` a line break, `<a href>` "label (URL)".
 * @example htmlToText('<p>Hello <b>you</b></p><p>see <a href="https://x.example">this</a></p>')
 *   // "Hello you\n\nsee this (https://x.example)"
 */
export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "");
  // Source line breaks are white space in HTML.
  s = s.replace(/\s+/g, " ");
  s = s.replace(
    /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_whole, dq?: string, sq?: string, bare?: string, label?: string) => {
      const href = decodeEntities(dq ?? sq ?? bare ?? "").trim();
      const text = decodeEntities(stripTags(label ?? "")).trim();
      const linkable = /^https?:\/\//i.test(href);
      if (!linkable || text === href) return escapeForLater(text || href);
      return escapeForLater(text ? `${text} (${href})` : href);
    },
  );
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(/<li\b[^>]*>/gi, "\n• ");
  s = s.replace(/<\/?(p|div|h[1-6]|ul|ol|blockquote|section|article|header|footer|figure|table|tr)\b[^>]*>/gi, "\n\n");
  s = decodeEntities(stripTags(s));
  return s
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A link's text goes back into the HTML before tags are stripped: keep its `<` and `&` literal. */
function escapeForLater(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** HTML as one line of text (a headline). */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s*\n+\s*/g, " ");
}
