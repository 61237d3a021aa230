import { describe, expect, it } from "vitest";
import type { CommitmentData } from "../../src/domain/commitments";
import {
  attemptOutcome,
  entryEventTypes,
  MAX_QUEUE_DELAY_SECONDS,
  RETRY_DELAYS,
  retryDelaySeconds,
  retrySchedule,
  webhookBody,
} from "../../src/domain/webhooks";

const commitment = (status: CommitmentData["status"]): CommitmentData => ({
  status,
  due: "2025",
  amount: null,
  delivered: null,
  made_by: [],
  beneficiary: null,
  history: [],
  reason: null,
  tranches: [],
});
const live = { deleted_at: null, commitment: null };
const deleted = { deleted_at: "2026-01-01T00:00:00.000Z", commitment: null };

describe("events a write fires", () => {
  it("announces a new entry, an update and a deletion", () => {
    expect(entryEventTypes(null, live)).toEqual(["entry.created"]);
    expect(entryEventTypes(live, live)).toEqual(["entry.updated"]);
    expect(entryEventTypes(live, deleted)).toEqual(["entry.deleted"]);
  });

  it("announces a restored entry as created, and nothing for a deleted one written again", () => {
    expect(entryEventTypes(deleted, live)).toEqual(["entry.created"]);
    expect(entryEventTypes(deleted, deleted)).toEqual([]);
  });

  it("adds commitment.status_changed only when the status changes", () => {
    const announced = { deleted_at: null, commitment: commitment("announced") };
    const fulfilled = { deleted_at: null, commitment: commitment("fulfilled") };
    expect(entryEventTypes(announced, fulfilled)).toEqual(["entry.updated", "commitment.status_changed"]);
    expect(entryEventTypes(announced, announced)).toEqual(["entry.updated"]);
    // An event that becomes a commitment gains a status.
    expect(entryEventTypes(live, announced)).toEqual(["entry.updated", "commitment.status_changed"]);
    // A new commitment is created, not changed.
    expect(entryEventTypes(null, announced)).toEqual(["entry.created"]);
  });

  it("fires nothing for drafts; publishing one is entry.created, unpublishing entry.deleted", () => {
    const draft = { ...live, draft: true };
    const published = { ...live, draft: false };
    expect(entryEventTypes(null, draft)).toEqual([]);
    expect(entryEventTypes(draft, draft)).toEqual([]);
    expect(entryEventTypes(draft, published)).toEqual(["entry.created"]);
    expect(entryEventTypes(published, draft)).toEqual(["entry.deleted"]);
  });

  it("writes the body as {type, timestamp, data}", () => {
    expect(JSON.parse(webhookBody("entry.created", "2026-01-01T00:00:00.000Z", { id: "x" }))).toEqual({
      type: "entry.created",
      timestamp: "2026-01-01T00:00:00.000Z",
      data: { id: "x" },
    });
  });
});

describe("retry schedule", () => {
  const total = RETRY_DELAYS.reduce((a, b) => a + b, 0);

  it("retries first within a minute and keeps trying for about three days, never longer", () => {
    expect(RETRY_DELAYS[0]).toBeLessThanOrEqual(60);
    expect(total).toBeLessThanOrEqual(72 * 3600);
    expect(total).toBeGreaterThanOrEqual(66 * 3600);
  });

  it("grows, and never asks Queues for more than its longest delay", () => {
    for (const [i, delay] of RETRY_DELAYS.entries()) {
      expect(delay).toBeLessThanOrEqual(MAX_QUEUE_DELAY_SECONDS);
      if (i > 0 && i < 8) expect(delay).toBeGreaterThan(RETRY_DELAYS[i - 1]!);
    }
  });

  it("jitters each delay down to no less than three quarters of it", () => {
    for (const [i, delay] of RETRY_DELAYS.entries()) {
      expect(retryDelaySeconds(i + 1, RETRY_DELAYS, 0)).toBe(Math.round(delay * 0.75));
      expect(retryDelaySeconds(i + 1, RETRY_DELAYS, 1)).toBe(delay);
      const mid = retryDelaySeconds(i + 1, RETRY_DELAYS, 0.5)!;
      expect(mid).toBeGreaterThanOrEqual(delay * 0.75 - 0.5);
      expect(mid).toBeLessThanOrEqual(delay);
    }
    // Two receivers failing together are retried apart.
    expect(retryDelaySeconds(5, RETRY_DELAYS, 0.1)).not.toBe(retryDelaySeconds(5, RETRY_DELAYS, 0.9));
  });

  it("stops once the schedule is spent", () => {
    expect(retryDelaySeconds(RETRY_DELAYS.length, RETRY_DELAYS, 0.5)).not.toBeNull();
    expect(retryDelaySeconds(RETRY_DELAYS.length + 1, RETRY_DELAYS, 0.5)).toBeNull();
    expect(retryDelaySeconds(4, [1, 1, 1], 0.5)).toBeNull();
  });

  it("can be shortened by a setting, and ignores a malformed one", () => {
    expect(retrySchedule("1, 2,3")).toEqual([1, 2, 3]);
    expect(retrySchedule(undefined)).toBe(RETRY_DELAYS);
    expect(retrySchedule("")).toBe(RETRY_DELAYS);
    expect(retrySchedule("1,soon")).toBe(RETRY_DELAYS);
    expect(retrySchedule("-1")).toBe(RETRY_DELAYS);
    expect(retrySchedule("99999")).toBe(RETRY_DELAYS);
  });
});

describe("what an answer means", () => {
  it("delivers on 2xx, disables on 410, retries everything else", () => {
    expect(attemptOutcome(200)).toBe("delivered");
    expect(attemptOutcome(204)).toBe("delivered");
    expect(attemptOutcome(410)).toBe("disable");
    for (const status of [301, 302, 400, 404, 429, 500, 503, null]) expect(attemptOutcome(status)).toBe("retry");
  });
});
