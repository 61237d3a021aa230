// @ts-check
/**
 * What the widget adds to the Worker bundle: builds it (`wrangler deploy --dry-run`), reads the
 * source map, and attributes every byte of the minified output to the source it came from.
 * The widget's share is src/widget/** and src/http/html/** (its rendering, which the studio's
 * preview shares) plus library code nothing else uses (hono/html). Its gzipped
 * cost is measured as the difference between the whole bundle gzipped and the bundle gzipped
 * without those bytes, so shared compression context is accounted for.
 *
 *   node bench/widget-size.mjs [outdir]     (default outdir: a temporary folder)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bin, projectRoot, toolEnv } from "../scripts/lib/project.mjs";

const outdir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "edge-timeline-dry-"));
execFileSync(bin("wrangler"), ["deploy", "--dry-run", "--outdir", outdir], { cwd: projectRoot, env: toolEnv(), stdio: "ignore" });
const code = readFileSync(join(outdir, "index.js"), "utf8");
const map = JSON.parse(readFileSync(join(outdir, "index.js.map"), "utf8"));

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** @param {string} segment */
function vlq(segment) {
  /** @type {number[]} */
  const out = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** @type {string[]} */
const sources = map.sources;
const lines = code.split("\n");
/** Owner (source index, or -1) of every character of the output, line by line. */
const owners = lines.map((line) => new Int32Array(line.length).fill(-1));
let source = 0;
map.mappings.split(";").forEach((/** @type {string} */ line, /** @type {number} */ row) => {
  let col = 0;
  /** @type {[number, number][]} */
  const segments = [];
  for (const seg of line.split(",")) {
    if (!seg) continue;
    const [dc = 0, ds] = vlq(seg);
    col += dc;
    if (ds !== undefined) source += ds;
    segments.push([col, ds !== undefined ? source : -1]);
  }
  const own = owners[row];
  if (!own) return;
  segments.forEach(([start, src], i) => own.fill(src, start, segments[i + 1]?.[0] ?? own.length));
});

const isWidget = (/** @type {string} */ s) => /(^|\/)src\/(widget|http\/html)\//.test(s) || /hono\/dist\/helper\/html\//.test(s);
let widgetRaw = 0;
let rest = "";
/** @type {Map<string, number>} */
const perFile = new Map();
lines.forEach((line, row) => {
  const own = owners[row] ?? new Int32Array(0);
  for (let i = 0; i < line.length; i++) {
    const index = own[i] ?? -1;
    const name = index >= 0 ? (sources[index] ?? "") : "";
    if (isWidget(name)) {
      widgetRaw++;
      const short = name.replace(/^.*?(src\/widget\/|src\/http\/html\/|hono\/dist\/)/, "$1");
      perFile.set(short, (perFile.get(short) ?? 0) + 1);
    } else rest += line[i];
  }
  rest += "\n";
});

const whole = gzipSync(code, { level: 9 }).length;
const without = gzipSync(rest, { level: 9 }).length;
console.log(`Worker bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(whole / 1024).toFixed(1)} KiB gzipped`);
console.log(`Widget share:  ${(widgetRaw / 1024).toFixed(1)} KiB minified, ${((whole - without) / 1024).toFixed(1)} KiB gzipped (bundle with it minus bundle without it)`);
for (const [file, bytes] of [...perFile].sort((a, b) => b[1] - a[1])) console.log(`  ${file.padEnd(34)} ${String(bytes).padStart(6)} B`);
