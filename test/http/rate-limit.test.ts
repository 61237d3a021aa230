import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ADMIN, createTimeline } from "../support/api";

/** A limiter that allows `allowed` calls per key, recording the keys it saw. */
function limiter(allowed: number) {
  const counts = new Map<string, number>();
  return {
    keys: counts,
    async limit({ key }: { key: string }) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { success: counts.get(key)! <= allowed };
    },
  };
}

async function send(request: Request, overrides: Record<string, unknown>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, ...overrides } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const post = (token: string | null, ip = "203.0.113.7") =>
  new Request("https://timeline.test/v1/timelines/limited/entries", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": ip,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ kind: "event", title: "x", start: "2024" }),
  });

describe("rate limits", () => {
  it("answers 429 with Retry-After once a token has used up its writes", async () => {
    await createTimeline("limited");
    const writes = limiter(2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(post(ADMIN), { WRITE_LIMITER: writes })).status);
    expect(statuses).toEqual([201, 201, 429]);
    const res = await send(post(ADMIN), { WRITE_LIMITER: writes });
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ type: "/problems/rate-limited", status: 429 });
    expect([...writes.keys.keys()]).toEqual(["token:root"]);
  });

  it("counts writes without a valid token per client address", async () => {
    const writes = limiter(1);
    expect((await send(post(null, "198.51.100.1"), { WRITE_LIMITER: writes })).status).toBe(401);
    expect((await send(post("et_guess", "198.51.100.1"), { WRITE_LIMITER: writes })).status).toBe(429);
    expect((await send(post(null, "198.51.100.2"), { WRITE_LIMITER: writes })).status).toBe(401);
  });

  it("limits searches per address but not plain cached reads", async () => {
    const reads = limiter(1);
    const search = () => new Request("https://timeline.test/v1/timelines/limited/entries?q=x", { headers: { "CF-Connecting-IP": "192.0.2.9" } });
    expect((await send(search(), { READ_LIMITER: reads })).status).toBe(200);
    expect((await send(search(), { READ_LIMITER: reads })).status).toBe(429);
    const plain = new Request("https://timeline.test/v1/timelines/limited/entries", { headers: { "CF-Connecting-IP": "192.0.2.9" } });
    expect((await send(plain, { READ_LIMITER: reads })).status).toBe(200);
  });
});

describe("request limits", () => {
  it("refuses overlong URLs and piles of parameters", async () => {
    const long = await send(new Request(`https://timeline.test/v1/timelines?x=${"a".repeat(5000)}`), {});
    expect(long.status).toBe(414);
    const many = new URLSearchParams(Array.from({ length: 40 }, (_, i) => [`p${i}`, "1"]));
    expect((await send(new Request(`https://timeline.test/v1/timelines?${many}`), {})).status).toBe(400);
  });
});
