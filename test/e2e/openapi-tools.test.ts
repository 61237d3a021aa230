/**
 * /openapi.json as a new user's tools see it, served by a real local Worker: the OpenAPI 3.1
 * schema validator, Redocly's linter, and openapi-typescript, whose generated types must
 * typecheck a small openapi-fetch client (tools/openapi-check/client.ts) that then talks to the
 * Worker. The tools live in tools/openapi-check with their own lockfile (openapi-typescript needs
 * TypeScript 5; the project compiles with TypeScript 7). Each check is also run on a copy of the
 * document with one broken reference, to show it can fail.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureToolPackages } from "../../scripts/lib/deps.mjs";
import { bin, projectRoot, toolEnv } from "../../scripts/lib/project.mjs";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

const tools = join(projectRoot, "tools", "openapi-check");
const generated = join(tools, "generated");
const documentFile = join(generated, "openapi.json");
const brokenFile = join(generated, "broken.json");
const toolBin = (name: string) => join(tools, "node_modules", ".bin", name);

interface Run {
  code: number;
  output: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: tools, env: toolEnv({ REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" }), maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

let worker: LocalWorker;
let document: any;

beforeAll(async () => {
  ensureToolPackages();
  worker = await startLocalWorker({ seedDemo: true });
  const res = await fetch(`${worker.url}/openapi.json`);
  expect(res.status).toBe(200);
  document = await res.json();
  // The same document with one reference to a schema that does not exist.
  const broken = structuredClone(document);
  broken.paths["/v1/timelines/{slug}/entries"].get.responses["200"].content["application/json"].schema = {
    $ref: "#/components/schemas/NoSuchSchema",
  };
  await mkdir(generated, { recursive: true });
  await Promise.all([writeFile(documentFile, JSON.stringify(document, null, 2)), writeFile(brokenFile, JSON.stringify(broken))]);
});

afterAll(async () => {
  await worker?.stop();
});

describe("/openapi.json in independent tools", () => {
  it("keeps shared schemas in components and gives each operation an id and its security", () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain("$defs");
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.slice("#/components/schemas/".length));
    }
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, any>).map(([method, op]) => ({ path, method, ...op })),
    );
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const security = Object.fromEntries(operations.map((op) => [`${op.method} ${op.path}`, op.security]));
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(security["post /v1/timelines/{slug}/entries"]).toEqual([{ bearer: [] }]);
    expect(security["get /v1/tokens"]).toEqual([{ bearer: [] }]);
    expect(security["post /v1/timelines/{slug}/import"]).toEqual([{ bearer: [] }]);
    // Public reads need no token; a private timeline's need one that covers it.
    expect(security["get /v1/timelines/{slug}/entries"]).toEqual([{}, { bearer: [] }]);
    expect(security["get /v1/timelines/{slug}/feed.atom"]).toEqual([{}, { bearer: [] }]);
    expect(security["get /v1/timelines"]).toEqual([]);
    expect(security["get /embed.js"]).toEqual([]);
  });

  it("matches the route list of docs/api.md", async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const docs = await readFile(join(projectRoot, "docs", "api.md"), "utf8");
    const rows = [...docs.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| ([^|]+) \|/gm)];
    expect(rows.map((m) => `${m[1]} ${m[2]}`).sort()).toEqual([...operations].sort());
    // The token column says what `security` says: none, optional, or a bearer token (of some role).
    for (const [, method, path, token] of rows) {
      const security = document.paths[path!][method!.toLowerCase()].security;
      const expected = token!.trim() === "—" ? [] : token!.trim() === "optional" ? [{}, { bearer: [] }] : [{ bearer: [] }];
      expect(security, `${method} ${path}`).toEqual(expected);
    }
  });

  it("validates against the OpenAPI 3.1 schema (@seriousme/openapi-schema-validator)", async () => {
    const { Validator } = await import(pathToFileURL(join(tools, "node_modules/@seriousme/openapi-schema-validator/index.js")).href);
    const validator = new Validator();
    const result = await validator.validate(documentFile);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");

    const broken = await new Validator().validate(brokenFile);
    expect(broken.valid).toBe(false);
    expect(JSON.stringify(broken.errors)).toContain("NoSuchSchema");
  });

  it("passes Redocly's lint (recommended rules) without errors", async () => {
    const lint = async (file: string) => {
      const { code, output } = await run(toolBin("redocly"), ["lint", "--format=json", file]);
      const report = JSON.parse(output.slice(output.indexOf("{"), output.lastIndexOf("}") + 1));
      const errors = report.problems.filter((p: any) => p.severity === "error").map((p: any) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      return { code, errors, totals: report.totals };
    };
    const clean = await lint(documentFile);
    expect(clean.errors).toEqual([]);
    expect(clean.code).toBe(0);

    const broken = await lint(brokenFile);
    expect(broken.code).not.toBe(0);
    expect(broken.errors.join("\n")).toContain("no-unresolved-refs");
  });

  it("generates types with openapi-typescript that typecheck a typed client, which then talks to the Worker", async () => {
    const generate = (from: string) => run(toolBin("openapi-typescript"), [from, "-o", join(generated, "openapi.d.ts")]);
    const refused = await generate(brokenFile);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("Can't resolve $ref");

    const generation = await generate(documentFile);
    expect(generation.code, generation.output).toBe(0);
    // The project's compiler, strict; client.ts also holds calls the types must refuse (@ts-expect-error).
    const typecheck = await run(bin("tsc"), ["-p", join(tools, "tsconfig.json")]);
    expect(typecheck.output.trim()).toBe("");
    expect(typecheck.code).toBe(0);

    const clientModule = join(tools, "client.ts");
    const { timelineClient } = await import(/* @vite-ignore */ pathToFileURL(clientModule).href);
    const anonymous = timelineClient(worker.url);
    const commitments: string[] = await anonymous.commitments("g7-ukraine");
    expect(commitments.length).toBeGreaterThan(0);
    expect(commitments.some((line) => /USD/.test(line))).toBe(true);

    const writer = timelineClient(worker.url, worker.adminToken);
    const created = await writer.pledge("g7-ukraine", "Grid repair fund", "openapi-tools-1");
    expect(created).toMatchObject({ kind: "commitment", title: "Grid repair fund", commitment: { status: "announced", due: "2025" } });
    expect(await writer.pledge("g7-ukraine", "Grid repair fund", "openapi-tools-1")).toEqual(created);
    await expect(anonymous.pledge("g7-ukraine", "Without a token", "openapi-tools-2")).rejects.toThrow(/401|token/i);
  });
});
