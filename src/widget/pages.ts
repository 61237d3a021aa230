/**
 * The public pages: `/t/{slug}` (the shareable page of one timeline, its list of entries or its
 * scorecard, with oEmbed and feed discovery, OpenGraph and schema.org JSON-LD) and `/` (the
 * public timelines, each with its copy-paste embed snippet and a live preview).
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { listPublicTimelines } from "../db/timelines";
import type { Entry } from "../domain/entry";
import type { Timeline } from "../domain/timeline";
import { fallbackChain, sameLanguage } from "../domain/translations";
import { bodyEtag, LIST_CACHE_CONTROL, LIST_CACHE_TAG, notModifiedFor, timelineRead } from "../http/cache";
import { decodeTimelineCursor, encodeTimelineCursor } from "../http/schemas/timeline";
import { canonicalSearch } from "../http/canonical";
import { downloads, embedSnippet, embedUrl, feedLinks, languagePages, loaderUrl, oembedUrl, pageUrl, type ViewChoice } from "../http/links";
import { publicOrigin } from "../http/origin";
import type { RouteHandler } from "../http/route";
import { contentSecurityPolicy, htmlDocument } from "./document";
import { type Language, language } from "../i18n";
import { contentAttributes, hasImage, type TimelineView, timelineBody } from "../http/html/render";
import { loadScorecard } from "../http/scorecard";
import { scorecardBody } from "./scorecard";
import { excerpt, paragraphs, scriptJson } from "../http/html/text";
import { EMBED_SANDBOX } from "../http/html/options";
import type * as routes from "./routes";
import { loadView, type WidgetRequest, widgetRequest } from "../http/html/view";
import { publicTimeline, readScope } from "./view";

const LANDING_PAGE_SIZE = 24;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The language's name in that language ("English", "Deutsch"), for links to its version. */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: "language" }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}

/** The published language a page in `lang` shows (the first of its fallback chain the timeline publishes), else null. */
export function publishedLanguage(timeline: Pick<Timeline, "language" | "languages">, lang: string | null | undefined): string | null {
  const chain = fallbackChain(lang, timeline.language).slice(0, -1);
  for (const tag of chain) {
    const found = timeline.languages.slice(1).find((l) => sameLanguage(l, tag));
    if (found) return found;
  }
  return null;
}

/**
 * schema.org JSON-LD for a timeline page: a Dataset in the page's language, its other language
 * versions as translations, every format as a DataDownload, and the entries shown as its parts
 * (each with the period it covers; not `Event`, which search engines keep for events people attend).
 */
export function timelineJsonLd(
  timeline: Timeline,
  entries: Entry[],
  options: { origin: string; page: string; inLanguage: string; lang: string | null; choice?: ViewChoice },
): Record<string, unknown> {
  const { origin, page, inLanguage, lang } = options;
  const versions = languagePages(origin, timeline.slug, timeline.languages, options.choice);
  const source = versions[0]![1];
  const others = versions.filter(([, url]) => url !== page).map(([tag, url]) => ({ "@type": "Dataset", "@id": url, url, inLanguage: tag }));
  return {
    "@context": "https://schema.org",
    "@type": "Dataset",
    "@id": page,
    name: timeline.title,
    description: timeline.description || timeline.title,
    url: page,
    inLanguage,
    isAccessibleForFree: true,
    ...(page === source ? (others.length ? { workTranslation: others } : {}) : { translationOfWork: { "@id": source } }),
    distribution: downloads(origin, timeline.slug, lang).map((d) => ({
      "@type": "DataDownload",
      name: d.name,
      encodingFormat: d.type,
      contentUrl: d.href,
    })),
    hasPart: entries.map((e) => ({
      "@type": "CreativeWork",
      "@id": `${page}#entry-${e.id}`,
      url: `${page}#entry-${e.id}`,
      name: e.title,
      temporalCoverage: e.end ? `${e.start}/${e.end}` : e.start,
      ...(e.body ? { description: excerpt(e.body, 300) } : {}),
      ...(e.location ? { contentLocation: { "@type": "Place", name: e.location } } : {}),
    })),
  };
}

