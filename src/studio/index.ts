/**
 * The studio at /studio: a browser editor for timelines, server-rendered HTML forms that work
 * without JavaScript (a small script only enhances). Everything behind sign-in; every state
 * change checked to come from a studio page; never framed, never stored by a shared cache.
 */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { setCookie } from "hono/cookie";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { fill } from "../i18n";
import { matchesIfNoneMatch } from "../http/cache";
import { Problem } from "../http/problem";
import { routeRegistry, type RouteSpec } from "../http/route";
import { STUDIO_CSS, STUDIO_CSS_PATH, STUDIO_JS, STUDIO_JS_PATH } from "./assets";
import * as entries from "./entries";
import { dateHint } from "./entry-form";
import { readForm } from "./form";
import { fromOwnPage, requireSession, studioHeaders, studioLanguage } from "./guard";
import * as history from "./history";
import * as paste from "./paste";
import * as preview from "./preview";
import { field, here, notice, page, safeNext, ui } from "./layout";
import { SESSION_HOURS, sessionPrincipal, signIn, signOut } from "./session";
import * as timelines from "./timelines";
import * as translations from "./translations";

export const studioRoutes = new Hono<AppEnv>();

routeRegistry.push({
  method: "get",
  path: "/studio",
  operationId: "studio",
  tags: ["Studio"],
  summary: "The browser editor (HTML; sign in with a token)",
  description:
    "Server-rendered forms for timelines and entries; works without JavaScript. A token is exchanged once for an HttpOnly, SameSite=Strict session cookie scoped to /studio.",
  responses: { 200: { description: "The studio (or its sign-in page)", contentType: "text/html", schema: z.string() } },
} satisfies RouteSpec);

studioRoutes.use("*", studioHeaders());

/** Refuses every state change that does not come from a studio page, whatever its content type. */
studioRoutes.use("*", async (c, next) => {
  if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method) && !fromOwnPage(c)) {
    const { w } = ui(c);
    return page(c, { title: w.errors.title, body: html`<h1>${w.errors.title}</h1>${notice(w.errors.crossSite, "bad")}`, status: 403 });
  }
  await next();
});

studioRoutes.onError((err, c) => {
  if (!(err instanceof Problem)) throw err;
  const { w } = ui(c);
  const message =
    err.status === 404 ? w.errors.notFound : err.status === 403 ? w.errors.forbidden : err.status === 413 ? (c.req.path.endsWith("/rates") ? w.ledger.ratesTooLarge : w.errors.tooLarge) : err.message;
  const fields = err.errors ?? [];
  const body = html`<h1>${w.errors.title}</h1>${notice(message, "bad")}${
    fields.length ? html`<ul>${fields.map((f) => html`<li><code>${f.parameter ?? f.pointer ?? ""}</code>: ${f.detail}</li>`)}</ul>` : ""
  }<p><a href="/studio">${w.errors.back}</a></p>`;
  return page(c, { title: w.errors.title, body, status: err.status, signedIn: true });
});

