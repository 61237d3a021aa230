#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: installs what is missing, applies the D1 migrations to the local
 * database, runs `wrangler dev` on http://127.0.0.1:8787 (PORT overrides), loads the
 * demo timeline, and prints where to look. Ctrl-C (SIGINT) or SIGTERM stops Wrangler
 * and its workerd; the exit status is Wrangler's.
 *
 * Environment: PORT (default 8787), HOST (default 127.0.0.1), PERSIST_TO (local state
 * folder, default .wrangler/state), SEED=0 to skip loading the demo, ALLOWED_HOSTS (more host
 * names to answer for, comma-separated; the Worker serves only loopback hosts otherwise).
 * Runs on any Node >= 18: Wrangler itself runs on the project's Node 24.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { ensureDeps } from "./lib/deps.mjs";
import { demoFile, demoSlug, localAdminToken, projectRoot } from "./lib/project.mjs";
import { seedDemo, summarizeReport } from "./lib/seed.mjs";
import {
  applyMigrations,
  isPortFree,
  killProcessGroupNow,
  spawnWranglerDev,
  stopProcessGroup,
  waitForHealthy,
} from "./lib/wrangler.mjs";

/** @param {string} message */
const say = (message) => console.log(`\n▶ ${message}`);

/** @param {string} message */
function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

const port = Number(process.env.PORT || 8787);
const host = process.env.HOST || "127.0.0.1";
const persistTo = process.env.PERSIST_TO || undefined;
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}"`);

try {
  ensureDeps();
} catch (error) {
  fail(`could not install the dependencies: ${error instanceof Error ? error.message : String(error)}`);
}

if (!(await isPortFree(port, host))) {
  fail(`${host}:${port} is already in use (another \`npm start\`?). Stop it, or run with PORT=<another port>.`);
}

say(`Applying the D1 migrations to the local database${persistTo ? ` in ${persistTo}` : ""}`);
try {
  await applyMigrations({ persistTo });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

// The Worker answers only for hosts it is told of (loopback when none): a HOST other than
// loopback, and ALLOWED_HOSTS from the environment, are passed on, loopback kept.
const loopback = /^(localhost|127(\.\d+){3}|\[?::1\]?)$/;
const moreHosts = [process.env.ALLOWED_HOSTS ?? "", loopback.test(host) ? "" : host].filter(Boolean);
const vars = moreHosts.length > 0 ? { ALLOWED_HOSTS: [...moreHosts, "localhost", "127.0.0.1"].join(",") } : undefined;
// A webhook receiver on 127.0.0.1 works here (production allows https and public targets only).
const LOCAL_ONLY = { WEBHOOK_ALLOW_LOOPBACK: "true" };

say(`Starting wrangler dev on http://${host}:${port}`);
const child = await spawnWranglerDev({ port, host, persistTo, output: "inherit", vars: { ...vars, ...LOCAL_ONLY } });
process.on("exit", () => killProcessGroupNow(child));

/** @type {NodeJS.Signals | null} */
let stopping = null;
/** @type {Promise<void> | null} */
let stopped = null;
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(signal, () => {
    if (stopping) {
      killProcessGroupNow(child);
      return;
    }
    stopping = signal;
    console.log(`\n▶ ${signal}: stopping wrangler`);
    stopped = stopProcessGroup(child, { signal: signal === "SIGHUP" ? "SIGTERM" : signal });
  });
}

/** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
const exited = new Promise((resolve) => {
  child.once("exit", (code, signal) => resolve({ code, signal }));
});

void exited.then(async ({ code, signal }) => {
  // Wait until workerd is gone too, then exit with Wrangler's status.
  await (stopped ?? stopProcessGroup(child, { timeoutMs: 5_000 }));
  process.removeAllListeners("exit");
  if (code !== null) process.exit(code);
  // Wrangler died of a signal: exit as a shell reports it (128 + the signal's number).
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  process.exit(128 + (numbers[/** @type {keyof typeof numbers} */ (signal)] ?? 1));
});

const origin = `http://${host}:${port}`;
try {
  await Promise.race([
    waitForHealthy(`${origin}/healthz`, { child, timeoutMs: 120_000 }),
    exited.then(() => {
      throw new Error("wrangler exited");
    }),
  ]);
} catch (error) {
  if (stopping) await new Promise(() => {}); // the exit handler above ends the process
  console.error(`\n✖ The Worker did not come up: ${error instanceof Error ? error.message : String(error)}`);
  await stopProcessGroup(child);
  process.exit(1);
}

if (process.env.SEED === "0") {
  say("SEED=0: not loading the demo timeline");
} else if (!existsSync(demoFile)) {
  say(`No demo timeline yet (${relative(projectRoot, demoFile)} is missing): skipping it`);
} else {
  say(`Loading the demo timeline from ${relative(projectRoot, demoFile)}`);
  try {
    const result = await seedDemo({ baseUrl: origin, adminToken: localAdminToken() });
    const summary = summarizeReport(result.report);
    console.log(
      `  timeline "${result.slug}" ${result.timeline}; imported ${result.entries} entries${summary ? ` (${summary})` : ""}`,
    );
  } catch (error) {
    console.error(`  ✖ Could not load the demo timeline: ${error instanceof Error ? error.message : String(error)}`);
    console.error("    The server keeps running; fix the problem and run `npm start` again to retry.");
  }
}

if (!stopping) {
  console.log(`
────────────────────────────────────────────────────────────────────
 edge-timeline is running (Ctrl-C stops it)

   Widget:        ${origin}/embed/${demoSlug}
   Public page:   ${origin}/t/${demoSlug}
   Landing page:  ${origin}/
   API docs:      ${origin}/docs
   Entries JSON:  ${origin}/v1/timelines/${demoSlug}/entries
   Health:        ${origin}/healthz

   Admin token (Authorization: Bearer …) is ADMIN_TOKEN in .dev.vars
────────────────────────────────────────────────────────────────────
`);
}
