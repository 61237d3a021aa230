// @ts-check
/**
 * Runs the Worker locally with Wrangler: applies the D1 migrations, starts
 * `wrangler dev` in its own process group, waits for `/healthz`, and stops the whole
 * group again (no orphaned workerd). Runs on any Node >= 18 and has no dependencies;
 * Wrangler itself runs on the project's Node 24 from `node_modules/.bin`.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { bin, projectRoot, toolEnv } from "./project.mjs";

/**
 * A free TCP port on `host`, as the kernel hands it out.
 *
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function findFreePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether nothing listens on `host:port`.
 *
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function isPortFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Runs a project tool from `node_modules/.bin` to completion.
 *
 * @param {string} tool
 * @param {string[]} args
 * @param {{ cwd?: string, quiet?: boolean, env?: Record<string, string> }} [options]
 *   quiet: capture the output and show it only in the error when the tool fails
 * @returns {Promise<string>} the captured output ("" when not quiet)
 */
export function runTool(tool, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(tool), args, {
      cwd: options.cwd ?? projectRoot,
      env: toolEnv({ CI: "true", ...options.env }),
      stdio: options.quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve(output);
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      reject(new Error(`${tool} ${args.join(" ")} failed with ${how}${output ? `\n${output.trim()}` : ""}`));
    });
  });
}

/**
 * Applies the D1 migrations (`migrations/`) to the local database of binding `DB`,
 * without prompting.
 *
 * @param {{ persistTo?: string, cwd?: string, quiet?: boolean }} [options]
 *   persistTo: Wrangler's `--persist-to` (default `.wrangler/state`)
 * @returns {Promise<string>} Wrangler's output when quiet
 * @example await applyMigrations({ persistTo: "/tmp/x", quiet: true })
 */
export function applyMigrations(options = {}) {
  const args = ["d1", "migrations", "apply", "DB", "--local"];
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  return runTool("wrangler", args, { cwd: options.cwd, quiet: options.quiet });
}

/**
 * @typedef {object} WranglerDevOptions
 * @property {number} port port to listen on
 * @property {string} [host] address to listen on (default 127.0.0.1)
 * @property {string} [persistTo] Wrangler's `--persist-to` (default `.wrangler/state`)
 * @property {number} [inspectorPort] devtools port (default: a free one)
 * @property {Record<string, string>} [vars] `--var KEY:VALUE` overrides (beat `.dev.vars`)
 * @property {string} [cwd] project root
 * @property {string} [config] another Wrangler configuration file (`--config`), e.g. a benchmark's
 * @property {"inherit" | "pipe"} [output] "inherit" shows Wrangler's output; "pipe"
 *   (default) lets the caller read `child.stdout` / `child.stderr`
 */

/**
 * Starts `wrangler dev` in a new process group (stdin closed, no interactive hotkeys).
 * Stop it with {@link stopProcessGroup}.
 *
 * @param {WranglerDevOptions} options
 * @returns {Promise<import("node:child_process").ChildProcess>}
 * @example const child = await spawnWranglerDev({ port: 8787, output: "inherit" })
 */
export async function spawnWranglerDev(options) {
  const host = options.host ?? "127.0.0.1";
  const inspectorPort = options.inspectorPort ?? (await findFreePort(host));
  const args = [
    "dev",
    "--local",
    "--ip", host,
    "--port", String(options.port),
    "--inspector-ip", "127.0.0.1",
    "--inspector-port", String(inspectorPort),
    "--show-interactive-dev-session=false",
  ];
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  if (options.config) args.push("--config", options.config);
  for (const [key, value] of Object.entries(options.vars ?? {})) args.push("--var", `${key}:${value}`);
  const output = options.output ?? "pipe";
  return spawn(bin("wrangler"), args, {
    cwd: options.cwd ?? projectRoot,
    env: output === "inherit" ? toolEnv() : toolEnv({ FORCE_COLOR: "0", NO_COLOR: "1" }),
    stdio: ["ignore", output, output],
    detached: true,
  });
}

/**
 * Polls `url` until it answers 2xx. Fails early when `child` exits first.
 *
 * @param {string} url
 * @param {{ timeoutMs?: number, child?: import("node:child_process").ChildProcess }} [options]
 * @returns {Promise<void>}
 */
export async function waitForHealthy(url, options = {}) {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const child = options.child;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`wrangler exited (${child.signalCode ?? `exit code ${child.exitCode}`}) before ${url} answered`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs / 1000} s (last: ${last})`);
}

/**
 * The live (non-zombie) processes of process group `pgid`. Linux reads /proc; elsewhere
 * it reports the group leader if a signal can reach the group.
 *
 * @param {number} pgid
 * @returns {number[]} their pids
 */
export function processGroupMembers(pgid) {
  if (process.platform === "linux") {
    /** @type {number[]} */
    const pids = [];
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${name}/stat`, "utf8");
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && fields[0] !== "X" && Number(fields[2]) === pgid) pids.push(Number(name));
    }
    return pids;
  }
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

/**
 * @param {number} pgid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Stops a child started with `detached: true` and everything in its process group:
 * `signal` (default SIGTERM) to the group, then SIGKILL after `timeoutMs`.
 * Resolves when no live process is left in the group.
 *
 * @param {import("node:child_process").ChildProcess} child
 * @param {{ signal?: NodeJS.Signals, timeoutMs?: number }} [options]
 * @returns {Promise<void>}
 */
export async function stopProcessGroup(child, options = {}) {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const timeoutMs = options.timeoutMs ?? 10_000;
  signalGroup(pgid, options.signal ?? "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (processGroupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (processGroupMembers(pgid).length > 0) {
    signalGroup(pgid, "SIGKILL");
    const killDeadline = Date.now() + 5_000;
    while (processGroupMembers(pgid).length > 0 && Date.now() < killDeadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise((resolve) => {
      child.once("exit", resolve);
      setTimeout(resolve, 2_000).unref();
    });
  }
}

/**
 * Kills the process group at once, synchronously: for `process.on("exit")` handlers.
 *
 * @param {import("node:child_process").ChildProcess} child
 */
export function killProcessGroupNow(child) {
  if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
}
