#!/usr/bin/env node
// @ts-check
/**
 * Installs what a fresh clone needs: npm packages (`npm ci` when node_modules is missing
 * or does not match package-lock.json) and `.dev.vars`; with `--tools` also the tool packages
 * under tools/ (each with its own lockfile), with `--browser` also Debian's Chromium.
 * Fast no-op when all is present. Runs on any Node >= 18, no dependencies.
 *
 * Usage: node scripts/ensure-deps.mjs [--tools] [--browser]
 */
import { ensureDeps } from "./lib/deps.mjs";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--browser" && a !== "--tools");
if (unknown.length > 0) {
  console.error(`ensure-deps: unknown argument(s): ${unknown.join(" ")}\nUsage: node scripts/ensure-deps.mjs [--tools] [--browser]`);
  process.exit(2);
}

try {
  ensureDeps({ browser: args.includes("--browser"), tools: args.includes("--tools") });
} catch (error) {
  console.error(`ensure-deps: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
