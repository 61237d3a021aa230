/**
 * The one text pipeline (src/domain/markup.ts): one link finder and one escaper under the HTML
 * renderer (widget, pages, Atom, TimelineJS) and the plain-text renderer (JSON Feed, iCalendar).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeMarkup, lineHtml, linkRuns, paragraphsHtml, paragraphsText } from "../../src/domain/markup";

describe("escapeMarkup", () => {
  it("escapes markup and drops what XML cannot carry", () => {
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt;");
    expect(escapeMarkup("a\u0000b\uFFFEc\uD800d🎉")).toBe("a\uFFFDb\uFFFDc\uFFFDd🎉");
  });
});

describe("linkRuns", () => {
  it("finds bare http(s) links and leaves sentence punctuation outside", () => {
    expect(linkRuns("See https://example.org/a. Or http://b.example/x, then stop")).toEqual([
      "See ",
      { url: "https://example.org/a" },
      ". Or ",
      { url: "http://b.example/x" },
      ", then stop",
    ]);
    expect(linkRuns("«https://example.org/a»; (HTTPS://B.example/x)!")).toEqual([
      "«",
      { url: "https://example.org/a" },
      "»; (",
      { url: "HTTPS://B.example/x" },
      ")!",
    ]);
  });

  it("keeps a closing parenthesis that belongs to the URL", () => {
    expect(linkRuns("(see https://en.wikipedia.org/wiki/G7_(disambiguation))")).toEqual([
      "(see ",
      { url: "https://en.wikipedia.org/wiki/G7_(disambiguation)" },
      ")",
    ]);
  });

  it("never links other schemes, and stops a URL at quotes, backticks and angle brackets", () => {
    expect(linkRuns("javascript:alert(1) data:text/html,x ftp://x.example")).toEqual(["javascript:alert(1) data:text/html,x ftp://x.example"]);
    expect(linkRuns('https://x.example/"onclick=alert(1)')).toEqual([{ url: "https://x.example/" }, '"onclick=alert(1)']);
    expect(linkRuns("https://x.example/'onclick=alert(1)")).toEqual([{ url: "https://x.example/" }, "'onclick=alert(1)"]);
    expect(linkRuns("https://x.example/<script>")).toEqual([{ url: "https://x.example/" }, "<script>"]);
    expect(linkRuns("xhttps://x.example/ https://")).toEqual(["xhttps://x.example/ https://"]);
  });

  it("gives back the text it was given, run by run", () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl(), fc.string(), (a, url, b) => {
        const text = `${a} ${url} ${b}`;
        expect(linkRuns(text).map((r) => (typeof r === "string" ? r : r.url)).join("")).toBe(text);
      }),
    );
  });
});

describe("paragraphsHtml", () => {
  it("splits at blank lines, keeps line breaks, escapes everything and links bare URLs", () => {
    expect(paragraphsHtml("One <b>\nline two\n\n\nhttps://x.example/a?b=1&c=2, and (https://y.example).")).toBe(
      `<p>One &lt;b&gt;<br>line two</p><p><a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>, and (<a href="https://y.example">https://y.example</a>).</p>`,
    );
    expect(paragraphsHtml("javascript:alert(1) http://ok.example/\"onmouseover=x")).toBe(
      `<p>javascript:alert(1) <a href="http://ok.example/">http://ok.example/</a>&quot;onmouseover=x</p>`,
    );
    expect(paragraphsHtml(null)).toBe("");
    expect(paragraphsHtml(" \n \n ")).toBe("");
  });

  it("adds the caller's link attributes", () => {
    expect(lineHtml("at https://x.example/(a)", { linkAttributes: 'rel="noopener" target="_blank"' })).toBe(
      'at <a href="https://x.example/(a)" rel="noopener" target="_blank">https://x.example/(a)</a>',
    );
  });

  it("never lets text become markup", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = paragraphsHtml(text);
        // Only our own tags; every other < is escaped.
        expect(out.replace(/<\/?p>|<br>|<a href="[^"<>]*">|<\/a>/g, "")).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe("paragraphsText", () => {
  it("keeps the same paragraphs and lines, one blank line between paragraphs", () => {
    expect(paragraphsText("  One\nline\n\n\n\nTwo  ")).toBe("One\nline\n\nTwo");
    expect(paragraphsText("see https://x.example.")).toBe("see https://x.example.");
    expect(paragraphsText(null)).toBe("");
  });
});
