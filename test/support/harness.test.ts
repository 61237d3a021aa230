/** The `workers` test project itself: migrations applied, the Worker reachable. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("workers test harness", () => {
  it("applies the D1 migrations before the tests", async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('timelines', 'entries') ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(["entries", "timelines"]);
  });

  it("gives the tests the test admin token", () => {
    expect(env.ADMIN_TOKEN).toBe("test-admin-token");
  });

  it("reaches the Worker through exports.default.fetch", async () => {
    const response = await exports.default.fetch("https://example.com/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });
});
