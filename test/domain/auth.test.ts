/** Who may do what: the whole permission model, as a token holder meets it. */
import { describe, expect, it } from "vitest";
import { type Action, can, type Principal, ROOT } from "../../src/domain/auth";

const token = (role: Principal["role"], timelines: string[]): Principal => ({ id: "t1", role, timelines });

const ENTRY_LEVEL: Action[] = ["timeline:read-private", "entry:write", "timeline:export"];
const TIMELINE_LEVEL: Action[] = ["timeline:manage", "timeline:create"];

describe("can", () => {
  it("lets nobody without a token do anything", () => {
    for (const action of [...ENTRY_LEVEL, ...TIMELINE_LEVEL, "token:manage"] as Action[]) {
      expect(can(null, action, "g7-ukraine")).toBe(false);
    }
  });

  it("lets an editor read private data, write entries and export, on its own timelines only", () => {
    const editor = token("editor", ["g7-ukraine", "energy"]);
    for (const action of ENTRY_LEVEL) {
      expect(can(editor, action, "g7-ukraine")).toBe(true);
      expect(can(editor, action, "energy")).toBe(true);
      expect(can(editor, action, "elsewhere")).toBe(false);
    }
  });

  it("never lets an editor change, delete or create timelines, nor manage tokens", () => {
    const editor = token("editor", ["*"]);
    for (const action of TIMELINE_LEVEL) expect(can(editor, action, "g7-ukraine")).toBe(false);
    expect(can(editor, "token:manage")).toBe(false);
  });

  it("lets an editor scoped to * write every timeline", () => {
    const editor = token("editor", ["*"]);
    for (const action of ENTRY_LEVEL) expect(can(editor, action, "any-slug")).toBe(true);
  });

  it("matches slugs exactly: a token for g7 is no token for g7-ukraine", () => {
    const editor = token("editor", ["g7"]);
    expect(can(editor, "entry:write", "g7-ukraine")).toBe(false);
    expect(can(editor, "entry:write", "G7")).toBe(false);
    expect(can(editor, "entry:write", "g7")).toBe(true);
  });

  it("lets a scoped admin manage and create its own timelines, but not others, and not tokens", () => {
    const admin = token("admin", ["g7-ukraine"]);
    for (const action of [...ENTRY_LEVEL, ...TIMELINE_LEVEL]) {
      expect(can(admin, action, "g7-ukraine")).toBe(true);
      expect(can(admin, action, "energy")).toBe(false);
    }
    expect(can(admin, "token:manage")).toBe(false);
  });

  it("lets only an admin for every timeline (and the admin secret) manage tokens", () => {
    expect(can(token("admin", ["*"]), "token:manage")).toBe(true);
    expect(can(token("admin", ["g7-ukraine", "energy"]), "token:manage")).toBe(false);
    expect(can(ROOT, "token:manage")).toBe(true);
    for (const action of [...ENTRY_LEVEL, ...TIMELINE_LEVEL]) expect(can(ROOT, action, "anything")).toBe(true);
  });

  it("refuses timeline actions that name no timeline", () => {
    for (const action of [...ENTRY_LEVEL, ...TIMELINE_LEVEL]) expect(can(ROOT, action, null)).toBe(false);
  });

  it("gives a token with no timelines nothing", () => {
    const empty = token("admin", []);
    for (const action of [...ENTRY_LEVEL, ...TIMELINE_LEVEL]) expect(can(empty, action, "g7-ukraine")).toBe(false);
    expect(can(empty, "token:manage")).toBe(false);
  });
});
