import { describe, expect, it } from "vitest";
import { nextPollDelay, POLL_MAX_MS, POLL_MIN_MS, pollWaits } from "../../src/domain/polling";
import { REVISION_CACHE_CONTROL } from "../../src/live/stream";

describe("polling backoff", () => {
  it("starts soon, grows while nothing changes, and stops growing at the cap", () => {
    expect(POLL_MIN_MS).toBeLessThanOrEqual(20_000);
    expect(nextPollDelay(POLL_MIN_MS)).toBeGreaterThan(POLL_MIN_MS);
    let delay = POLL_MIN_MS;
    for (let i = 0; i < 20; i++) delay = nextPollDelay(delay);
    expect(delay).toBe(POLL_MAX_MS);
  });

  it("keeps the promise that a visible widget shows a change within 60 s, even where a cache purge failed", () => {
    const ages = [...REVISION_CACHE_CONTROL.matchAll(/(?:max-age|s-maxage|stale-while-revalidate)=(\d+)/g)].map((m) => Number(m[1]) * 1000);
    expect(POLL_MAX_MS + ages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
  });

  it("sends 16 to 19 requests in 10 minutes without a change, whatever the jitter", () => {
    expect(pollWaits(600_000, () => 0)).toHaveLength(16);
    expect(pollWaits(600_000, () => 0.999)).toHaveLength(19);
    const waits = pollWaits(600_000, Math.random);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600_000);
    for (const w of waits) expect(w).toBeLessThanOrEqual(POLL_MAX_MS);
  });
});
