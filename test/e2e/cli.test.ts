/**
 * The command-line client (bin/edge-timeline.mjs) against a real local Worker: tokens, imports
 * (one request and chunked), exports, dry runs, and the errors a person sees.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/lib/wrangler.mjs";
import { type LocalWorker, startLocalWorker } from "../support/local-worker";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "bin", "edge-timeline.mjs");
const sheet = join(root, "test", "fixtures", "timelinejs-sheet.csv");
const demoFile = join(root, "scripts", "demo", "g7-ukraine.json");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let worker: LocalWorker;
let dir: string;

/** Runs the CLI on this Node; URL and token come from the environment unless flags say otherwise. */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, EDGE_TIMELINE_URL: worker.url, EDGE_TIMELINE_TOKEN: worker.adminToken, ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  [worker, dir] = await Promise.all([startLocalWorker({ seedDemo: true }), mkdtemp(join(tmpdir(), "edge-timeline-cli-"))]);
  expect((await api("POST", "/v1/timelines", { slug: "cli-sheet", title: "Aus der Tabelle", time_zone: "Europe/Berlin" })).status).toBe(201);
  expect((await api("POST", "/v1/timelines", { slug: "cli-bulk", title: "Viele Einträge" })).status).toBe(201);
});

afterAll(async () => {
  await Promise.all([worker?.stop(), dir ? rm(dir, { recursive: true, force: true }) : undefined]);
});

