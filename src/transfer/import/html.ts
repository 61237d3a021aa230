/**
 * TimelineJS texts are HTML; entries hold plain text. This turns the HTML an author wrote into
 * the text a reader saw: paragraphs and line breaks kept, links as "label (URL)", every other tag
 * dropped, character references decoded. Not a sanitizer: the result is text, never markup.
 *
 * One pass from left to right, so the time taken grows with the length of the text and nothing
 * else (regexes over unclosed `<!--` or `<a ` once took minutes). As in a browser, a comment,
 * script or tag that never closes runs to the end of the text.
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

/** Tags that end a paragraph (opening or closing). */
const BLOCKS = new Set(["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "section", "article", "header", "footer", "figure", "table", "tr"]);
/** Elements whose content is not text. */
const RAW = new Set(["script", "style"]);

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isSpace = (ch: string | undefined) => ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f";

interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
  /** Index just after the tag's `>`; null when it never closes. */
  end: number | null;
}

/** Reads the tag starting at `html[start] === "<"` (a letter or `/`+letter follows). */
function readTag(html: string, start: number): Tag {
  let i = start + 1;
  const closing = html[i] === "/";
  if (closing) i++;
  let nameEnd = i;
  while (nameEnd < html.length && !isSpace(html[nameEnd]) && html[nameEnd] !== ">" && html[nameEnd] !== "/") nameEnd++;
  const name = html.slice(i, nameEnd).toLowerCase();
  const attributes = new Map<string, string>();
  i = nameEnd;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === ">") return { name, closing, attributes, end: i + 1 };
    if (isSpace(ch) || ch === "/") {
      i++;
      continue;
    }
    let j = i;
    while (j < html.length && !isSpace(html[j]) && html[j] !== "=" && html[j] !== ">" && html[j] !== "/") j++;
    const attribute = html.slice(i, j === i ? j + 1 : j).toLowerCase();
    i = j === i ? j + 1 : j;
    while (isSpace(html[i])) i++;
    if (html[i] !== "=") {
      attributes.set(attribute, "");
      continue;
    }
    i++;
    while (isSpace(html[i])) i++;
    const quote = html[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      if (close === -1) return { name, closing, attributes, end: null };
      value = html.slice(i + 1, close);
      i = close + 1;
    } else {
      let k = i;
      while (k < html.length && !isSpace(html[k]) && html[k] !== ">") k++;
      value = html.slice(i, k);
      i = k;
    }
    if (!attributes.has(attribute)) attributes.set(attribute, value);
  }
  return { name, closing, attributes, end: null };
}

/** Index after the end tag `</name …>` at or after `from`, or the text's length when there is none. */
function afterEndTag(html: string, name: string, from: number): number {
  for (let at = html.indexOf("</", from); at !== -1; at = html.indexOf("</", at + 2)) {
    const after = html[at + 2 + name.length];
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name && (after === undefined || after === ">" || after === "/" || isSpace(after))) {
      const close = html.indexOf(">", at);
      return close === -1 ? html.length : close + 1;
    }
  }
  return html.length;
}

/** Source white space collapses, then references decode (so `&#10;` stays a line break). */
const textOf = (raw: string) => decodeEntities(raw.replace(/\s+/g, " "));

/**
 * HTML as plain text: blocks become paragraphs, `<br>` a line break, `<a href>` "label (URL)".
 * @example htmlToText('<p>Hello <b>you</b></p><p>see <a href="https://x.example">this</a></p>')
 *   // "Hello you\n\nsee this (https://x.example)"
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  /** The open link: its target and where its label begins in `out`. */
  let link: { href: string; from: number } | null = null;
  const closeLink = () => {
    if (!link) return;
    const raw = out.splice(link.from).join("");
    const label = raw.replace(/\s+/g, " ").trim();
    const href = link.href;
    const linkable = /^https?:\/\//i.test(href);
    const text = !linkable || label === href ? label || href : label ? `${label} (${href})` : href;
    out.push(`${/^\s/.test(raw) ? " " : ""}${text}${/\s$/.test(raw) ? " " : ""}`);
    link = null;
  };

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      out.push(textOf(html.slice(i)));
      break;
    }
    if (lt > i) out.push(textOf(html.slice(i, lt)));
    const next = html.charCodeAt(lt + 1);
    if (html.startsWith("<!--", lt)) {
      // `<!-->` and `<!--->` are (empty) comments too.
      const abrupt = html.startsWith("<!-->", lt) ? 5 : html.startsWith("<!--->", lt) ? 6 : 0;
      const end = abrupt ? lt + abrupt - 3 : html.indexOf("-->", lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const end = html.indexOf(">", lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const closing = next === 47; /* / */
    if (!isLetter(closing ? html.charCodeAt(lt + 2) : next)) {
      out.push("<");
      i = lt + 1;
      continue;
    }
    const tag = readTag(html, lt);
    if (tag.end === null) break; // a tag that never closes ends the text
    i = tag.end;
    if (RAW.has(tag.name) && !tag.closing) {
      i = afterEndTag(html, tag.name, i);
      continue;
    }
    if (tag.name === "a") {
      closeLink();
      const href = tag.attributes.get("href");
      if (!tag.closing && href !== undefined) link = { href: decodeEntities(href).trim(), from: out.length };
    } else if (tag.name === "br") {
      out.push("\n");
    } else if (tag.name === "li" && !tag.closing) {
      out.push("\n• ");
    } else if (BLOCKS.has(tag.name)) {
      out.push("\n\n");
    }
  }
  closeLink();

  return out
    .join("")
    .split("\n")
    .map((line) => line.replace(/[^\S\n]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** HTML as one line of text (a headline). */
export function htmlToLine(html: string): string {
  return htmlToText(html)
    .split("\n")
    .filter((line) => line !== "")
    .join(" ");
}
