/**
 * The Node the project promises and the Node it declares agree: the README's "Node.js (N or
 * newer)" is package.json's `engines`, and on the system's Node (not the bundled Node 24)
 * `npx edge-timeline` runs the command-line client without npm's EBADENGINE warnings.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { delimiter, join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/project.mjs";

/** PATH without any node_modules/.bin, so `npx` and `node` are the system's. */
const systemPath = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((dir) => dir && !dir.endsWith(`node_modules${sep}.bin`))
  .join(delimiter);

function runSystem(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A clean environment: no npm_config_* inherited from the `npm test` that runs this.
    const env = { PATH: systemPath, HOME: process.env.HOME ?? "", NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false" };
    execFile(command, args, { cwd: projectRoot, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("Node versions", () => {
  it("promises in the README the Node that package.json declares", async () => {
    const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    const declared = /^>=(\d+)$/.exec(pkg.engines.node);
    expect(declared, `engines.node is ${pkg.engines.node}`).not.toBeNull();
    expect(readme).toContain(`Node.js (${declared![1]} or newer)`);
  });

  it("runs `npx edge-timeline` on the system's Node without engine warnings", async () => {
    const node = await runSystem("node", ["--version"]);
    expect(node.code).toBe(0);
    const major = Number(/^v(\d+)/.exec(node.stdout)![1]);
    const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
    // The system's Node must be one the project supports; otherwise the warning would be right.
    expect(major).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)![0]));

    const run = await runSystem("npx", ["--no-install", "edge-timeline", "--help"]);
    expect(run.stderr).not.toContain("EBADENGINE");
    expect(run.stderr).not.toMatch(/npm warn/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage:");
  });
});