function asset(c: Context<AppEnv>, source: string, type: string, current: string): Response {
  const etag = `"s.${current.split(".")[1]}"`;
  const fresh = new URL(c.req.url).pathname === current;
  const headers = { "Content-Type": type, ETag: etag, "Cache-Control": fresh ? "public, max-age=31536000, immutable" : "public, max-age=300" };
  if (matchesIfNoneMatch(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(source, 200, headers);
}
studioRoutes.get("/assets/:file{studio\\.[0-9a-f]+\\.css}", (c) => asset(c, STUDIO_CSS, "text/css; charset=utf-8", STUDIO_CSS_PATH));
studioRoutes.get("/assets/:file{studio\\.[0-9a-f]+\\.js}", (c) => asset(c, STUDIO_JS, "text/javascript; charset=utf-8", STUDIO_JS_PATH));

// Signing in and out, and the interface language: open to everyone.

function signInPage(c: Context<AppEnv>, message: { text: string; bad: boolean } | null, status = 200) {
  const { w } = ui(c);
  const s = w.signIn;
  const next = safeNext(c.req.query("next"));
  const body = html`<h1>${s.title}</h1>${message ? notice(message.text, message.bad ? "bad" : "ok") : ""}<p>${fill(s.intro, { hours: String(SESSION_HOURS) })}</p><form method="post" action="/studio/sign-in?next=${encodeURIComponent(
    next,
  )}">${field({ label: s.token, name: "token", type: "password", required: true, attrs: html` autocomplete="off" autofocus` })}<button>${s.button}</button></form>`;
  return page(c, { title: s.title, body, status });
}

studioRoutes.get("/sign-in", async (c) => {
  if (await sessionPrincipal(c)) return c.redirect(safeNext(c.req.query("next")), 303);
  const { w } = ui(c);
  const reason = c.req.query("reason");
  return signInPage(c, reason === "signed-out" ? { text: w.signIn.signedOut, bad: false } : reason === "ended" ? { text: w.signIn.ended, bad: false } : null);
});

studioRoutes.post("/sign-in", async (c) => {
  const { w } = ui(c);
  const limiter = c.env.SIGNIN_LIMITER;
  if (limiter && !(await limiter.limit({ key: `ip:${c.req.header("CF-Connecting-IP") ?? "unknown"}` })).success) {
    const res = await signInPage(c, { text: w.signIn.limited, bad: true }, 429);
    res.headers.set("Retry-After", "60");
    return res;
  }
  const token = (await readForm(c)).text("token").trim();
  if (!token || token.length > 512 || !(await signIn(c, token))) return signInPage(c, { text: w.signIn.failed, bad: true }, 401);
  return c.redirect(safeNext(c.req.query("next")), 303);
});

studioRoutes.post("/sign-out", async (c) => {
  await signOut(c);
  return c.redirect("/studio/sign-in?reason=signed-out", 303);
});

studioRoutes.post("/language", async (c) => {
  const form = await readForm(c);
  const lang = form.text("lang") === "de" ? "de" : "en";
  setCookie(c, "et_lang", lang, { path: "/studio", sameSite: "Strict", httpOnly: true, secure: new URL(c.req.url).protocol === "https:", maxAge: 365 * 86_400 });
  return c.redirect(safeNext(form.text("next")), 303);
});

// Everything else needs a session; without one, the sign-in page (never data).
studioRoutes.use(
  "*",
  requireSession((c) => {
    const target = c.req.method === "GET" ? here(c) : "/studio";
    return c.redirect(`/studio/sign-in?reason=ended&next=${encodeURIComponent(target)}`, 303);
  }),
);

/** `GET /studio/date?value=…&tz=…`: a typed date read back (the script's live hint). */
studioRoutes.get("/date", (c) => {
  const value = (c.req.query("value") ?? "").slice(0, 100);
  const tz = c.req.query("tz") ?? "UTC";
  let zone = "UTC";
  try {
    zone = new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    // an unknown zone reads times as UTC
  }
  const { w } = ui(c);
  return c.text(dateHint(value, studioLanguage(c), zone, w));
});

studioRoutes.get("/", timelines.overview);
studioRoutes.get("/new", timelines.newTimeline);
studioRoutes.post("/new", timelines.createTimeline);
studioRoutes.get("/t/:slug", entries.timelinePage);
studioRoutes.get("/t/:slug/settings", (c) => timelines.settings(c));
studioRoutes.post("/t/:slug/settings", timelines.saveSettings);
studioRoutes.get("/t/:slug/rates", (c) => timelines.ratesPage(c));
studioRoutes.post("/t/:slug/rates", timelines.importRates);
studioRoutes.post("/t/:slug/delete", timelines.deleteTimeline);
studioRoutes.post("/t/:slug/restore", timelines.restoreTimeline);
studioRoutes.post("/t/:slug/duplicate", timelines.duplicateTimeline);
studioRoutes.post("/t/:slug/publish", entries.publishDrafts);
studioRoutes.get("/t/:slug/trash", history.trashPage);
studioRoutes.get("/t/:slug/preview", preview.previewPage);
studioRoutes.get("/t/:slug/preview/frame", preview.previewFrame);
studioRoutes.get("/t/:slug/paste", paste.pastePage);
studioRoutes.post("/t/:slug/paste", paste.pasteSubmit);
studioRoutes.get("/t/:slug/new", entries.newEntry);
studioRoutes.post("/t/:slug/new", entries.createEntry);
studioRoutes.get("/t/:slug/e/:id", entries.editEntry);
studioRoutes.post("/t/:slug/e/:id", entries.saveEntry);
studioRoutes.post("/t/:slug/e/:id/status", entries.recordStatus);
studioRoutes.post("/t/:slug/e/:id/media", entries.uploadEntryImage);
studioRoutes.post("/t/:slug/e/:id/delete", entries.deleteEntry);
studioRoutes.post("/t/:slug/e/:id/restore", entries.restoreEntry);
studioRoutes.get("/t/:slug/e/:id/history", history.historyPage);
studioRoutes.get("/t/:slug/e/:id/translations", translations.translationsPage);
studioRoutes.post("/t/:slug/e/:id/translations/:lang", translations.saveTranslation);
studioRoutes.post("/t/:slug/e/:id/translations/:lang/delete", translations.removeTranslation);
studioRoutes.post("/t/:slug/e/:id/history/:revision{[0-9]{1,9}}", history.restoreVersion);
studioRoutes.all("*", () => {
  throw new Problem("not-found", "There is no such page in the studio.");
});
