/**
 * Reading HTML in workerd tests with HTMLRewriter: the elements a CSS selector matches, with
 * their attributes and text (entities decoded, white space collapsed).
 */
export interface Found {
  attrs: Record<string, string>;
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: "\u00a0" };

export function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!);
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Every element `selector` matches, in document order. */
export async function select(html: string, selector: string): Promise<Found[]> {
  const found: Found[] = [];
  const open: Found[] = [];
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        const item: Found = { attrs: Object.fromEntries([...el.attributes].map(([k, v]) => [k!, decode(v!)])), text: "" };
        found.push(item);
        if (VOID.has(el.tagName)) return;
        open.push(item);
        el.onEndTag(() => {
          open.splice(open.indexOf(item), 1);
        });
      },
      text(chunk) {
        for (const item of open) item.text += chunk.text;
      },
    })
    .on("br", {
      element() {
        for (const item of open) item.text += "\n";
      },
    })
    .transform(new Response(html))
    .text();
  for (const item of found) item.text = decode(item.text).replace(/\s+/g, " ").trim();
  return found;
}

/** The one element `selector` matches; fails when there are none or several. */
export async function one(html: string, selector: string): Promise<Found> {
  const all = await select(html, selector);
  if (all.length !== 1) throw new Error(`expected one ${selector}, found ${all.length}`);
  return all[0]!;
}
