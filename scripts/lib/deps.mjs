// @ts-check
/**
 * Makes sure the project's dependencies are installed: npm packages (`npm ci`),
 * `.dev.vars`, and optionally Debian's Chromium for browser tests.
 * Runs on any Node >= 18 and has no dependencies.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bin, projectRoot } from "./project.mjs";

/** Where Debian's chromium package puts the browser. */
export const defaultChromiumPath = "/usr/bin/chromium";

/**
 * Path of the Chromium binary the browser tests use: `CHROMIUM_PATH`, else Debian's.
 *
 * @returns {string}
 */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || defaultChromiumPath;
}

/** @param {string} message */
function say(message) {
  console.log(`ensure-deps: ${message}`);
}

/**
 * @param {string} file
 * @returns {boolean}
 */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string} file
 * @returns {any}
 */
function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * Why `node_modules` does not match `package-lock.json`, or null when it does.
 * Compares npm's hidden lockfile (`node_modules/.package-lock.json`, written by every
 * install) with the lockfile: same versions, and every non-optional package present.
 *
 * @param {string} [root] project root (or a tool package's folder)
 * @param {string[]} [tools] commands that must be in its node_modules/.bin
 * @returns {string | null}
 */
export function staleNodeModulesReason(root = projectRoot, tools = ["node", "wrangler", "vitest", "tsc"]) {
  const lockFile = join(root, "package-lock.json");
  const hiddenFile = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(join(root, "node_modules"))) return "node_modules is missing";
  if (!existsSync(hiddenFile)) return "node_modules/.package-lock.json is missing";
  /** @type {Record<string, {version?: string, optional?: boolean}>} */
  let lock;
  /** @type {Record<string, {version?: string}>} */
  let hidden;
  try {
    lock = readJson(lockFile).packages ?? {};
    hidden = readJson(hiddenFile).packages ?? {};
  } catch (error) {
    return `cannot read the lockfiles (${error instanceof Error ? error.message : String(error)})`;
  }
  for (const [path, meta] of Object.entries(hidden)) {
    const wanted = lock[path];
    if (!wanted) return `${path} is installed but no longer in package-lock.json`;
    if (wanted.version !== meta.version) {
      return `${path} is ${meta.version}, package-lock.json wants ${wanted.version}`;
    }
  }
  for (const [path, meta] of Object.entries(lock)) {
    if (path === "" || meta.optional) continue;
    if (!(path in hidden)) return `${path} from package-lock.json is not installed`;
  }
  for (const tool of tools) {
    if (!isExecutable(join(root, "node_modules", ".bin", tool))) return `node_modules/.bin/${tool} is missing`;
  }
  return null;
}

/**
 * Runs a command with inherited output; throws when it fails.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  say(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with ${result.signal ?? `exit code ${result.status}`}`);
  }
}

/**
 * Installs the npm packages with `npm ci` when `node_modules` is missing or stale.
 *
 * @param {string} [root] project root
 * @returns {boolean} whether it installed
 */
export function ensureNodeModules(root = projectRoot) {
  const reason = staleNodeModulesReason(root);
  if (!reason) return false;
  say(`${reason}: installing the npm packages`);
  run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root });
  const after = staleNodeModulesReason(root);
  if (after) throw new Error(`npm ci finished but node_modules is still not right: ${after}`);
  const node = spawnSync(bin("node"), ["--version"], { encoding: "utf8" });
  if (node.status !== 0) throw new Error("node_modules/.bin/node (the project's Node 24) does not run");
  say(`installed; project Node is ${node.stdout.trim()}`);
  return true;
}

/**
 * Packages of tools the tests run that cannot share the project's node_modules, each a folder
 * with its own package.json and package-lock.json, and the commands it must provide.
 * (openapi-typescript needs TypeScript 5's JS API; the project compiles with TypeScript 7.)
 */
export const toolPackages = [
  { dir: join("tools", "openapi-check"), bins: ["openapi-typescript", "redocly", "validate-api", "tsc"] },
];

/**
 * Installs each tool package with `npm ci` when its `node_modules` is missing or stale.
 *
 * @param {string} [root] project root
 * @returns {boolean} whether it installed any
 */
export function ensureToolPackages(root = projectRoot) {
  let installed = false;
  for (const { dir, bins } of toolPackages) {
    const folder = join(root, dir);
    const reason = staleNodeModulesReason(folder, bins);
    if (!reason) continue;
    say(`${dir}: ${reason}: installing its npm packages`);
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: folder });
    const after = staleNodeModulesReason(folder, bins);
    if (after) throw new Error(`npm ci in ${dir} finished but its node_modules is still not right: ${after}`);
    installed = true;
  }
  return installed;
}

/**
 * Creates `.dev.vars` from `.dev.vars.example` when it is missing.
 *
 * @param {string} [root] project root
 * @returns {boolean} whether it created the file
 */
export function ensureDevVars(root = projectRoot) {
  const target = join(root, ".dev.vars");
  const example = join(root, ".dev.vars.example");
  if (existsSync(target) || !existsSync(example)) return false;
  copyFileSync(example, target);
  say("created .dev.vars from .dev.vars.example");
  return true;
}

/**
 * Makes sure Chromium is installed for the browser tests: installs Debian's `chromium`
 * with apt-get when we are root, otherwise throws with what to install.
 *
 * @returns {boolean} whether it installed
 */
export function ensureChromium() {
  const path = chromiumPath();
  if (isExecutable(path)) return false;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (path !== defaultChromiumPath || !isRoot || !hasApt) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's chromium package ` +
        `(sudo apt-get update && sudo apt-get install -y chromium) or set CHROMIUM_PATH ` +
        `to a Chromium or Chrome binary.`,
    );
  }
  say(`${path} is missing: installing Debian's chromium package with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-q"], { env });
  run("apt-get", ["install", "-y", "-q", "chromium"], { env });
  if (!isExecutable(path)) throw new Error(`apt-get installed chromium but ${path} is still missing`);
  return true;
}

/**
 * Everything a fresh clone needs before `npm start` or `npm test`.
 * A fast no-op when everything is present.
 *
 * @param {{ browser?: boolean, tools?: boolean, root?: string }} [options] `browser`: Chromium too;
 *   `tools`: the tool packages under tools/ too
 * @example ensureDeps({ browser: true, tools: true })
 */
export function ensureDeps(options = {}) {
  const root = options.root ?? projectRoot;
  ensureNodeModules(root);
  ensureDevVars(root);
  if (options.tools) ensureToolPackages(root);
  if (options.browser) ensureChromium();
}
