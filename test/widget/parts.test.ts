/** The widget's pure parts: text to HTML, JSON in scripts, the today marker, framing, languages. */
import { describe, expect, it } from "vitest";
import { frameAncestors } from "../../src/widget/document";
import { fill, language } from "../../src/i18n";
import { LOADER_JS } from "../../src/widget/client";
import { EMBED_SANDBOX, VIEW_KEYS } from "../../src/http/html/options";
import { htmlDatetime, todayIndex } from "../../src/http/html/render";
import { WidgetQuery } from "../../src/http/html/view";
import { excerpt, paragraphs, scriptJson } from "../../src/http/html/text";

describe("paragraphs", () => {
  it("splits at blank lines, keeps line breaks and escapes everything", async () => {
    expect(String(await paragraphs("One <b>\n\n\nTwo\nlines & https://x.example/?a=1&b=2"))).toBe(
      '<p>One &lt;b&gt;</p><p>Two<br>lines &amp; <a href="https://x.example/?a=1&amp;b=2" rel="noopener nofollow" target="_blank">https://x.example/?a=1&amp;b=2</a></p>',
    );
    expect(paragraphs(null)).toBe("");
  });
});

describe("scriptJson", () => {
  it("cannot close a script element or open a comment, and parses back to the same value", () => {
    const value = { a: "</script><script>alert(1)</script><!-- & \u2028\u2029" };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("excerpt", () => {
  it("shortens at a word boundary", () => {
    expect(excerpt("Ereignisse und Zusagen rund um das Treffen", 25)).toBe("Ereignisse und Zusagen…");
    expect(excerpt("short", 25)).toBe("short");
  });
});

describe("todayIndex", () => {
  const keys = [10, 20, 30];
  it("goes before the first entry after now, oldest first", () => {
    expect(todayIndex(keys, 25, "asc", null, false)).toBe(2);
    expect(todayIndex(keys, 5, "asc", null, false)).toBe(0);
    expect(todayIndex(keys, 35, "asc", null, false)).toBe(3);
  });
  it("goes before the first entry at or before now, newest first", () => {
    expect(todayIndex([30, 20, 10], 25, "desc", null, false)).toBe(1);
    expect(todayIndex([30, 20, 10], 35, "desc", null, false)).toBe(0);
  });
  it("appears once across pages: not at the end while more follows, and at the start of the page after", () => {
    expect(todayIndex(keys, 35, "asc", null, true)).toBeNull();
    expect(todayIndex([40, 50], 35, "asc", 30, false)).toBe(0);
    expect(todayIndex([40, 50], 5, "asc", 30, false)).toBeNull();
    expect(todayIndex([], 5, "asc", null, false)).toBeNull();
  });
});

describe("htmlDatetime", () => {
  it("gives machine dates where HTML can express them", () => {
    expect(htmlDatetime("2024")).toBe("2024");
    expect(htmlDatetime("2024-11")).toBe("2024-11");
    expect(htmlDatetime("2024-11-26T10:00:00+01:00")).toBe("2024-11-26T10:00:00+01:00");
    expect(htmlDatetime("-0044-03-15")).toBeNull();
    expect(htmlDatetime("+012345")).toBeNull();
  });
});

describe("frameAncestors", () => {
  it("allows any site when empty, else this service and the listed origins", () => {
    expect(frameAncestors([])).toBe("*");
    expect(frameAncestors(["https://a.example", "https://a.example/", "http://b.example:8080"])).toBe(
      "'self' https://a.example http://b.example:8080",
    );
    expect(frameAncestors(["https://a.example; script-src *"])).toBe("'self'");
  });
});

describe("language", () => {
  it("resolves the reader's language, else the timeline's, with direction and words", () => {
    expect(language("de-AT", "en")).toMatchObject({ locale: "de-AT", dir: "ltr" });
    expect(language(undefined, "de").words.today).toBe("Heute");
    expect(language("ar", "de")).toMatchObject({ dir: "rtl" });
    expect(language("ur", "de").dir).toBe("rtl");
    expect(language("fa", "de").dir).toBe("rtl");
    expect(language("he", "de").words.status.fulfilled).toBe("קוים");
    expect(language("pt", "de").words.today).toBe("Today");
    expect(fill("{delivered} of {pledged}", { delivered: "1", pledged: "2" })).toBe("1 of 2");
  });
});

describe("view options", () => {
  it("keeps every widget query parameter but the cursor in a view's links and in the loader's data-* attributes", () => {
    const query = Object.keys(WidgetQuery.def.shape).filter((key) => key !== "cursor");
    expect([...VIEW_KEYS].sort()).toEqual(query.sort());
    expect(LOADER_JS).toContain(JSON.stringify(VIEW_KEYS));
    expect(LOADER_JS).toContain(JSON.stringify(EMBED_SANDBOX));
  });
});
