import { describe, expect, it } from "vitest";
import { call, createTimeline, json } from "../support/api";

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  const body = await json(res);
  expect(body).toMatchObject({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status, detail: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  return body;
}

describe("errors are problem+json, never a 500", () => {
  it("answers unknown paths and methods with problems", async () => {
    await expectProblem(await call("GET", "/nothing/here", { token: null }), 404);
    await expectProblem(await call("PUT", "/v1/timelines", { body: {} }), 404);
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    await createTimeline("big");
    const huge = JSON.stringify({ kind: "event", title: "x", start: "2024", body: "x".repeat(1024 * 1024) });
    const problem = await expectProblem(await call("POST", "/v1/timelines/big/entries", { body: huge }), 413);
    expect(problem.detail).toContain("1 MiB");
  });

  it("refuses bodies that are not JSON", async () => {
    await createTimeline("types");
    await expectProblem(
      await call("POST", "/v1/timelines/types/entries", { body: "title=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      415,
    );
    await expectProblem(await call("POST", "/v1/timelines/types/entries", { body: "{", headers: { "Content-Type": "application/json" } }), 400);
    await expectProblem(await call("POST", "/v1/timelines/types/entries", { body: "[]" }), 400);
    await expectProblem(await call("POST", "/v1/timelines/types/entries", { body: "null" }), 400);
    await expectProblem(await call("POST", "/v1/timelines/types/entries", { body: '"string"' }), 400);
  });

  it("survives hostile shapes in every field", async () => {
    await createTimeline("hostile");
    const bodies: (object | string)[] = [
      { kind: "event", title: ["x"], start: 2024 },
      { kind: "event", title: "x", start: "2024", tags: "a,b" },
      { kind: "event", title: "x", start: "2024", tags: [{}] },
      { kind: "event", title: "x", start: "2024", sources: [null] },
      { kind: "commitment", title: "x", start: "2024", commitment: { amount: { value: "1e9", currency: "USD" } } },
      // Raw JSON text: JSON.stringify would turn 1e400 into null and drop __proto__ before sending.
      '{"kind":"commitment","title":"x","start":"2024","commitment":{"amount":{"value":1e400,"currency":"USD"}}}',
      { kind: "event", title: "x\u0000y", start: "2024" },
      { kind: "event", title: "x\u202Ey", start: "2024" },
      { kind: "event", title: "x", start: "9".repeat(500) },
      '{"kind":"event","title":"x","start":"2024","__proto__":{"admin":true},"constructor":{"prototype":{}}}',
      '{"kind":"event","title":"x","start":"2024","__proto__":{"kind":"commitment"}}',
    ];
    for (const body of bodies) {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const res = await call("POST", "/v1/timelines/hostile/entries", { body: text });
      expect(res.status, text).toBe(400);
    }
    expect((await json(await call("GET", "/v1/timelines/hostile/entries"))).items).toEqual([]);
  });

  it("answers SQL-looking input literally", async () => {
    await createTimeline("sql");
    const title = "'); DROP TABLE entries; --";
    const res = await call("POST", "/v1/timelines/sql/entries", { body: { kind: "event", title, start: "2024", tags: ["' OR 1=1 --"] } });
    expect(res.status).toBe(201);
    const list = await json(await call("GET", `/v1/timelines/sql/entries?tag=${encodeURIComponent("' OR 1=1 --")}&q=${encodeURIComponent("DROP TABLE")}`));
    expect(list.items.map((e: any) => e.title)).toEqual([title]);
  });
});
