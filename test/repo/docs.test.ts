/**
 * The project documents itself from inside the repository: every relative link in its Markdown
 * resolves to a file of the repository (and a `#fragment` to a heading there), nothing points at
 * files outside it, and docs/ states the limits and problem types the code has.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/project.mjs";
import { LIMITS } from "../../src/domain/limits";
import { Problem, PROBLEM_KINDS } from "../../src/http/problem";

const SKIP = new Set(["node_modules", ".git", ".wrangler", "dist", "test-results"]);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    if (SKIP.has(item.name)) return [];
    const path = join(dir, item.name);
    if (item.isDirectory()) return markdownFiles(path);
    return item.name.endsWith(".md") ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(projectRoot, path), "utf8");

/** Link targets of inline Markdown links and images, outside code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .trim()
        .replace(/\s/g, "-"),
    ),
  );
}

const files = markdownFiles(projectRoot).map((path) => relative(projectRoot, path));

describe("documentation links", () => {
  it("covers the README, SECURITY.md, bench/README.md and docs/", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "SECURITY.md", join("bench", "README.md"), join("docs", "README.md")]));
    expect(files.filter((f) => f.startsWith(`docs${sep}`)).length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)("%s links only to files of the repository", (file) => {
    const text = read(file);
    expect(text, "mentions ../shared").not.toMatch(/\.\.\/shared\b/);
    const broken: string[] = [];
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      const [path, fragment] = target.split("#") as [string, string | undefined];
      const resolved = path ? resolve(projectRoot, dirname(file), decodeURIComponent(path)) : join(projectRoot, file);
      if (resolved !== projectRoot && !resolved.startsWith(projectRoot + sep)) {
        broken.push(`${target}: outside the repository`);
      } else if (!existsSync(resolved)) {
        broken.push(`${target}: no such file`);
      } else if (fragment && statSync(resolved).isFile() && resolved.endsWith(".md") && !anchors(readFileSync(resolved, "utf8")).has(fragment)) {
        broken.push(`${target}: no heading #${fragment}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("docs/ and the code agree", () => {
  it("lists every limit with its value (docs/limits.md)", () => {
    const rows = new Map(
      [...read("docs/limits.md").matchAll(/^\| `(\w+)` \| ([\d,]+) \|/gm)].map((m) => [m[1]!, Number(m[2]!.replace(/,/g, ""))]),
    );
    expect(Object.fromEntries(rows)).toEqual(LIMITS);
  });

  it("explains every problem type with its status (docs/errors.md)", () => {
    const text = read("docs/errors.md");
    // Table rows `| /problems/kind | 404 |` and mentions `/problems/kind` (410).
    const documented = Object.fromEntries(
      [...text.matchAll(/`\/problems\/([a-z-]+)`(?: \| | \()(\d{3})/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(documented).toEqual(Object.fromEntries(PROBLEM_KINDS.map((kind) => [kind, new Problem(kind, "").status])));
  });
});
