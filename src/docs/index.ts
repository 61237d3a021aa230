/**
 * Human-readable API documentation at /docs, rendered on the server from the same OpenAPI
 * document as /openapi.json: no script, no third-party assets. `/problems/{kind}` lands on the
 * explanation of a problem type.
 */
import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env";
import { LIMITS } from "../domain/limits";
import { openApiDocument } from "../http/openapi";
import { publicOrigin } from "../http/origin";
import { PROBLEM_KINDS, problemTitle } from "../http/problem";
import { styleSource } from "../http/security";

const CSS = `
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ddd;--code:#f4f4f4;--accent:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#121212;--muted:#aaa;--line:#333;--code:#1e1e1e;--accent:#8ab4f8}}
body{font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:60rem;padding:1rem}
a{color:var(--accent)}code,pre{font:14px/1.4 ui-monospace,monospace;background:var(--code)}pre{padding:.75rem;overflow:auto}
.op{border-top:1px solid var(--line);padding:.5rem 0}.m{font-weight:700;text-transform:uppercase;display:inline-block;min-width:4.5rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.muted{color:var(--muted)}details{margin:.25rem 0}`;

type Operation = ReturnType<typeof openApiDocument>["paths"][string][string] & Record<string, any>;

const COMPONENT = "#/components/schemas/";

/** A schema: a link to its entry under Schemas when it is a shared one, else its JSON. */
function schemaBlock(label: string, schema: { $ref?: string }): HtmlEscapedString | Promise<HtmlEscapedString> {
  const name = schema.$ref?.startsWith(COMPONENT) ? schema.$ref.slice(COMPONENT.length) : null;
  if (name) return html`<p>${label}: <a href="#schema-${name}">${name}</a></p>`;
  return html`<details><summary>${label}</summary><pre><code>${JSON.stringify(schema, null, 2)}</code></pre></details>`;
}

/** What an operation's `security` asks of the caller, in words. */
function access(security: Record<string, string[]>[]) {
  if (security.length === 0) return "";
  const anonymous = security.some((requirement) => Object.keys(requirement).length === 0);
  return html` <span class="muted">(${anonymous ? "a private timeline needs a bearer token" : "bearer token"})</span>`;
}

function operationHtml(method: string, path: string, op: Operation) {
  const params = (op.parameters ?? []) as { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  const body = op.requestBody?.content as Record<string, { schema?: { $ref?: string } }> | undefined;
  return html`<div class="op" id="${method}-${path}">
    <h3><span class="m">${method}</span> <code>${path}</code></h3>
    <p>${op.summary}${access(op.security)}</p>
    ${op.description ? html`<p>${op.description}</p>` : ""}
    ${params.length
      ? html`<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>${params.map(
          (p) =>
            html`<tr><td><code>${p.name}</code>${p.required ? " *" : ""}</td><td>${p.in}</td><td>${p.description ?? ""}</td></tr>`,
        )}</table>`
      : ""}
    ${body
      ? Object.entries(body).map(([type, content]) =>
          content.schema ? schemaBlock(`Request body (${type})`, content.schema) : html`<p>Request body: <code>${type}</code></p>`,
        )
      : ""}
    <table>${Object.entries(op.responses as Record<string, { description: string }>).map(
      ([status, r]) => html`<tr><td>${status}</td><td>${r.description}</td></tr>`,
    )}</table>
  </div>`;
}

export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/docs", async (c) => {
  const doc = openApiDocument(publicOrigin(c));
  const byTag = new Map<string, [string, string, Operation][]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods) as [string, Operation][]) {
      const tag = (op.tags as string[] | undefined)?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  }
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>edge-timeline API</title><style>${raw(CSS)}</style></head>
<body><h1>edge-timeline API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Reads of public and unlisted timelines need no token;
writes need <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<nav><ul>${[...byTag.keys()].map((tag) => html`<li><a href="#${tag}">${tag}</a></li>`)}<li><a href="#schemas">Schemas</a></li><li><a href="#problems">Problems</a></li><li><a href="#limits">Limits</a></li></ul></nav>
${[...byTag.entries()].map(
  ([tag, ops]) => html`<h2 id="${tag}">${tag}</h2>${ops.map(([method, path, op]) => operationHtml(method, path, op))}`,
)}
<h2 id="schemas">Schemas</h2>
${Object.entries(doc.components.schemas).map(
  ([name, schema]) => html`<details id="schema-${name}"><summary><code>${name}</code></summary><pre><code>${JSON.stringify(schema, null, 2)}</code></pre></details>`,
)}
<h2 id="problems">Problems</h2>
<p>Every error is <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>
and <code>detail</code>; validation problems list <code>errors</code> with a JSON <code>pointer</code> into the body or the
<code>parameter</code> / <code>header</code> at fault.</p>
<table>${PROBLEM_KINDS.map(
  (kind) => html`<tr id="problem-${kind}"><td><code>/problems/${kind}</code></td><td>${problemTitle(kind)}</td></tr>`,
)}</table>
<h2 id="limits">Limits</h2>
<table>${Object.entries(LIMITS).map(([name, value]) => html`<tr><td>${name}</td><td>${value}</td></tr>`)}</table>
</body></html>`;
  return c.html(page, 200, {
    "Content-Security-Policy": `default-src 'none'; style-src ${await styleSource(CSS)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "Cache-Control": "public, max-age=300",
  });
});

docsRoutes.get("/problems/:kind", (c) => c.redirect(`/docs#problem-${encodeURIComponent(c.req.param("kind"))}`, 302));
