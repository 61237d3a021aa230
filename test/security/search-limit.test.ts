/**
 * The widget and the public page run the same full-text search as the API (`?q=`), so the search
 * limiter (READ_LIMITER, per client address) counts them too; plain views are not counted.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BROWSER_ACCEPT, createEntry, createTimeline } from "../support/api";

/** A limiter that allows `allowed` calls per key, recording the keys it saw. */
function limiter(allowed: number) {
  const counts = new Map<string, number>();
  return {
    counts,
    async limit({ key }: { key: string }) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { success: counts.get(key)! <= allowed };
    },
  };
}

async function get(path: string, ip: string, reads: ReturnType<typeof limiter>) {
  const ctx = createExecutionContext();
  const request = new Request(`https://timeline.test${path}`, { headers: { "CF-Connecting-IP": ip, Accept: BROWSER_ACCEPT } });
  const res = await worker.fetch(request, { ...env, READ_LIMITER: reads } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("searches through the widget and the public page", () => {
  beforeAll(async () => {
    await createTimeline("searched");
    await createEntry("searched", { title: "Gazprom sanctions", start: "2024" });
  });

  it("are counted by the search limiter, one counter with the API's", async () => {
    const reads = limiter(2);
    expect((await get("/embed/searched?q=gazprom", "192.0.2.50", reads)).status).toBe(200);
    expect((await get("/t/searched?q=gazprom", "192.0.2.50", reads)).status).toBe(200);
    const embed = await get("/embed/searched?q=sanctions", "192.0.2.50", reads);
    expect(embed.status).toBe(429);
    expect(embed.headers.get("Retry-After")).toBe("60");
    expect(embed.headers.get("Content-Type")).toContain("text/html");
    expect((await get("/t/searched?q=x", "192.0.2.50", reads)).status).toBe(429);
    expect((await get("/v1/timelines/searched/entries?q=x", "192.0.2.50", reads)).status).toBe(429);
    expect([...reads.counts.keys()]).toEqual(["ip:192.0.2.50"]);
    // Another reader has a counter of their own.
    expect((await get("/embed/searched?q=gazprom", "192.0.2.51", reads)).status).toBe(200);
  });

  it("leave plain views uncounted", async () => {
    const reads = limiter(0);
    expect((await get("/embed/searched", "192.0.2.60", reads)).status).toBe(200);
    expect((await get("/t/searched?lang=de", "192.0.2.60", reads)).status).toBe(200);
    expect(reads.counts.size).toBe(0);
    expect((await get("/embed/searched?q=gazprom", "192.0.2.60", reads)).status).toBe(429);
  });
});
