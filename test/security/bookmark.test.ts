/**
 * `x-d1-bookmark` comes from the client: only a value shaped like a D1 bookmark reaches
 * `withSession`; anything else is ignored (the read starts unconstrained), never an error.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, createTimeline } from "../support/api";

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/** The real database, but `withSession` records its argument and throws on a malformed bookmark, as production may. */
function recordingDb() {
  const seen: string[] = [];
  const db = new Proxy(env.DB, {
    get(target, name) {
      if (name === "withSession") {
        return (constraint: string) => {
          seen.push(constraint);
          if (constraint !== "first-primary" && constraint !== "first-unconstrained" && !BOOKMARK.test(constraint)) {
            throw new Error("D1_ERROR: invalid bookmark");
          }
          return target.withSession(constraint);
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, seen };
}

async function read(bookmark: string, db: D1Database) {
  const ctx = createExecutionContext();
  const request = new Request("https://timeline.test/v1/timelines/bookmarked/entries", { headers: { "x-d1-bookmark": bookmark } });
  const res = await worker.fetch(request, { ...env, DB: db } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("x-d1-bookmark from the client", () => {
  let issued: string;
  beforeAll(async () => {
    await createTimeline("bookmarked");
    const write = await call("POST", "/v1/timelines/bookmarked/entries", { body: { kind: "event", title: "Eins", start: "2024" } });
    issued = write.headers.get("x-d1-bookmark")!;
  });

  it("hands out bookmarks of the documented shape and accepts them back", async () => {
    expect(issued).toMatch(BOOKMARK);
    const { db, seen } = recordingDb();
    expect((await read(issued, db)).status).toBe(200);
    expect(seen).toEqual([issued]);
  });

  it.each(["garbage", "first-primary", `${"0".repeat(8)}-${"0".repeat(8)}`, "x".repeat(5000), `${"a".repeat(8)}-${"a".repeat(8)}-${"a".repeat(8)}-${"A".repeat(32)}`])(
    "ignores a malformed bookmark (%#) and reads unconstrained",
    async (bookmark) => {
      const { db, seen } = recordingDb();
      const res = await read(bookmark, db);
      expect(res.status).toBe(200);
      expect(seen).toEqual(["first-unconstrained"]);
    },
  );
});