/** The list and the scorecard, each linking to the other (keeping the reader's `lang` and `theme`), the one shown marked. */
function viewLinks(slug: string, shown: "list" | "scorecard", request: WidgetRequest, lang: Language): Html {
  const keep = { lang: request.params.get("lang"), theme: request.params.get("theme") };
  const href = (view: "list" | "scorecard") => {
    const search = canonicalSearch({ ...keep, view: view === "scorecard" ? view : null });
    return `${pageUrl("", slug)}${search ? `?${search}` : ""}`;
  };
  const link = (view: "list" | "scorecard", label: string) =>
    html`<a href="${href(view)}"${view === shown ? html` aria-current="page"` : ""}>${label}</a>`;
  return html`<nav class="vw" aria-label="${lang.words.ledger.views}">${link("list", lang.words.ledger.list)}${link("scorecard", lang.words.ledger.scorecard)}</nav>`;
}

/**
 * `GET /t/{slug}`: the timeline's own page, one URL per published language and view: the list of
 * entries, or with `view=scorecard` (and `maker`) the scorecard the widget shows, with the same
 * head (canonical URL and hreflang versions naming the view, oEmbed, feeds).
 */
export const timelinePage: RouteHandler<typeof routes.timelinePage> = async (c, { params, query }) => {
  const { slug } = params;
  const request = await widgetRequest(c, query);
  const timeline = await publicTimeline(c, slug);
  const res = await timelineRead(
    c,
    timeline,
    async () => {
      const origin = publicOrigin(c);
      const published = publishedLanguage(timeline, query.lang);
      const choice: ViewChoice = query.view === "scorecard" ? { view: "scorecard", maker: query.maker ?? null } : {};
      const page = pageUrl(origin, slug, published, choice);
      const lang = language(query.lang, timeline.language);
      const { words } = lang;

      // What the page shows below its title, and whether the list and the scorecard link to each other.
      let content: Html;
      let entries: Entry[] = [];
      let views = true;
      let title = timeline.title;
      let list: TimelineView | null = null;
      if (choice.view === "scorecard") {
        const { card } = await loadScorecard(c.var.db, timeline, query, c.var.now.getTime());
        content = html`<div data-scorecard>${scorecardBody({ card, lang, maker: choice.maker ?? null })}</div>`;
        title = `${timeline.title}: ${words.ledger.scorecard}${choice.maker ? ` (${choice.maker})` : ""}`;
      } else {
        list = await loadView(c, timeline, request, { path: pageUrl("", slug), pageLink: null });
        content = timelineBody(list);
        entries = list.entries;
        views = [...list.counts.values()].some((n) => n > 0);
      }

      const description = excerpt(timeline.description || timeline.title, 200);
      const oembed = oembedUrl(origin, page);
      const versions = languagePages(origin, slug, timeline.languages, choice);
      const alternates = versions.length > 1 ? [...versions, ["x-default", versions[0]![1]] as const] : [];
      const jsonLd = timelineJsonLd(timeline, entries, { origin, page, inLanguage: published ?? timeline.language, lang: published, choice });
      const head = html`<meta name="description" content="${description}"><link rel="canonical" href="${page}">${alternates.map(
        ([tag, href]) => html`<link rel="alternate" hreflang="${tag}" href="${href}">`,
      )}<link rel="alternate" type="application/json+oembed" href="${oembed}" title="${title}">${feedLinks(
        origin,
        slug,
        timeline.title,
        published,
      ).map(
        (l) => html`<link rel="alternate" type="${l.type}" href="${l.href}" title="${l.title}">`,
      )}<meta property="og:type" content="website"><meta property="og:title" content="${title}"><meta property="og:description" content="${description}"><meta property="og:url" content="${page}"><meta property="og:site_name" content="edge-timeline"><meta name="twitter:card" content="summary">${
        timeline.visibility === "unlisted" ? html`<meta name="robots" content="noindex">` : ""
      }<script type="application/ld+json">${raw(scriptJson(jsonLd))}</script>`;
      const feeds = feedLinks(origin, slug, undefined, published);
      const switcher = versions.length > 1
        ? html`<nav class="lng" aria-label="${words.language}">${versions.map(([tag, href]) => {
            const here = sameLanguage(tag, published ?? timeline.language);
            return html`<a href="${href}" hreflang="${tag}" lang="${tag}"${here ? html` aria-current="page"` : ""}>${languageName(tag)}</a>`;
          })}</nav>`
        : "";
      const body = html`<header>${switcher}<h1${contentAttributes({ lang, timeline })}>${timeline.title}</h1>${
        timeline.description ? html`<div${contentAttributes({ lang, timeline })}>${paragraphs(timeline.description)}</div>` : ""
      }${views ? viewLinks(slug, choice.view ?? "list", request, lang) : ""}</header>${content}<section class="card"><h2 id="embed">${
        words.embed
      }</h2><textarea id="snippet" readonly rows="3" aria-labelledby="embed">${embedSnippet(origin, slug, published, choice)}</textarea><p><button type="button" data-copy="snippet" hidden>${
        words.copy
      }</button></p><p class="src">${words.feeds}: ${feeds.map((l, i) => html`${i ? " · " : ""}<a href="${l.href}" type="${l.type}">${l.title}</a>`)}</p></section>`;
      return c.html(
        htmlDocument({
          page: true,
          lang,
          theme: query.theme,
          title,
          head,
          body,
          images: entries.some(hasImage),
          // The list keeps itself fresh (the widget script swaps its body); the scorecard reads as loaded.
          ...(list ? { timeline } : {}),
        }),
      );
    },
    readScope(query.lang, timeline),
  );
  res.headers.set("Content-Security-Policy", await contentSecurityPolicy("'none'", { page: true }));
  res.headers.set("X-Frame-Options", "DENY");
  return res;
};

