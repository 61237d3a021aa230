/**
 * Preview and embed: the timeline as its widget shows it, rendered by the widget's own renderer
 * but only for the studio (drafts shown and marked, private timelines too, never cached), with
 * language and theme switches that work without script (a form aimed at the frame); the embed
 * snippet, the oEmbed address and the public page.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { Timeline } from "../domain/timeline";
import type { AppEnv } from "../env";
import type { StudioWords } from "../i18n";
import { THEMES, type Theme } from "../http/html/options";
import { hasImage, timelineBody, titleHeading } from "../http/html/render";
import { loadView, type WidgetRequest, widgetRequest, WidgetQuery } from "../http/html/view";
import { CSS, IMAGE_CSS } from "../http/html/styles";
import { embedSnippet, oembedUrl, pageUrl } from "../http/links";
import { publicOrigin } from "../http/origin";
import { styleSource } from "../http/security";
import { studioTimeline } from "./access";
import { type Html, page, ui } from "./layout";
import { tabs } from "./parts";

const LANGUAGES: [string, string][] = [
  ["", "–"],
  ["de", "Deutsch"],
  ["en", "English"],
  ["fr", "Français"],
  ["es", "Español"],
  ["it", "Italiano"],
  ["uk", "Українська"],
  ["ar", "العربية"],
  ["he", "עברית"],
];

/** The switches (a GET form whose target is the frame) and the frame itself. */
function frameWithSwitches(w: StudioWords, timeline: Timeline, options: { lang: string; theme: Theme }): Html {
  const name = `preview-${timeline.slug}`;
  const p = w.preview;
  const src = `/studio/t/${timeline.slug}/preview/frame?${new URLSearchParams({ ...(options.lang ? { lang: options.lang } : {}), theme: options.theme })}`;
  return html`<form method="get" action="/studio/t/${timeline.slug}/preview/frame" target="${name}" class="row"><div><label for="pv-lang">${p.language}</label><select id="pv-lang" name="lang">${LANGUAGES.map(
    ([value, label]) => html`<option value="${value}"${value === options.lang ? html` selected` : ""}>${label}</option>`,
  )}</select></div><div><label for="pv-theme">${p.theme}</label><select id="pv-theme" name="theme">${THEMES.map(
    (t) => html`<option value="${t}"${t === options.theme ? html` selected` : ""}>${p.themes[t]}</option>`,
  )}</select></div><div><button class="sec">${p.show}</button></div></form><div class="pv"><iframe name="${name}" src="${src}" title="${p.frame}" loading="lazy"></iframe></div>`;
}

/**
 * The preview beside a form (entry pages). Not scrolled to the entry: a fragment in a frame
 * scrolls the page around it too, and the form must open at its top.
 */
export function previewPanel(w: StudioWords, timeline: Timeline): Html {
  return html`<h2>${w.preview.title}</h2>${frameWithSwitches(w, timeline, { lang: "", theme: "auto" })}`;
}

/** `GET /studio/t/{slug}/preview`: the widget, the embed code, the oEmbed address, the public page. */
export async function previewPage(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!);
  const { w } = ui(c);
  const p = w.preview;
  const origin = publicOrigin(c);
  const page_ = pageUrl(origin, timeline.slug);
  const body = html`<h1>${timeline.title}</h1>${tabs(w, timeline, "preview")}<p>${p.intro}</p><div class="cols"><div>${frameWithSwitches(w, timeline, {
    lang: "",
    theme: "auto",
  })}</div><div><h2><label for="snippet">${p.snippet}</label></h2><textarea id="snippet" readonly rows="3" class="paste">${embedSnippet(
    origin,
    timeline.slug,
  )}</textarea><p><button type="button" class="sec" data-copy="snippet" data-done="${p.copied}" hidden>${p.copy}</button></p><h2><label for="oembed">${p.oembed}</label></h2><input id="oembed" readonly value="${oembedUrl(
    origin,
    page_,
  )}"><p><button type="button" class="sec" data-copy="oembed" data-done="${p.copied}" hidden>${p.copy}</button></p>${
    timeline.visibility === "private" ? "" : html`<p><a href="${page_}" target="_blank" rel="noopener">${p.page}</a></p>`
  }</div></div>`;
  return page(c, { title: `${p.title}: ${timeline.title}`, body, signedIn: true });
}

/**
 * The widget's query for the preview frame, drafts included. The switches send an empty `lang`
 * for "the timeline's own"; a filter that does not parse shows the whole timeline in the chosen
 * language and theme rather than an error inside the frame.
 */
async function previewRequest(c: Context<AppEnv>, url: URL): Promise<WidgetRequest> {
  const given = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ""));
  const parsed = WidgetQuery.safeParse(given);
  const switches = WidgetQuery.safeParse({ lang: given.lang, theme: given.theme });
  const query = parsed.success ? parsed.data : switches.success ? switches.data : WidgetQuery.parse({});
  const request = await widgetRequest(c, query);
  request.filter.includeDrafts = true;
  return request;
}

/**
 * `GET /studio/t/{slug}/preview/frame`: the widget's own rendering of the timeline, drafts
 * included and marked; framable by the studio only, never cached.
 */
export async function previewFrame(c: Context<AppEnv>): Promise<Response> {
  const timeline = await studioTimeline(c, c.req.param("slug")!);
  const url = new URL(c.req.url);
  const view = await loadView(c, timeline, await previewRequest(c, url), { path: url.pathname, pageLink: null });
  const { lang, theme } = view;
  const images = view.entries.some(hasImage);
  const doc = html`<!doctype html><html lang="${lang.locale}" dir="${lang.dir}" data-theme="${theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${timeline.title}</title><style>${raw(
    CSS,
  )}</style>${images ? html`<style>${raw(IMAGE_CSS)}</style>` : ""}</head><body><main class="w"><header>${titleHeading(view)}</header>${timelineBody(view)}</main></body></html>`;
  const res = await c.html(doc);
  res.headers.set(
    "Content-Security-Policy",
    `default-src 'none'; style-src ${await styleSource(CSS)} ${await styleSource(IMAGE_CSS)}; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
  );
  return res;
}
