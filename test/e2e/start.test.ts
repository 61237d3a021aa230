/**
 * `npm start` (scripts/start.mjs) as a person runs it: on the system Node when there is
 * one older than the project's (it must not need Node 22+ itself), prints the URLs,
 * serves the Worker, and stops wrangler and workerd on Ctrl-C.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binDir, projectRoot } from "../../scripts/lib/project.mjs";
import { findFreePort } from "../../scripts/lib/wrangler.mjs";

/** A `node` on PATH outside node_modules/.bin (the system Node), else this one. */
function systemNode(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir || dir === binDir || dir.includes("node_modules")) continue;
    const candidate = join(dir, "node");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return process.execPath;
}

/** Live processes whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const state = readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.[0];
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (state !== "Z" && cmdline.includes(needle)) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

function waitFor(check: () => boolean, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`start.mjs exited with ${child.exitCode}`));
      }
    }, 100);
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error("timed out"));
    }, timeoutMs).unref();
  });
}

describe("npm start (scripts/start.mjs)", () => {
  const persistTo = mkdtempSync(join(tmpdir(), "edge-timeline-start-"));
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child?.pid && child.exitCode === null) child.kill("SIGKILL");
    for (const pid of processesMentioning(persistTo)) process.kill(pid, "SIGKILL");
    rmSync(persistTo, { recursive: true, force: true });
  });

  it("starts the Worker, prints the URLs, and stops everything on SIGINT", async () => {
    const node = systemNode();
    const nodeVersion = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
    const port = await findFreePort();
    child = spawn(node, ["scripts/start.mjs"], {
      cwd: projectRoot,
      env: { ...process.env, PORT: String(port), PERSIST_TO: persistTo, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

    try {
      await waitFor(() => output.includes("Ctrl-C stops it"), child, 100_000);
    } catch (error) {
      throw new Error(`${(error as Error).message} (node ${nodeVersion})\n${output}`);
    }
    const origin = `http://127.0.0.1:${port}`;
    for (const path of ["/embed/g7-ukraine", "/t/g7-ukraine", "/docs", "/v1/timelines/g7-ukraine/entries"]) {
      expect(output).toContain(`${origin}${path}`);
    }
    expect(output).toContain(`Landing page:  ${origin}/`);
    expect(output).toMatch(/No migrations to apply|Migrations to be applied|✅/);
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    // The demo timeline is loaded and shown by the widget the printed URL points at.
    expect(output).toMatch(/timeline "g7-ukraine" (created|updated)/);
    const entries = (await (await fetch(`${origin}/v1/timelines/g7-ukraine/entries`)).json()) as { items: { title: string }[] };
    expect(entries.items.length).toBeGreaterThanOrEqual(9);
    const widget = await (await fetch(`${origin}/embed/g7-ukraine`)).text();
    expect(widget).toContain("G7");
    expect(widget).toContain(entries.items[0]!.title.replace(/&/g, "&amp;").replace(/"/g, "&quot;").slice(0, 20));
    expect(processesMentioning(persistTo).length).toBeGreaterThan(0);

    child.kill("SIGINT");
    const code = await exited;
    expect(output).toContain("SIGINT: stopping wrangler");
    expect(code === 0 || code === 130, `exit code ${code}\n${output}`).toBe(true);
    expect(processesMentioning(persistTo)).toEqual([]);
    await expect(fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
