/// <reference lib="dom" />
/**
 * Shared by the widget's browser tests: a local Worker with the demo timeline, a host page
 * server on another origin, axe-core, and hostile strings that must never execute.
 */
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { expect } from "vitest";
import { addEntries } from "../../bench/widget-data.mjs";
import { projectRoot } from "../../scripts/lib/project.mjs";
import { readTimelineDocument, SeedError, seedDemo } from "../../scripts/lib/seed.mjs";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

export const DEMO = "g7-ukraine";
export const screenshotDir = join(projectRoot, "test-results", "screenshots");

/**
 * A local Worker with the demo timeline loaded, as `startLocalWorker({ seedDemo: true })` does;
 * while the Worker has no import endpoint yet, the demo's entries are added one by one instead.
 */
export async function startDemoWorker(): Promise<LocalWorker> {
  const worker = await startLocalWorker();
  try {
    await seedDemo({ baseUrl: worker.url, adminToken: worker.adminToken });
  } catch (error) {
    const missingImport = error instanceof SeedError && error.step === "import" && (error.status === 404 || error.status === 405);
    if (!missingImport) {
      await worker.stop();
      throw error;
    }
    const doc = await readTimelineDocument();
    await addEntries({ baseUrl: worker.url, adminToken: worker.adminToken, slug: doc.timeline.slug, entries: doc.entries as Record<string, unknown>[] });
  }
  return worker;
}

/** Creates a timeline through the API with the admin token. */
export async function createTimeline(worker: LocalWorker, timeline: Record<string, unknown>, entries: Record<string, unknown>[]) {
  const headers = { authorization: `Bearer ${worker.adminToken}`, "content-type": "application/json" };
  const res = await fetch(`${worker.url}/v1/timelines`, { method: "POST", headers, body: JSON.stringify(timeline) });
  if (res.status !== 201) throw new Error(`creating ${String(timeline.slug)}: ${res.status} ${await res.text()}`);
  await addEntries({ baseUrl: worker.url, adminToken: worker.adminToken, slug: String(timeline.slug), entries });
}

export interface HostServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves fixed HTML pages on 127.0.0.1 at a free port: an origin other than the Worker's. */
export async function startHost(pages: Record<string, string>): Promise<HostServer> {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? "/", "http://host").pathname];
    if (page === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A host page holding `body` inside an article. */
export function hostPage(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Host article</title><style>body{font-family:serif;margin:0 auto;max-width:760px;padding:16px}</style></head><body><h1>A news article</h1><p>Some text before the timeline.</p>${body}<p>Some text after the timeline.</p></body></html>`;
}

let axeSource: string | undefined;

/** Serious and critical axe-core violations of a page or frame (axe injected over CDP, so CSP does not block it). */
export async function seriousViolations(target: Page | Frame) {
  axeSource ??= await readFile(join(projectRoot, "node_modules", "axe-core", "axe.min.js"), "utf8");
  await target.evaluate(axeSource);
  const results = await target.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary: string }[] }[] }> } }).axe;
    const run = await axe.run(document, { resultTypes: ["violations"] });
    return run.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, summary: n.failureSummary })) }));
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/**
 * Opens each path of the Worker at `origin` on a 375 px phone whose system colour scheme is
 * `scheme` (what `theme=auto` follows), and expects no serious or critical axe violations.
 */
export async function expectAccessible(browser: Browser, origin: string, scheme: "light" | "dark", paths: string[]): Promise<void> {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 375, height: 800 } });
  try {
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(`${origin}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  } finally {
    await context.close();
  }
}

/** Ensures test-results/screenshots exists and returns the path for `name`. */
export async function screenshotPath(name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  return join(screenshotDir, name);
}

/** Strings that run code if any of them ever reaches the DOM as markup. Each sets a marker and logs it. */
export const MARK = "XSS-FIRED";
const run = `window.__xss=(window.__xss||0)+1;console.log('${MARK}')`;
export const PAYLOADS = [
  `<script>${run}</script>`,
  `<img src=x onerror="${run}">`,
  `"><svg onload="${run}">`,
  `'><iframe srcdoc="<script>parent.${run}</script>"></iframe>`,
  `</script><script>${run}</script><!--`,
  `<a href="javascript:${run}">click</a>`,
  `<details open ontoggle="${run}">`,
] as const;
