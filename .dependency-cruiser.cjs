/**
 * The layer rules of src/, checked by `npm run -s check` (and so by `npm test`):
 *
 *   index.ts → app.ts, capabilities (api, feeds, transfer, widget, docs, studio, live, ledger)
 *            → http → db → domain;   i18n sits beside domain (it may read domain, nothing more)
 *
 * env.ts holds the Worker's bindings and Hono's per-request variables (types only); http and
 * the capabilities may use it, db and domain may not. A wrong import fails with the rule's name.
 * TypeScript 7 has no JavaScript API that dependency-cruiser can parse with, so it parses with
 * swc (type-only imports count too: a type cycle is still a cycle).
 */
// Without swc, dependency-cruiser silently parses no TypeScript and every rule "passes":
// refuse to run rather than report a clean check of nothing.
try {
  require.resolve("@swc/core");
} catch {
  throw new Error("The layer check needs @swc/core to parse TypeScript: run `npm ci` (node_modules is stale).");
}

const CAPABILITIES = ["api", "feeds", "transfer", "widget", "docs", "studio", "live", "ledger"];
const capability = `^src/(${CAPABILITIES.join("|")})/`;

/** A rule that allows `from` to import only the listed parts of src/ (npm packages are free unless `packages` is given). */
const onlyImports = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: "^src/", pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    onlyImports(
      "domain-imports-nothing-of-ours",
      "domain/ holds the pure rules: it imports no other part of src/ (not db, http, i18n or a capability).",
      "^src/domain/",
      [],
    ),
    {
      name: "domain-is-pure",
      comment: "domain/ does no I/O and knows no framework: no Hono, no Drizzle, no Workers runtime.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "core"] },
    },
    onlyImports("i18n-imports-only-domain", "i18n/ sits beside domain/: it may read domain/ (formats, locales), nothing else.", "^src/i18n/", [
      "^src/domain/",
    ]),
    onlyImports("db-imports-only-domain", "db/ (tables and queries) may import domain/ only.", "^src/db/", ["^src/domain/"]),
    onlyImports(
      "env-imports-only-db-and-domain",
      "env.ts describes bindings and request variables; it may name db/ and domain/ types only.",
      "^src/env\\.ts$",
      ["^src/db/", "^src/domain/"],
    ),
    onlyImports(
      "http-imports-only-db-domain-i18n",
      "http/ (routing, validation, request schemas, links, caching, auth, problems) sits below the capabilities and above db/: it may import db/, domain/, i18n/ and env.ts.",
      "^src/http/",
      ["^src/db/", "^src/domain/", "^src/i18n/", "^src/env\\.ts$"],
    ),
    {
      name: "capability-imports-no-sibling",
      comment:
        "A capability (api, feeds, transfer, widget, docs, studio, live, ledger) may import http/, db/, domain/, i18n/ and env.ts, and itself, but never another capability: move what two need into http/ (or below).",
      severity: "error",
      from: { path: `^src/(${CAPABILITIES.join("|")})/` },
      to: { path: capability, pathNot: "^src/$1/" },
    },
    {
      name: "capability-imports-no-assembly",
      comment: "Capabilities are mounted by src/index.ts; they never import the app (app.ts) or the Worker (index.ts).",
      severity: "error",
      from: { path: capability },
      to: { path: "^src/(app|index)\\.ts$" },
    },
    {
      name: "capability-writes-through-the-write-path",
      comment:
        "Capabilities write timelines and entries through http/write.ts (one batch with its hooks, then cache purges and other effects); they never run a D1 batch themselves.",
      severity: "error",
      from: { path: capability },
      to: { path: "^src/db/batch\\.ts$" },
    },
    {
      name: "only-index-imports-capabilities",
      comment: "Only src/index.ts assembles the capabilities; nothing below them (or app.ts) imports one.",
      severity: "error",
      from: { path: "^src/", pathNot: [capability, "^src/index\\.ts$"] },
      to: { path: capability },
    },
    {
      name: "app-imports-no-worker",
      comment: "app.ts builds the shared app shell; index.ts imports it, never the other way round.",
      severity: "error",
      from: { path: "^src/app\\.ts$" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "no-cycles",
      comment: "Imports form no cycle, type-only imports included.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      comment: "Every import resolves to a file or an installed package (or is a Workers runtime module, cloudflare:*).",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    parser: "swc",
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types", "workerd", "worker"],
      extensions: [".ts", ".js", ".d.ts"],
    },
  },
};