describe("edge-timeline CLI", () => {
  let editor: string;

  it("prints help, and refuses wrong usage with exit status 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/edge-timeline import FILE --timeline SLUG/);
    expect(help.stdout).toMatch(/atomic per\s+chunk only/);
    expect((await run([])).code).toBe(2);
    const unknown = await run(["frobnicate"]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "frobnicate"/) });
    const noToken = await run(["export", "--timeline", "g7-ukraine"], { EDGE_TIMELINE_TOKEN: "" });
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs a token/) });
    const badFile = await run(["import", "notes.txt", "--timeline", "cli-sheet"]);
    expect(badFile).toMatchObject({ code: 2, stderr: expect.stringMatching(/must end in \.json or \.csv/) });
  });

  it("creates a scoped token once", async () => {
    const created = await run(["token", "create", "--name", "Redaktion CLI", "--role", "editor", "--timelines", "cli-sheet,cli-bulk"]);
    expect(created.code, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({ name: "Redaktion CLI", role: "editor", timelines: ["cli-sheet", "cli-bulk"], token: expect.any(String) });
    expect(created.stderr).toMatch(/shown only now/);
    editor = token.token;
    const refused = await run(["token", "create", "--name", "x", "--role", "admin", "--timelines", "*"], { EDGE_TIMELINE_TOKEN: editor });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/403 Not allowed: This token may not manage tokens/) });
  });

  it("exports the demo loaded through the import route, as the demo file has it", async () => {
    const out = join(dir, "g7.json");
    const exported = await run(["export", "--timeline", "g7-ukraine", "--out", out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/exported 9 entries of g7-ukraine to /);
    const doc = JSON.parse(await readFile(out, "utf8"));
    const demo = JSON.parse(await readFile(demoFile, "utf8"));
    expect(doc.format).toBe("edge-timeline/1");
    // Imported into a new timeline, the demo's entries are copies: new ids, each keeping its old one as external_id.
    expect(doc.entries.map((e: any) => e.external_id).sort()).toEqual(demo.entries.map((e: any) => e.id).sort());
    for (const original of demo.entries) {
      const { commitment, id, external_id: _none, ...fields } = original;
      const entry = doc.entries.find((e: any) => e.external_id === id);
      expect(entry).toMatchObject(fields);
      if (commitment) {
        const { status_note, status_source, status_date, ...data } = commitment;
        expect(entry.commitment).toMatchObject(data);
        expect(entry.commitment.history).toEqual([
          expect.objectContaining({ at: status_date, from: null, status: commitment.status, note: status_note, source: status_source }),
        ]);
      }
    }
    // Re-importing its own export changes nothing.
    const again = await run(["import", out, "--timeline", "g7-ukraine"]);
    expect(again.stdout.trim()).toBe("created 0, updated 0, unchanged 9, skipped 0");
  });

  it("imports a TimelineJS sheet with an editor token, then exports what it holds", async () => {
    const imported = await run(["import", sheet, "--timeline", "cli-sheet"], { EDGE_TIMELINE_TOKEN: editor });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe("created 6, updated 0, unchanged 0, skipped 2");
    expect(imported.stderr).toMatch(/note: .*Background and Media Thumbnail/);

    const exported = await run(["export", "--timeline", "cli-sheet"], { EDGE_TIMELINE_TOKEN: editor });
    expect(exported.code).toBe(0);
    const doc = JSON.parse(exported.stdout);
    expect(doc.entries.map((e: any) => [e.start, e.title])).toEqual([
      ["-0044-03-15", "Iden des März"],
      ["1989", "Ein Jahr ohne Monat"],
      ["2024-10", "Nordkoreanische Truppen in Russland"],
      ["2024-11-25", "Treffen der G7-Außenminister in Fiuggi und Anagni"],
      ["2024-11-26T10:30:00+01:00", "Pressekonferenz von Antony Blinken"],
      ["2034", "Sicherheitsabkommen laufen aus"],
    ]);
    expect(doc.entries.every((e: any) => /^csv:/.test(e.external_id))).toBe(true);

    const twice = await run(["import", sheet, "--timeline", "cli-sheet"], { EDGE_TIMELINE_TOKEN: editor });
    expect(twice.stdout.trim()).toBe("created 0, updated 0, unchanged 6, skipped 2");
  });

  it("creates a timeline, and refuses a taken slug with the service's reason", async () => {
    const created = await run(["timeline", "create", "--timeline", "cli-new", "--title", "Neue Zeitleiste", "--language", "de", "--time-zone", "Europe/Berlin", "--visibility", "unlisted"]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: "cli-new", title: "Neue Zeitleiste", language: "de", time_zone: "Europe/Berlin", visibility: "unlisted" });
    expect((await api("GET", "/v1/timelines/cli-new")).status).toBe(200);
    const taken = await run(["timeline", "create", "--timeline", "cli-new", "--title", "Again"]);
    expect(taken).toMatchObject({ code: 1, stderr: expect.stringMatching(/409 Conflict: The slug "cli-new" is taken/) });
    expect((await run(["timeline", "create", "--timeline", "cli-x"])).code).toBe(2);
    expect((await run(["timeline", "create", "--timeline", "cli-x", "--title", "x"], { EDGE_TIMELINE_TOKEN: editor })).code).toBe(1);
  });

  it("makes a sheet a timeline in one command with import --create", async () => {
    const res = await run(["import", sheet, "--timeline", "cli-created", "--create", "--title", "Aus einer Tabelle", "--language", "de", "--time-zone", "Europe/Berlin"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/created timeline cli-created/);
    expect(res.stdout.trim()).toBe("created 6, updated 0, unchanged 0, skipped 2");
    expect((await api("GET", "/v1/timelines/cli-created")).body).toMatchObject({ title: "Aus einer Tabelle", language: "de", time_zone: "Europe/Berlin" });
    // Again: the timeline exists, so the rows update it.
    const again = await run(["import", sheet, "--timeline", "cli-created", "--create", "--title", "Ignored"]);
    expect(again.stderr).toMatch(/timeline cli-created exists; importing into it/);
    expect(again.stdout.trim()).toBe("created 0, updated 0, unchanged 6, skipped 2");
    // An export brings its own title, language and zone.
    const exported = join(dir, "created.json");
    expect((await run(["export", "--timeline", "cli-created", "--out", exported])).code).toBe(0);
    const doc = JSON.parse(await readFile(exported, "utf8"));
    await writeFile(exported, JSON.stringify({ ...doc, entries: doc.entries.map(({ id: _id, ...e }: any) => e) }));
    const copy = await run(["import", exported, "--timeline", "cli-created-copy", "--create"]);
    expect(copy.code, copy.stderr).toBe(0);
    expect((await api("GET", "/v1/timelines/cli-created-copy")).body).toMatchObject({ title: "Aus einer Tabelle", language: "de", time_zone: "Europe/Berlin" });
    expect((await run(["import", sheet, "--timeline", "cli-created", "--title", "x"])).code).toBe(2);
  });

  it("checks without writing on --dry-run", async () => {
    const edited = join(dir, "edited.csv");
    await writeFile(edited, (await readFile(sheet, "utf8")).replace("Caesar wird im Senat ermordet.", "Caesar stirbt."));
    const dry = await run(["import", edited, "--timeline", "cli-sheet", "--dry-run"], { EDGE_TIMELINE_TOKEN: editor });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim()).toBe("dry run, nothing written: would have created 0, updated 1, unchanged 5, skipped 2");
    const entries = await (await fetch(`${worker.url}/v1/timelines/cli-sheet/entries?q=Caesar`)).json();
    expect((entries as any).items[0].body).toBe("Caesar wird im Senat ermordet.");
  });

  it("shows which rows were rejected and exits 1, writing nothing", async () => {
    const bad = join(dir, "bad.csv");
    await writeFile(bad, (await readFile(sheet, "utf8")).replace("2024,10,,,", "2024,13,,,"));
    const res = await run(["import", bad, "--timeline", "cli-sheet"], { EDGE_TIMELINE_TOKEN: editor });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/edge-timeline: 422 The import was rejected: 1 of 8 rows was rejected, so nothing was written/);
    expect(res.stderr).toMatch(/rejected row 5 "Nordkoreanische Truppen in Russland":\n\s+\/rows\/3\/Month must be a month from 1 to 12/);
    expect(res.stdout).toBe("");
  });

  it("says clearly when the token is bad or the service is not there", async () => {
    const badToken = await run(["export", "--timeline", "g7-ukraine", "--token", "not-a-real-token"]);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toBe("edge-timeline: 401 Authentication required: The token is not valid or has been revoked.\n");
    const port = await findFreePort();
    const away = await run(["export", "--timeline", "g7-ukraine", "--url", `http://127.0.0.1:${port}`]);
    expect(away.code).toBe(1);
    expect(away.stderr).toContain(`the service is not reachable at http://127.0.0.1:${port} (ECONNREFUSED)`);
    const missing = await run(["export", "--timeline", "no-such-timeline"]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/404 Not found: There is no timeline "no-such-timeline"/) });
  });

  it("sends a file larger than one request in chunks, with progress, atomic per chunk", async () => {
    const entries = Array.from({ length: 2400 }, (_, i) => ({
      kind: "event",
      external_id: `bulk-${i}`,
      title: `Eintrag ${i} – Größe prüfen`,
      start: `${1900 + (i % 120)}-${String((i % 12) + 1).padStart(2, "0")}`,
      body: `Text ${i}: ${"äöü ".repeat(120)}`,
    }));
    const file = join(dir, "bulk.json");
    await writeFile(file, JSON.stringify({ format: "edge-timeline/1", entries }));
    const res = await run(["import", file, "--timeline", "cli-bulk"], { EDGE_TIMELINE_TOKEN: editor });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/holds 2400 entries, more than one request may carry: sending [2-9] chunks\. Each chunk is all or nothing; the import as a whole is not\./);
    const progress = [...res.stderr.matchAll(/^imported (\d+)\/2400$/gm)].map((m) => Number(m[1]));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(2400);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(res.stdout.trim()).toBe("created 2400, updated 0, unchanged 0, skipped 0");
    const exported = JSON.parse((await run(["export", "--timeline", "cli-bulk"], { EDGE_TIMELINE_TOKEN: editor })).stdout);
    expect(exported.entries).toHaveLength(2400);

    // A refused chunk: the ones before it stay written, and the message says so, with file positions.
    entries[2399]!.start = "1999-02-30";
    entries[0]!.title = "Eintrag 0 – geändert";
    await writeFile(file, JSON.stringify({ format: "edge-timeline/1", entries }));
    const broken = await run(["import", file, "--timeline", "cli-bulk"], { EDGE_TIMELINE_TOKEN: editor });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/\/entries\/2399\/start is not a valid date/);
    expect(broken.stderr).toMatch(/Chunk \d of \d was refused; nothing of it was written, but chunks 1–\d \(\d+ entries\) were\./);
    const after = JSON.parse((await run(["export", "--timeline", "cli-bulk"], { EDGE_TIMELINE_TOKEN: editor })).stdout);
    expect(after.entries.find((e: any) => e.external_id === "bulk-0").title).toBe("Eintrag 0 – geändert");
  });
});
