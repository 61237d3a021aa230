import { describe, expect, it } from "vitest";
import { call, json } from "../support/api";

describe("API description", () => {
  it("publishes an OpenAPI 3.1 document of every route with its inputs and problems", async () => {
    const res = await call("GET", "/openapi.json", { token: null });
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/timelines", "/v1/timelines/{slug}", "/v1/timelines/{slug}/entries", "/v1/timelines/{slug}/entries/{id}", "/v1/tokens"]),
    );
    const list = doc.paths["/v1/timelines/{slug}/entries"].get;
    const names = list.parameters.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(["slug", "kind", "status", "tag", "actor", "from", "to", "q", "order", "limit", "cursor"]));
    const create = doc.paths["/v1/timelines/{slug}/entries"].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(create.parameters.map((p: any) => p.name)).toContain("Idempotency-Key");
    expect(create.operationId).toBe("createEntry");
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema).toEqual({ $ref: "#/components/schemas/EntryCreate" });
    const body = doc.components.schemas.EntryCreate;
    expect(body.required).toEqual(expect.arrayContaining(["kind", "title", "start"]));
    // A source is sent in one form and read in another (normalised, nulls filled in).
    expect(body.properties.sources.items).toEqual({ $ref: "#/components/schemas/SourceInput" });
    expect(doc.components.schemas.Entry.properties.sources.items).toEqual({ $ref: "#/components/schemas/Source" });
    expect(doc.components.schemas.Source.required).toEqual(["url", "title", "publisher", "published"]);
    expect(doc.components.schemas.SourceInput.required).toEqual(["url", "title"]);
    expect(create.responses["400"].content["application/problem+json"]).toBeDefined();
    expect(doc.paths["/v1/timelines/{slug}/entries/{id}"].patch.parameters.map((p: any) => p.name)).toContain("If-Match");
  });

  it("documents the widget and pages from the same definitions that route them", async () => {
    const doc = await json(await call("GET", "/openapi.json", { token: null }));
    for (const path of ["/embed/{slug}", "/t/{slug}", "/embed.js", "/", "/oembed"]) expect(doc.paths[path]?.get, path).toBeDefined();
    const embed = doc.paths["/embed/{slug}"].get;
    expect(embed.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(["slug", "lang", "theme", "kind", "status", "tag", "actor", "from", "to", "q", "order", "limit", "cursor"]),
    );
    expect(doc.paths["/"].get.parameters.map((p: any) => p.name)).toEqual(["cursor"]);
    // The widget's versioned script is routed like the others but is an asset, not an API.
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/embed/{") && p !== "/embed/{slug}")).toEqual([]);
  });

  it("renders readable docs without scripts", async () => {
    const res = await call("GET", "/docs", { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toMatch(/default-src 'none'; style-src 'sha256-/);
    const page = await res.text();
    expect(page).toContain("<code>/v1/timelines/{slug}/entries</code>");
    expect(page).toContain('id="problem-validation"');
    // Request bodies link to their shared schema, listed once under Schemas.
    expect(page).toContain('<a href="#schema-EntryCreate">EntryCreate</a>');
    expect(page).toContain('<details id="schema-EntryCreate">');
    expect(page).toContain("(bearer token)");
    expect(page).toContain("(a private timeline needs a bearer token)");
    expect(page).not.toContain("<script");
    const { exports } = await import("cloudflare:workers");
    const problem = await exports.default.fetch("https://timeline.test/problems/validation", { redirect: "manual" });
    expect(problem.status).toBe(302);
    expect(problem.headers.get("Location")).toBe("/docs#problem-validation");
  });

  it("answers /healthz", async () => {
    const res = await call("GET", "/healthz", { token: null });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });
});
