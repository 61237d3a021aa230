// @ts-check
/**
 * Paths and environment shared by the project's scripts, the test harness and the
 * benchmarks. Runs on any Node >= 18 and has no dependencies.
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url)).replace(/[\\/]$/, "");

/** `node_modules/.bin` of the project: the Node 24 binary, wrangler, vitest, tsc. */
export const binDir = join(projectRoot, "node_modules", ".bin");

/** Where the demo timeline document lives. */
export const demoFile = join(projectRoot, "scripts", "demo", "g7-ukraine.json");

/** Slug of the demo timeline. */
export const demoSlug = "g7-ukraine";

/**
 * Environment for child processes that run the project's tools: `node_modules/.bin`
 * first on PATH (so `#!/usr/bin/env node` tools run on the project's Node 24 even when
 * the system Node is older) and Wrangler's telemetry off.
 *
 * @param {Record<string, string | undefined>} [extra] variables to add or override
 * @returns {NodeJS.ProcessEnv}
 * @example spawn("wrangler", ["--version"], { env: toolEnv(), cwd: projectRoot })
 */
export function toolEnv(extra = {}) {
  const path = process.env.PATH ?? "";
  const rest = path.split(delimiter).filter((p) => p && p !== binDir);
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    NO_UPDATE_NOTIFIER: "1",
    ...extra,
    PATH: [binDir, ...rest].join(delimiter),
  };
}

/**
 * Absolute path of a tool in `node_modules/.bin`.
 *
 * @param {string} name e.g. "wrangler"
 * @returns {string}
 */
export function bin(name) {
  return join(binDir, process.platform === "win32" ? `${name}.cmd` : name);
}

/**
 * Parses a dotenv-style file (`KEY=value`, `#` comments, optional quotes).
 *
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseDotenv(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = /** @type {string} */ (m[2]);
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = /** @type {string} */ (quoted[2]);
    else value = value.replace(/\s+#.*$/, "");
    out[/** @type {string} */ (m[1])] = value;
  }
  return out;
}

/**
 * The local variables Wrangler uses: `.dev.vars`, else `.dev.vars.example`.
 *
 * @param {string} [root] project root
 * @returns {Record<string, string>}
 */
export function readDevVars(root = projectRoot) {
  for (const name of [".dev.vars", ".dev.vars.example"]) {
    const file = join(root, name);
    if (existsSync(file)) return parseDotenv(readFileSync(file, "utf8"));
  }
  return {};
}

/**
 * The local admin token, as `wrangler dev` sees it: `ADMIN_TOKEN` from `.dev.vars`.
 *
 * @param {string} [root] project root
 * @returns {string}
 */
export function localAdminToken(root = projectRoot) {
  const token = readDevVars(root).ADMIN_TOKEN;
  if (!token) throw new Error(`No ADMIN_TOKEN: set it in ${join(root, ".dev.vars")} (see .dev.vars.example)`);
  return token;
}