/** `GET /`: public timelines with their embed snippets and live previews. */
export const landingPage: RouteHandler<typeof routes.landing> = async (c, { query }) => {
  const page = await listPublicTimelines(c.var.db, decodeTimelineCursor(query.cursor), LANDING_PAGE_SIZE);
  const origin = publicOrigin(c);
  const last = page.timelines.at(-1);
  const lang = language("en", "en");
  const cards = page.timelines.map(
    (t) => html`<article class="card" lang="${t.language}"><h2><a href="${pageUrl("", t.slug)}">${t.title}</a></h2>${
      t.description ? html`<p>${excerpt(t.description, 240)}</p>` : ""
    }<p lang="en"><label for="s-${t.slug}">Embed snippet</label></p><textarea id="s-${t.slug}" readonly rows="2">${embedSnippet(
      origin,
      t.slug,
    )}</textarea><p lang="en"><button type="button" data-copy="s-${t.slug}" data-done="Copied" hidden>Copy</button></p><div class="pv"><iframe data-timeline-frame src="${embedUrl("", t.slug, new URLSearchParams({ limit: "5" }))}" loading="lazy" height="400" sandbox="${EMBED_SANDBOX}" title="Preview: ${t.title}"></iframe></div></article>`,
  );
  const body = html`<h1>edge-timeline</h1><p>Timelines of dated events and commitments, ready to embed in an article. Paste a snippet into your page: the timeline sizes itself, works on phones and without JavaScript, and speaks your readers' language.</p><p><a href="/docs">API documentation</a> · <a href="/openapi.json">OpenAPI</a></p>${
    cards.length ? cards : html`<p>No public timelines yet.</p>`
  }${page.more && last ? html`<p><a class="more" rel="next" href="/?cursor=${encodeTimelineCursor(last.id)}">More timelines</a></p>` : ""}<script async src="${loaderUrl("")}"></script>`;
  const text = await htmlDocument({ page: true, lang, theme: "auto", title: "edge-timeline: timelines to embed", body });
  const headers = {
    ETag: bodyEtag("p", String(text)),
    "Cache-Control": LIST_CACHE_CONTROL,
    "Cache-Tag": LIST_CACHE_TAG,
    "Content-Security-Policy": await contentSecurityPolicy("'none'", { frames: true, page: true }),
    "X-Frame-Options": "DENY",
  };
  return notModifiedFor(c, headers) ?? c.html(text, 200, headers);
};
